/**
 * NetworkPolicy (networking.k8s.io/v1, Kubernetes 1.28): a connection needs the caller's egress AND the
 * destination's ingress. A pod is isolated in a direction once any policy with that policyType selects
 * it; then only the rules of those policies admit traffic.
 */
import type { K8sObject } from '../k8s-object';
import type { Endpoint } from './endpoint';
import type { Inventory } from './inventory';
import type { AccessReason } from './types';
import { ipInCidr } from './ip';
import { asArray, asRecord, asStrings, isKind, namespaceOf, refOf, specOf } from './objects';
import { SelectorIndex, matchLabelsOf, selectorMatches } from './selectors';
import { ANY_PORT } from './wellknown';

type Direction = 'ingress' | 'egress';

export interface LayerDecision {
  readonly allowed: boolean;
  readonly reasons: AccessReason[];
}

/**
 * policyTypes after API defaulting (SetDefaults_NetworkPolicySpec): absent or empty → Ingress, plus
 * Egress iff `egress` is non-empty.
 */
export function policyTypes(np: K8sObject): Direction[] {
  const explicit = asStrings(specOf(np).policyTypes) ?? [];
  if (explicit.length > 0) return (['Ingress', 'Egress'] as const).filter((t) => explicit.includes(t)).map((t) => (t === 'Ingress' ? 'ingress' : 'egress'));
  return (asArray(specOf(np).egress) ?? []).length > 0 ? ['ingress', 'egress'] : ['ingress'];
}

export class NetworkLayer {
  private readonly byNamespace = new Map<string, SelectorIndex<K8sObject>>();
  private readonly isolation = new Map<string, K8sObject[]>();
  private readonly extraPorts = new Map<string, Set<number>>();
  private readonly namespaceSelection = new Map<string, string[]>();

  public constructor(objects: readonly K8sObject[], private readonly inventory: Inventory) {
    for (const np of objects) {
      if (!isKind(np, 'networking.k8s.io', 'NetworkPolicy')) continue;
      const ns = namespaceOf(np);
      if (!this.byNamespace.has(ns)) this.byNamespace.set(ns, new SelectorIndex());
      const sel = specOf(np).podSelector;
      this.byNamespace.get(ns)!.add((asArray(asRecord(sel)?.matchExpressions) ?? []).length > 0 ? undefined : matchLabelsOf(sel), np);
    }
    // Ports that other pods' egress rules open towards a destination are its ports too (kube-dns 53, istiod 15012).
    for (const np of objects) {
      if (!isKind(np, 'networking.k8s.io', 'NetworkPolicy') || !policyTypes(np).includes('egress')) continue;
      for (const raw of asArray(specOf(np).egress) ?? []) {
        const rule = asRecord(raw) ?? {};
        const ports = (asArray(rule.ports) ?? []).map((p) => asRecord(p) ?? {}).filter((p) => (p.protocol ?? 'TCP') === 'TCP' && typeof p.port === 'number').map((p) => p.port as number);
        if (ports.length === 0) continue;
        for (const peer of asArray(rule.to) ?? []) {
          for (const target of this.peerPods(np, asRecord(peer) ?? {})) {
            if (!this.extraPorts.has(target.id)) this.extraPorts.set(target.id, new Set());
            for (const p of ports) this.extraPorts.get(target.id)!.add(p);
          }
        }
      }
    }
  }

  /** Policies isolating `pod` in `direction`, oldest first. */
  public isolating(pod: Endpoint, direction: Direction): K8sObject[] {
    if (pod.namespace === undefined) return [];
    const key = `${direction}|${pod.id}`;
    let found = this.isolation.get(key);
    if (!found) {
      found = (this.byNamespace.get(pod.namespace)?.candidates(pod.labels) ?? [])
        .filter((np) => selectorMatches(specOf(np).podSelector, pod.labels) && policyTypes(np).includes(direction))
        .sort((a, b) => (a.metadata.name < b.metadata.name ? -1 : a.metadata.name > b.metadata.name ? 1 : 0));
      this.isolation.set(key, found);
    }
    return found;
  }

  /** Ports the policies name for `dest` (its ingress rules and others' egress rules towards it). */
  public portsOf(dest: Endpoint): number[] {
    const ports = new Set<number>(this.extraPorts.get(dest.id) ?? []);
    for (const np of this.isolating(dest, 'ingress')) {
      for (const raw of asArray(specOf(np).ingress) ?? []) {
        for (const p of asArray(asRecord(raw)?.ports) ?? []) {
          const port = asRecord(p) ?? {};
          if ((port.protocol ?? 'TCP') !== 'TCP') continue;
          const n = typeof port.port === 'number' ? port.port : typeof port.port === 'string' ? dest.namedPorts[port.port] : undefined;
          if (n !== undefined) ports.add(n);
          if (typeof port.endPort === 'number') ports.add(port.endPort);
        }
      }
    }
    return [...ports];
  }

  /** Callers that some ingress rule of `dest` admits, or 'all' when it is not isolated or a rule admits anyone. */
  public candidates(dest: Endpoint): Set<Endpoint> | 'all' {
    const isolating = this.isolating(dest, 'ingress');
    if (isolating.length === 0) return 'all';
    const out = new Set<Endpoint>();
    for (const np of isolating) {
      for (const raw of asArray(specOf(np).ingress) ?? []) {
        const peers = asArray(asRecord(raw)?.from) ?? [];
        if (peers.length === 0) return 'all';
        for (const peer of peers) for (const e of this.peerPods(np, asRecord(peer) ?? {})) out.add(e);
      }
    }
    return out;
  }

