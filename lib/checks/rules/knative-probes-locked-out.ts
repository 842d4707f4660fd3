import { refOf } from '../finding';
import type { K8sObject } from '../../k8s-object';
import { apiGroup } from '../../k8s-object';
import { asArray, asRecord, labelsMatch, matchLabelsOf, type ObjectIndex } from '../object-index';
import type { Rule, Violation } from '../rule';
import {
  KNATIVE_LABEL_PREFIX, KNATIVE_NAMESPACE, KNATIVE_PROBE_PATHS, KSERVE_DEPLOYMENT_MODE_ANNOTATION, KSERVE_GROUP,
  KSERVE_ISVC_LABEL, KSERVE_NON_KNATIVE_MODES,
} from '../wellknown';
import { isDryRunPolicy } from '../../istio/enforcement';

/** Knative revision pods we can see: labels that select them, per namespace. */
function knativeTargets(index: ObjectIndex): { namespace: string; labels: Record<string, string>; source: K8sObject }[] {
  const out: { namespace: string; labels: Record<string, string>; source: K8sObject }[] = [];
  for (const pod of index.podTemplates()) {
    if (Object.keys(pod.labels).some((k) => k.startsWith(KNATIVE_LABEL_PREFIX))) out.push({ namespace: pod.namespace, labels: { ...pod.labels }, source: pod.owner });
  }
  for (const isvc of index.ofKind('InferenceService')) {
    if (apiGroup(isvc.apiVersion) !== KSERVE_GROUP) continue;
    const mode = isvc.metadata.annotations?.[KSERVE_DEPLOYMENT_MODE_ANNOTATION];
    if (mode && KSERVE_NON_KNATIVE_MODES.includes(mode)) continue;
    out.push({ namespace: isvc.metadata.namespace ?? 'default', labels: { [KSERVE_ISVC_LABEL]: isvc.metadata.name }, source: isvc });
  }
  for (const ap of index.ofKind('AuthorizationPolicy')) {
    // Most policies select no Knative label: look at the keys before copying the selector.
    const matchLabels = asRecord(asRecord(asRecord(ap.spec).selector).matchLabels);
    if (!Object.keys(matchLabels).some((k) => k.startsWith(KNATIVE_LABEL_PREFIX) && typeof matchLabels[k] === 'string')) continue;
    out.push({ namespace: ap.metadata.namespace ?? 'default', labels: matchLabelsOf(asRecord(ap.spec).selector)!, source: ap });
  }
  return out;
}

/** Whether one source admits callers from the knative-serving namespace. */
function admitsKnative(source: Record<string, any>): boolean {
  const ns = asArray(source.namespaces).map(String);
  const principals = asArray(source.principals).map(String);
  const hasOther = Object.keys(source).some((k) => !['namespaces', 'principals'].includes(k));
  if (hasOther) return false;
  return ns.some((n) => n === '*' || n === KNATIVE_NAMESPACE || (n.endsWith('*') && KNATIVE_NAMESPACE.startsWith(n.slice(0, -1))))
    || principals.some((p) => p === '*' || p.includes(`/ns/${KNATIVE_NAMESPACE}/`));
}

function pathCovers(pattern: string, path: string): boolean {
  if (pattern === '*' || pattern === path) return true;
  if (pattern.endsWith('*')) return path.startsWith(pattern.slice(0, -1));
  if (pattern.startsWith('*')) return path.endsWith(pattern.slice(1));
  return false;
}

/** Whether an ALLOW rule admits knative-serving on every probe path. */
function ruleAdmitsProbes(rule: Record<string, any>): boolean {
  const from = asArray(rule.from);
  if (from.length > 0 && !from.some((f) => admitsKnative(asRecord(asRecord(f).source)))) return false;
  if (asArray(rule.when).length > 0) return false;
  const ops = asArray(rule.to).map((t) => asRecord(asRecord(t).operation));
  if (ops.length === 0) return true;
  return KNATIVE_PROBE_PATHS.every((p) => ops.some((op) => {
    const paths = asArray(op.paths).map(String);
    const notPaths = asArray(op.notPaths).map(String);
    return (paths.length === 0 || paths.some((x) => pathCovers(x, p))) && !notPaths.some((x) => pathCovers(x, p)) && asArray(op.methods).length === 0;
  }));
}

export const knativeProbesLockedOut: Rule = {
  id: 'SM-KN-002',
  severity: 'error',
  title: 'ALLOW AuthorizationPolicies select Knative revision pods but none admits knative-serving on the probe paths',
  explanation:
    'Once any ALLOW policy applies to a pod, everything not allowed is denied. The Knative activator and net-istio probe ' +
    'revisions from the `knative-serving` namespace on `/healthz`, `/ready` and `/wait-for-drain`; denied probes leave ' +
    'revisions "Waiting for load balancer to be ready" and requests hang ("RBAC: access denied"). Fix: add an ALLOW rule ' +
    '`from.source.namespaces: [knative-serving]` with `to.operation.paths` covering those paths (and `/metrics`).',
  sources: ['kserve/kserve#1558', 'knative-extensions/net-istio#700', 'KServe docs admin/serverless/servicemesh'],
  *check({ index, rootNamespace }): Iterable<Violation> {
    const seen = new Set<string>();
    for (const target of knativeTargets(index)) {
      const applying = [...index.inNamespace('AuthorizationPolicy', target.namespace), ...(target.namespace === rootNamespace ? [] : index.inNamespace('AuthorizationPolicy', rootNamespace))]
        .filter((ap) => (asRecord(ap.spec).action ?? 'ALLOW') === 'ALLOW' && !isDryRunPolicy(ap) && !asRecord(ap.spec).targetRef && !asRecord(ap.spec).targetRefs)
        .filter((ap) => labelsMatch(matchLabelsOf(asRecord(ap.spec).selector), target.labels));
      if (applying.length === 0) continue;
      if (applying.some((ap) => asArray(asRecord(ap.spec).rules).some((r) => ruleAdmitsProbes(asRecord(r))))) continue;
      const key = applying.map(refOf).sort().join(',');
      if (seen.has(key)) continue;
      seen.add(key);
      yield {
        object: applying[0],
        message: `${applying.length === 1 ? 'applies' : `and ${applying.slice(1).map(refOf).join(', ')} apply`} to Knative pods of ${refOf(target.source)}, but no rule admits namespace ${KNATIVE_NAMESPACE} on ${KNATIVE_PROBE_PATHS.join(', ')}: revisions will never become Ready.`,
        related: [...applying.slice(1), target.source],
      };
    }
  },
};
