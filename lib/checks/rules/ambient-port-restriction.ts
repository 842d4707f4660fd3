import type { K8sObject } from '../../k8s-object';
import { refOf } from '../finding';
import { asArray, asRecord, selectorsOverlap, stringMap, type ObjectIndex } from '../object-index';
import type { Rule, Violation } from '../rule';
import { DATAPLANE_MODE_AMBIENT, DATAPLANE_MODE_LABEL, HBONE_PORT } from '../wellknown';

/** Whether one NetworkPolicy port entry admits TCP `port` (numeric port or range; a named port can't be HBONE's). */
function portAllows(entry: Record<string, any>, port: number): boolean {
  if ((entry.protocol ?? 'TCP') !== 'TCP') return false;
  if (entry.port === undefined) return true;
  const start = typeof entry.port === 'number' ? entry.port : /^\d+$/.test(String(entry.port)) ? Number(entry.port) : undefined;
  if (start === undefined) return false;
  const end = typeof entry.endPort === 'number' ? entry.endPort : start;
  return port >= start && port <= end;
}

/** Ingress rules of a policy that applies to ingress ([] for egress-only policies). */
function ingressRules(np: K8sObject): Record<string, any>[] | undefined {
  const spec = asRecord(np.spec);
  const types = asArray(spec.policyTypes);
  const ingress = types.length === 0 || types.includes('Ingress');
  return ingress ? asArray(spec.ingress).map(asRecord) : undefined;
}

function podSelectorOf(np: K8sObject): Record<string, string> {
  return stringMap(asRecord(asRecord(np.spec).podSelector).matchLabels);
}

function ambientNamespace(index: ObjectIndex, name: string): boolean {
  return index.namespaceObject(name)?.metadata.labels?.[DATAPLANE_MODE_LABEL] === DATAPLANE_MODE_AMBIENT;
}

export const ambientPortRestriction: Rule = {
  id: 'SM-NP-011',
  severity: 'warning',
  title: 'NetworkPolicy restricts ingress ports on ambient pods without allowing HBONE (15008)',
  explanation:
    'In ambient mode every meshed connection reaches the destination pod tunnelled over HBONE on port 15008; the application ' +
    'port is inside the tunnel. A NetworkPolicy that admits only application ports therefore blocks all meshed traffic, or, ' +
    'once 15008 is opened, no longer restricts by port at all (istio/istio#56659). Fix: allow TCP 15008 from the same peers ' +
    'and enforce ports with an AuthorizationPolicy (`to.operation.ports`), which sees the inner port.',
  sources: ['istio/istio#56659', 'istio/ztunnel#1229', 'istio/istio#51034', 'istio/istio.io#15281'],
  *check({ index }): Iterable<Violation> {
    const ambient = new Map<string, boolean>(); // per namespace, not per policy
    for (const np of index.ofKind('NetworkPolicy')) {
      if (np.apiVersion !== 'networking.k8s.io/v1') continue;
      const namespace = np.metadata.namespace ?? 'default';
      let isAmbient = ambient.get(namespace);
      if (isAmbient === undefined) ambient.set(namespace, (isAmbient = ambientNamespace(index, namespace)));
      if (!isAmbient) continue;
      const rules = ingressRules(np);
      if (!rules || !rules.some((r) => asArray(r.ports).length > 0)) continue;
      const selector = podSelectorOf(np);
      // Policies are additive: any policy over the same pods that admits 15008 keeps HBONE open.
      const hboneOpen = index.inNamespace('NetworkPolicy', namespace).some((other) => selectorsOverlap(podSelectorOf(other), selector)
        && (ingressRules(other) ?? []).some((r) => asArray(r.ports).length === 0 || asArray(r.ports).some((p) => portAllows(asRecord(p), HBONE_PORT))));
      if (hboneOpen) continue;
      const ports = rules.flatMap((r) => asArray(r.ports).map((p) => `${String(asRecord(p).port ?? 'all')}/${String(asRecord(p).protocol ?? 'TCP')}`));
      yield {
        object: np,
        message: `admits only port${ports.length === 1 ? '' : 's'} ${ports.join(', ')} on pods of ambient namespace "${namespace}" (${refOf(index.namespaceObject(namespace)!)}): meshed traffic arrives on ${HBONE_PORT} (HBONE) and is blocked. Allow TCP ${HBONE_PORT} and restrict ports with an AuthorizationPolicy.`,
        related: [index.namespaceObject(namespace)!],
      };
    }
  },
};
