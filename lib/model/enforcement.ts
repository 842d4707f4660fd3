import type { SecureMeshProps } from './definition';
import type { Problem } from './errors';
import type { ResolvedIstio, ResolvedNamespace } from './resolved';

/**
 * The warnings that say which layers are in audit (`enforcement: audit`), so `synth` and the construct tell the
 * reviewer what the output does not enforce: one at the mesh level (also naming the root namespace's
 * PeerAuthentication), one per namespace that sets audit itself.
 */
export function enforcementWarnings(props: SecureMeshProps, namespaces: readonly ResolvedNamespace[], istio: ResolvedIstio | undefined): Problem[] {
  const layers = (ns?: ResolvedNamespace) => [
    ...(istio && (!ns || ns.sidecar) ? ['AuthorizationPolicies are dry-run (istio.io/dry-run: logged, not enforced)'] : []),
    ...(istio && (!ns || ns.mtls === 'STRICT') ? ['mTLS is PERMISSIVE instead of STRICT'] : []),
    ...(props.networkPolicies !== false ? ['no NetworkPolicies'] : []),
    ...(istio?.sidecarScoping && (!ns || ns.isolation !== 'none') ? ['no Sidecar egress scope'] : []),
  ].join('; ');
  const warnings: Problem[] = [];
  const audited = namespaces.filter((n) => n.managed && n.enforcement === 'audit');
  if (props.enforcement === 'audit') {
    const meshWide = istio && istio.mtls === 'STRICT' ? `; the mesh-wide PeerAuthentication in "${istio.rootNamespace}" is PERMISSIVE` : '';
    const where = audited.length === 0 ? 'no managed namespace' : `namespace${audited.length === 1 ? '' : 's'} ${audited.map((n) => `"${n.name}"`).join(', ')}`;
    warnings.push({
      path: 'enforcement',
      message: `audit mode, nothing emitted refuses a connection in ${where} (${layers()})${meshWide}; \`secure-mesh rollout plan\` writes the steps to enforce`,
    });
  }
  (props.namespaces ?? []).forEach((declared, i) => {
    if (declared.enforcement !== 'audit' || props.enforcement === 'audit') return;
    const ns = namespaces.find((n) => n.name === declared.name);
    if (!ns?.managed) return;
    warnings.push({ path: `namespaces[${i}].enforcement`, message: `namespace "${ns.name}" is in audit: ${layers(ns) || 'nothing to relax'}; callers in enforced namespaces may reach it` });
  });
  return warnings;
}
