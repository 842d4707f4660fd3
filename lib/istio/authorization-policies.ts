import type { AuthorizationPolicySpecRules, AuthorizationPolicySpecRulesToOperation } from '../../imports/security.istio.io';
import type { K8sObject } from '../k8s-object';
import type { ResolvedMesh, ResolvedNamespace, ResolvedWorkload } from '../model/resolved';
import { AUTHORIZATION_POLICY } from '../mesh/kinds';
import { matchLabels, meta, workloadAnnotations } from '../mesh/metadata';
import { plainManifest, type ManifestJson } from '../mesh/plain-manifest';
import { authorizationSources } from './authorization-source';

/** The `operation` of a rule, filled field by field. */
type Operation = { -readonly [K in keyof ManifestJson<AuthorizationPolicySpecRulesToOperation>]: ManifestJson<AuthorizationPolicySpecRulesToOperation>[K] };

/** Names of the namespace-wide policies, one per isolation mode. */
export const DENY_BY_DEFAULT_POLICY = 'default-deny';
export const SAME_NAMESPACE_POLICY = 'allow-same-namespace';

/**
 * The namespace's deny-by-default: with `workload` isolation the allow-nothing policy (`spec: {}`,
 * an ALLOW policy without rules, so only per-workload ALLOW rules admit anything); with `namespace`
 * isolation an ALLOW policy admitting the namespace's own workloads (also deny-by-default for the
 * rest). Nothing for `none`. `meshed`: whether any pod of the namespace runs a sidecar — also a
 * workload with `sidecar: true` in a namespace without injection, which must not be left open at L7.
 */
export function namespaceAuthorizationPolicy(ns: ResolvedNamespace, meshed = ns.sidecar): K8sObject | undefined {
  if (!meshed) return undefined;
  if (ns.isolation === 'workload') {
    return plainManifest(AUTHORIZATION_POLICY, { metadata: meta(DENY_BY_DEFAULT_POLICY, ns.name), spec: {} });
  }
  if (ns.isolation === 'namespace') {
    return plainManifest(AUTHORIZATION_POLICY, {
      metadata: meta(SAME_NAMESPACE_POLICY, ns.name),
      spec: { action: 'ALLOW', rules: [{ from: [{ source: { namespaces: [ns.name] } }] }] },
    });
  }
  return undefined;
}

/**
 * `<workload>`: one ALLOW rule per ingress rule of the definition, with the callers' identities and
 * the rule's ports, paths and methods (container ports, as Istio matches them).
 */
export function workloadAuthorizationPolicy(mesh: ResolvedMesh, ns: ResolvedNamespace, workload: ResolvedWorkload): K8sObject | undefined {
  if (!workload.sidecar || workload.ingress.length === 0) return undefined;
  const mtlsAvailable = ns.mtls !== 'DISABLE';
  const rules: ManifestJson<AuthorizationPolicySpecRules>[] = [];
  for (const rule of workload.ingress) {
    const from = authorizationSources(rule.from, mesh.trustDomain, mtlsAvailable);
    if (rule.ports.length === 0 && rule.paths.length === 0 && rule.methods.length === 0) {
      rules.push({ from });
      continue;
    }
    // Only the fields the rule restricts: an empty list would match nothing.
    const operation: Operation = {};
    if (rule.ports.length > 0) operation.ports = rule.ports.map(String);
    if (rule.paths.length > 0) operation.paths = [...rule.paths];
    if (rule.methods.length > 0) operation.methods = [...rule.methods];
    rules.push({ from, to: [{ operation }] });
  }
  return plainManifest(AUTHORIZATION_POLICY, {
    metadata: meta(workload.name, workload.namespace, undefined, workloadAnnotations(workload)),
    spec: { selector: matchLabels(workload.selector), action: 'ALLOW', rules },
  });
}
