import { AuthorizationPolicy, AuthorizationPolicySpecAction, type AuthorizationPolicySpecRules } from '../../imports/security.istio.io';
import type { K8sObject } from '../k8s-object';
import type { ResolvedMesh, ResolvedNamespace, ResolvedWorkload } from '../model/resolved';
import { manifest, matchLabels, meta, workloadAnnotations } from '../mesh/metadata';
import { authorizationSources } from './authorization-source';

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
    return manifest(AuthorizationPolicy, { metadata: meta(DENY_BY_DEFAULT_POLICY, ns.name), spec: {} });
  }
  if (ns.isolation === 'namespace') {
    return manifest(AuthorizationPolicy, {
      metadata: meta(SAME_NAMESPACE_POLICY, ns.name),
      spec: { action: AuthorizationPolicySpecAction.ALLOW, rules: [{ from: [{ source: { namespaces: [ns.name] } }] }] },
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
  const rules: AuthorizationPolicySpecRules[] = workload.ingress.map((rule) => {
    const operation = {
      ...(rule.ports.length > 0 ? { ports: rule.ports.map(String) } : {}),
      ...(rule.paths.length > 0 ? { paths: [...rule.paths] } : {}),
      ...(rule.methods.length > 0 ? { methods: [...rule.methods] } : {}),
    };
    return {
      from: authorizationSources(rule.from, mesh.trustDomain, mtlsAvailable),
      ...(Object.keys(operation).length > 0 ? { to: [{ operation }] } : {}),
    };
  });
  return manifest(AuthorizationPolicy, {
    metadata: meta(workload.name, workload.namespace, {}, workloadAnnotations(workload)),
    spec: { selector: matchLabels(workload.selector), action: AuthorizationPolicySpecAction.ALLOW, rules },
  });
}
