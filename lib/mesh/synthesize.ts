import { buildIntentGraph, type IntentGraph } from '../intent/graph';
import { namespaceAuthorizationPolicy, workloadAuthorizationPolicy } from '../istio/authorization-policies';
import { namespaceDestinationRule, workloadDestinationRule } from '../istio/destination-rules';
import { meshPeerAuthentication, namespacePeerAuthentication, workloadPeerAuthentication } from '../istio/peer-authentications';
import { namespaceSidecar } from '../istio/sidecars';
import type { K8sObject } from '../k8s-object';
import { SecureMeshError, type Problem } from '../model/errors';
import type { SecureMeshProps } from '../model/definition';
import type { ResolvedMesh, ResolvedWorkload } from '../model/resolved';
import { resolveMesh, resolveStructurallyValid } from '../model/resolve';
import { systemNamespaceWarnings } from '../model/system-namespaces';
import { certificateAlerts } from '../monitoring/certificate-alerts';
import { namespaceBaselinePolicy } from '../network/namespace-baseline';
import { workloadNetworkPolicy } from '../network/workload-network-policy';
import { issuerChain } from '../pki/issuer-chain';
import { trustBundle } from '../pki/trust-bundle';
import { workloadCertificate } from '../pki/workload-certificate';
import { canonicalMesh, canonicalOrder } from './canonical-order';
import { withSourceAnnotations } from './source-annotation';
import { duplicateIdentityProblems, type ObjectOrigin } from './identities';
import { namespaceObject } from './namespaces';
import { expandIntegrations, integrationObjects, integrationRelays, type ResolvedIntegrations } from '../integrations/integrations';
import { sameItems } from '../same-items';
import { snapshotDefinition } from '../model/snapshot';

/** What a definition synthesizes to, before any construct or file is involved. */
export interface MeshManifests {
  readonly mesh: ResolvedMesh;
  readonly graph: IntentGraph;
  /**
   * Every object, in the canonical order (lib/mesh/canonical-order.ts): PKI in chain order, the mesh-wide policy,
   * cluster-scoped objects, then per namespace by name (its Namespace first), by kind and name: independent of the
   * order of the definition's lists.
   */
  readonly objects: readonly K8sObject[];
  readonly warnings: readonly Problem[];
  /** The integration sections (kserve, modelmesh, mayastor, appTls) with their defaults applied. */
  readonly integrations: ResolvedIntegrations;
}

/**
 * The whole pipeline as plain functions: resolve the definition, build the intent graph, emit every
 * object. The `SecureMesh` construct and the CLI both call this, so they emit the same objects.
 */
export function synthesizeMesh(input: unknown): MeshManifests {
  // The library's own copy, read once: what is validated is what is emitted, the caller's objects stay theirs.
  const props = snapshotDefinition(input);
  // Integrations first become ordinary namespaces and workloads, so they share the graph and the policies.
  const expanded = expandIntegrations(props);
  const resolved = declaresTheSame(props as SecureMeshProps, expanded.props) ? resolveStructurallyValid(expanded.props) : resolveMesh(expanded.props);
  // Namespaces and workloads in a canonical order, so every object reads the same whatever the definition's order.
  const mesh = canonicalMesh(resolved);
  const graph = buildIntentGraph(mesh, integrationRelays(expanded.integrations));
  const emittedOrigins: ObjectOrigin[] = [];
  const emitted = emitObjects(mesh, graph, emittedOrigins);
  for (const o of integrationObjects(mesh, expanded.integrations, emittedOrigins)) emitted.push(o);
  // No two objects may share an identity: kubectl apply would keep only the last (lib/mesh/identities.ts). Checked in
  // emission order, so the first of two colliding objects is the one the definition declares first.
  const duplicates = duplicateIdentityProblems(emitted, emittedOrigins, props as SecureMeshProps, mesh.pki.namespace);
  if (duplicates.length > 0) throw new SecureMeshError(duplicates);
  // Each object names the definition field it comes from (secure-mesh.io/source), then all take the canonical order.
  const annotated = withSourceAnnotations(emitted, emittedOrigins, props as SecureMeshProps, expanded.workloadPaths);
  const { objects } = canonicalOrder(annotated, emittedOrigins);
  // System namespaces the user (not an integration) declared managed: checked on the definition as written.
  const system = systemNamespaceWarnings(props as SecureMeshProps, mesh);
  return { mesh, graph, objects, warnings: [...mesh.warnings, ...expanded.warnings, ...system], integrations: expanded.integrations };
}

/**
 * Whether the expansion declares exactly the namespaces and workloads of the definition (the same objects: no
 * integration added or rewrote one). Its other fields are the definition's too, less the integration sections, so
 * its structure is the definition's, which `expandIntegrations` has just checked.
 */
function declaresTheSame(definition: SecureMeshProps, expanded: SecureMeshProps): boolean {
  return sameItems(definition.namespaces ?? [], expanded.namespaces ?? []) && sameItems(definition.workloads ?? [], expanded.workloads ?? []);
}

/**
 * Every object of the mesh, in order. `origins`, when given, receives for each object what in the definition it was
 * emitted for (the same index), which the identity check names when two objects collide.
 */
export function emitObjects(mesh: ResolvedMesh, graph: IntentGraph, origins?: ObjectOrigin[]): K8sObject[] {
  const objects: K8sObject[] = [];
  // Emitters return undefined where their object does not apply.
  const add = (o: K8sObject | undefined, origin: ObjectOrigin): void => {
    if (o === undefined) return;
    objects.push(o);
    origins?.push(origin);
  };
  for (const o of issuerChain(mesh.pki)) add(o, 'pki');
  add(trustBundle(mesh.pki), 'pki.trustBundle');
  if (mesh.istio) add(meshPeerAuthentication(mesh.istio), 'istio');
  const workloadsByNamespace = new Map<string, ResolvedWorkload[]>();
  for (const w of mesh.workloads) {
    const list = workloadsByNamespace.get(w.namespace);
    if (list) list.push(w);
    else workloadsByNamespace.set(w.namespace, [w]);
  }
  for (const ns of mesh.namespaces) {
    if (!ns.managed) continue;
    const workloads = workloadsByNamespace.get(ns.name) ?? [];
    // Sidecars run here when the namespace is injected or any of its workloads opts in.
    const meshed = ns.sidecar || workloads.some((w) => w.sidecar);
    add(namespaceObject(mesh, ns), ns);
    if (mesh.istio) {
      add(namespacePeerAuthentication(ns), ns);
      add(namespaceDestinationRule(mesh, ns), ns);
      add(namespaceAuthorizationPolicy(ns, meshed), ns);
      add(namespaceSidecar(mesh, graph, ns, workloads, meshed), ns);
    }
    add(namespaceBaselinePolicy(mesh, graph, ns, meshed), ns);
  }
  for (const workload of mesh.workloads) {
    const ns = graph.namespace(workload.namespace);
    add(workloadCertificate(mesh, workload), workload);
    if (mesh.istio && ns) {
      add(workloadPeerAuthentication(mesh, graph, workload), workload);
      add(workloadAuthorizationPolicy(mesh, ns, workload), workload);
      add(workloadDestinationRule(mesh, ns, workload), workload);
    }
    add(workloadNetworkPolicy(mesh, graph, workload), workload);
  }
  add(certificateAlerts(mesh), 'monitoring');
  return objects;
}