  /** Endpoints a peer selects: pods (workloads, `namespace:` callers) or `cidr:` callers inside an ipBlock. */
  private peerPods(np: K8sObject, peer: Record<string, unknown>): Endpoint[] {
    const ipBlock = asRecord(peer.ipBlock);
    if (ipBlock) return this.inventory.callers.filter((c) => c.ip !== undefined && ipBlockMatches(ipBlock, c.ip));
    const hasPod = peer.podSelector !== undefined && peer.podSelector !== null;
    const hasNs = peer.namespaceSelector !== undefined && peer.namespaceSelector !== null;
    if (!hasPod && !hasNs) return [];
    const namespaces = hasNs ? this.namespacesMatching(peer.namespaceSelector) : [namespaceOf(np)];
    return namespaces.flatMap((ns) => this.inventory.pods.get(ns)?.select(hasPod ? peer.podSelector : {}) ?? []);
  }

  private namespacesMatching(selector: unknown): string[] {
    const key = JSON.stringify(selector);
    let found = this.namespaceSelection.get(key);
    if (!found) {
      found = [...this.inventory.namespaces.values()].filter((n) => selectorMatches(selector, n.labels)).map((n) => n.name);
      this.namespaceSelection.set(key, found);
    }
    return found;
  }

  /** Caller egress AND destination ingress on `port` (ANY_PORT: a port no rule names). */
  public decide(caller: Endpoint, dest: Endpoint, port: number): LayerDecision {
    const egress = this.direction(caller, dest, port, 'egress');
    if (!egress.allowed) return egress;
    const ingress = this.direction(dest, caller, port, 'ingress');
    return { allowed: ingress.allowed, reasons: [...egress.reasons, ...ingress.reasons] };
  }

  private direction(subject: Endpoint, remote: Endpoint, port: number, direction: Direction): LayerDecision {
    if (subject.namespace === undefined) return { allowed: true, reasons: [] }; // outside the cluster: no NetworkPolicy
    const isolating = this.isolating(subject, direction);
    if (isolating.length === 0) {
      return { allowed: true, reasons: [{ layer: 'network', object: subject.id, detail: `${direction} not restricted (no NetworkPolicy with ${direction === 'ingress' ? 'Ingress' : 'Egress'} selects it)` }] };
    }
    const dest = direction === 'ingress' ? subject : remote;
    for (const np of isolating) {
      const rules = asArray(specOf(np)[direction]) ?? [];
      for (let i = 0; i < rules.length; i++) {
        const rule = asRecord(rules[i]) ?? {};
        const peers = asArray(rule[direction === 'ingress' ? 'from' : 'to']) ?? [];
        const ports = asArray(rule.ports) ?? [];
        const peerOk = peers.length === 0 || peers.some((p) => this.peerMatches(np, asRecord(p) ?? {}, remote));
        const portOk = ports.length === 0 || ports.some((p) => portMatches(asRecord(p) ?? {}, port, dest));
        if (peerOk && portOk) return { allowed: true, reasons: [{ layer: 'network', object: refOf(np), detail: `${direction}[${i}]` }] };
      }
    }
    return { allowed: false, reasons: [] };
  }

  private peerMatches(np: K8sObject, peer: Record<string, unknown>, remote: Endpoint): boolean {
    const ipBlock = asRecord(peer.ipBlock);
    if (ipBlock) return remote.ip !== undefined && ipBlockMatches(ipBlock, remote.ip);
    if (remote.namespace === undefined) return false; // selectors only select pods
    const hasPod = peer.podSelector !== undefined && peer.podSelector !== null;
    const hasNs = peer.namespaceSelector !== undefined && peer.namespaceSelector !== null;
    if (!hasPod && !hasNs) return false;
    if (hasNs ? !selectorMatches(peer.namespaceSelector, this.inventory.namespaces.get(remote.namespace)?.labels ?? {}) : remote.namespace !== namespaceOf(np)) return false;
    return !hasPod || selectorMatches(peer.podSelector, remote.labels);
  }
}

function ipBlockMatches(ipBlock: Record<string, unknown>, ip: string): boolean {
  return ipInCidr(ip, String(ipBlock.cidr)) && !(asStrings(ipBlock.except) ?? []).some((c) => ipInCidr(ip, c));
}

/** TCP only; absent port = all; numeric with optional endPort; named ports through the destination's container ports. */
function portMatches(p: Record<string, unknown>, port: number, dest: Endpoint): boolean {
  if ((p.protocol ?? 'TCP') !== 'TCP') return false;
  if (p.port === undefined || p.port === null) return true;
  if (port === ANY_PORT) return false;
  const start = typeof p.port === 'number' ? p.port : /^\d+$/.test(String(p.port)) ? Number(p.port) : dest.namedPorts[String(p.port)];
  if (start === undefined) return false;
  const end = typeof p.endPort === 'number' ? p.endPort : start;
  return port >= start && port <= end;
}
