/**
 * NetworkPolicy (networking.k8s.io/v1) semantics, following the Kubernetes API reference and
 * https://kubernetes.io/docs/concepts/services-networking/network-policies/.
 */
import type { K8sObject } from '../../lib/k8s-object';
import type { Cluster, LayerResult, Pod, Request } from './types';
import { asArray, asRecord, asStringArray, namespaceOf, objectsOf, ref, specOf } from './objects';
import { labelSelectorMatches, namespaceLabels } from './label-selector';
import { ipInCidr } from './ip';

type Direction = 'Ingress' | 'Egress';

/**
 * policyTypes after API defaulting (pkg/apis/networking/v1/defaults.go SetDefaults_NetworkPolicySpec):
 * if `policyTypes` is absent or empty → ["Ingress"], plus "Egress" iff `len(spec.egress) != 0`.
 * So `egress: []` without policyTypes does NOT make the policy an egress policy.
 */
export function policyTypes(np: K8sObject): Direction[] {
  const spec = specOf(np);
  const explicit = asStringArray(spec.policyTypes);
  if (explicit && explicit.length > 0) return explicit.filter((t): t is Direction => t === 'Ingress' || t === 'Egress');
  const egress = asArray(spec.egress);
  return egress && egress.length > 0 ? ['Ingress', 'Egress'] : ['Ingress'];
}

/** `spec.podSelector` selects `pod` (same namespace only; `{}` selects all pods of the namespace). */
export function selectsPod(np: K8sObject, pod: Pod): boolean {
  return namespaceOf(np) === pod.namespace && labelSelectorMatches(specOf(np).podSelector, pod.labels);
}

/** Policies that isolate `pod` in `direction` ("a pod is isolated for ingress if any policy selects it and has Ingress in policyTypes"). */
export function isolatingPolicies(cluster: Cluster, pod: Pod, direction: Direction): K8sObject[] {
  return objectsOf(cluster.objects, 'networking.k8s.io', 'NetworkPolicy').filter(
    (np) => selectsPod(np, pod) && policyTypes(np).includes(direction),
  );
}

/**
 * One NetworkPolicyPeer against the remote pod:
 * - podSelector only → pods in the policy's namespace;
 * - namespaceSelector only → all pods in matching namespaces;
 * - both in ONE peer → pods matching podSelector in namespaces matching namespaceSelector (AND);
 * - ipBlock → the pod IP is in `cidr` and in none of `except` (a pod without an IP never matches).
 *   Note: the docs say ipBlock is meant for cluster-external IPs and pod-IP behaviour is
 *   implementation-defined; we match the pod IP as given.
 * - a peer with none of the three fields is invalid (API validation rejects it) → matches nothing.
 */
export function peerMatches(cluster: Cluster, policyNamespace: string, peer: unknown, remote: Pod): boolean {
  const p = asRecord(peer) ?? {};
  const ipBlock = asRecord(p.ipBlock);
  if (ipBlock) {
    if (remote.ip === undefined) return false;
    if (!ipInCidr(remote.ip, String(ipBlock.cidr))) return false;
    return !(asStringArray(ipBlock.except) ?? []).some((c) => ipInCidr(remote.ip as string, c));
  }
  const hasPod = p.podSelector !== undefined && p.podSelector !== null;
  const hasNs = p.namespaceSelector !== undefined && p.namespaceSelector !== null;
  if (!hasPod && !hasNs) return false;
  if (hasNs) {
    if (!labelSelectorMatches(p.namespaceSelector, namespaceLabels(cluster, remote.namespace))) return false;
  } else if (remote.namespace !== policyNamespace) {
    return false;
  }
  return hasPod ? labelSelectorMatches(p.podSelector, remote.labels) : true;
}

/**
 * One NetworkPolicyPort against the destination container port:
 * - protocol defaults to TCP;
 * - `port` absent → all ports of that protocol;
 * - numeric `port` with `endPort` → the range [port, endPort]; without → equality;
 * - named `port` (string) → resolved through the DESTINATION pod's `ports` map (named container ports);
 *   if the destination does not declare that name the port does not match.
 */
export function portMatches(port: unknown, req: Request): boolean {
  const p = asRecord(port) ?? {};
  const protocol = req.protocol ?? 'TCP';
  if (String(p.protocol ?? 'TCP') !== protocol) return false;
  if (p.port === undefined || p.port === null) return true;
  let start: number | undefined;
  if (typeof p.port === 'number') start = p.port;
  else if (typeof p.port === 'string' && /^\d+$/.test(p.port)) start = Number(p.port);
  else if (typeof p.port === 'string') return req.to.ports?.[p.port] === req.port;
  if (start === undefined) return false;
  const end = typeof p.endPort === 'number' ? p.endPort : start;
  return req.port >= start && req.port <= end;
}

/**
 * One ingress/egress rule: `from`/`to` absent or empty → all peers; `ports` absent or empty → all ports;
 * otherwise at least one peer AND at least one port must match.
 */
function ruleMatches(cluster: Cluster, np: K8sObject, rule: unknown, peersKey: 'from' | 'to', remote: Pod, req: Request): boolean {
  const r = asRecord(rule) ?? {};
  const peers = asArray(r[peersKey]) ?? [];
  const ports = asArray(r.ports) ?? [];
  const peerOk = peers.length === 0 || peers.some((peer) => peerMatches(cluster, namespaceOf(np), peer, remote));
  const portOk = ports.length === 0 || ports.some((port) => portMatches(port, req));
  return peerOk && portOk;
}

/** One direction: not isolated → allowed; isolated → allowed iff a rule of some isolating policy matches. */
function directionAllows(cluster: Cluster, req: Request, direction: Direction): LayerResult {
  const subject = direction === 'Ingress' ? req.to : req.from;
  const remote = direction === 'Ingress' ? req.from : req.to;
  const key = direction === 'Ingress' ? 'ingress' : 'egress';
  const peersKey = direction === 'Ingress' ? 'from' : 'to';
  const isolating = isolatingPolicies(cluster, subject, direction);
  const who = direction === 'Ingress' ? 'destination' : 'caller';
  if (isolating.length === 0) {
    return { allowed: true, reasons: [`${who} not isolated for ${key} (no NetworkPolicy with ${direction} selects it)`] };
  }
  for (const np of isolating) {
    const rules = asArray(specOf(np)[key]) ?? [];
    for (let i = 0; i < rules.length; i++) {
      if (ruleMatches(cluster, np, rules[i], peersKey, remote, req)) {
        return { allowed: true, reasons: [`${ref(np)} ${key}[${i}] allows`] };
      }
    }
  }
  return {
    allowed: false,
    reasons: [`${who} isolated for ${key} by ${isolating.map(ref).join(', ')}: no ${key} rule matched`],
  };
}

/**
 * Traffic is allowed iff the caller's egress allows it AND the destination's ingress allows it
 * ("both the egress policy on the source pod and the ingress policy on the destination pod need to allow").
 */
export function networkAllows(cluster: Cluster, req: Request): LayerResult {
  const egress = directionAllows(cluster, req, 'Egress');
  const ingress = directionAllows(cluster, req, 'Ingress');
  return { allowed: egress.allowed && ingress.allowed, reasons: [...egress.reasons, ...ingress.reasons] };
}
