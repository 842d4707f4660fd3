import type { AuthorizationPolicySpecRules, AuthorizationPolicySpecRulesToOperation } from '../../imports/security.istio.io';
import type { K8sObject } from '../k8s-object';
import type { ResolvedIngressRule, ResolvedMesh, ResolvedNamespace, ResolvedPeer, ResolvedWorkload } from '../model/resolved';
import { AUTHORIZATION_POLICY } from '../mesh/kinds';
import { matchLabels, meta, workloadAnnotations } from '../mesh/metadata';
import { plainManifest, type ManifestJson } from '../mesh/plain-manifest';
import { authorizationSources } from './authorization-source';
import { sameItems } from '../same-items';
import { DENY_BY_DEFAULT_POLICY, SAME_NAMESPACE_POLICY } from '../model/object-names';
import { dryRunAnnotations } from './enforcement';

/** The `operation` of a rule, filled field by field. */
type Operation = { -readonly [K in keyof ManifestJson<AuthorizationPolicySpecRulesToOperation>]: ManifestJson<AuthorizationPolicySpecRulesToOperation>[K] };

/** Names of the namespace-wide policies, one per isolation mode (reserved: lib/model/object-names.ts). */
export { DENY_BY_DEFAULT_POLICY, SAME_NAMESPACE_POLICY };

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
    // A dry run in audit: the allow-nothing policy is then only evaluated and logged (an ALLOW policy, which Istio's dry run covers).
    return plainManifest(AUTHORIZATION_POLICY, { metadata: meta(DENY_BY_DEFAULT_POLICY, ns.name, undefined, dryRunAnnotations(ns.enforcement)), spec: {} });
  }
  if (ns.isolation === 'namespace') {
    return plainManifest(AUTHORIZATION_POLICY, {
      metadata: meta(SAME_NAMESPACE_POLICY, ns.name, undefined, dryRunAnnotations(ns.enforcement)),
      spec: { action: 'ALLOW', rules: [{ from: [{ source: { namespaces: [ns.name] } }] }] },
    });
  }
  return undefined;
}

/**
 * `<workload>`: an ALLOW policy with one rule per distinct operation of the workload's ingress rules (their
 * ports, paths and methods, container ports as Istio matches them); the callers of every ingress rule with that
 * operation share the rule's `from`. Equivalent to a rule per ingress rule (a rule matches when a `from` entry
 * and a `to` entry match, so (A ∧ T) ∨ (B ∧ T) = (A ∨ B) ∧ T, and principals or namespaces listed in one entry
 * are ORed), but the rule count stays the number of distinct operations: a service called by 5,000 workloads on
 * one port is one rule with 5,000 principals, not 5,000 rules (Istio's CRD allows at most 512 rules and 512
 * `from` entries per policy, and every rule is pushed to the workload's proxy). Rules are in the order their
 * operation first appears in the definition; callers in the order they are declared.
 */
export function workloadAuthorizationPolicy(mesh: ResolvedMesh, ns: ResolvedNamespace, workload: ResolvedWorkload): K8sObject | undefined {
  if (!workload.sidecar || workload.ingress.length === 0) return undefined;
  const mtlsAvailable = ns.mtls !== 'DISABLE';
  const rules: ManifestJson<AuthorizationPolicySpecRules>[] = [];
  for (const { rule, callers } of callersByOperation(workload.ingress)) {
    const from = authorizationSources(callers, mesh.trustDomain, mtlsAvailable);
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
    metadata: meta(workload.name, workload.namespace, undefined, dryRunAnnotations(ns.enforcement, workloadAnnotations(workload))),
    spec: { selector: matchLabels(workload.selector), action: 'ALLOW', rules },
  });
}

/**
 * The ingress rules grouped by operation (same ports, paths and methods), in first-appearance order, with all their
 * callers. A workload has a few rules: groups are found by a scan, without building keys.
 */
function callersByOperation(ingress: readonly ResolvedIngressRule[]): ReadonlyArray<{ rule: ResolvedIngressRule; callers: readonly ResolvedPeer[] }> {
  if (ingress.length === 1) return [{ rule: ingress[0], callers: ingress[0].from }];
  const groups: Array<{ rule: ResolvedIngressRule; callers: ResolvedPeer[] }> = [];
  for (const rule of ingress) {
    const group = groups.find((g) => sameItems(g.rule.ports, rule.ports) && sameItems(g.rule.paths, rule.paths) && sameItems(g.rule.methods, rule.methods));
    if (group) group.callers.push(...rule.from);
    else groups.push({ rule, callers: [...rule.from] });
  }
  return groups;
}
