import type { NetworkPolicyPeer, NetworkPolicyPort } from 'cdk8s-plus-28/lib/imports/k8s';
import type { ManifestJson } from '../mesh/plain-manifest';
import type { ResolvedPeer } from '../model/resolved';
import { NAMESPACE_NAME_LABEL } from './wellknown';
import { sameItems } from '../same-items';

/** A NetworkPolicy peer and port as written (ports as numbers, not the L1 bindings' `IntOrString`). */
export type PolicyPeer = ManifestJson<NetworkPolicyPeer>;
export type PolicyPort = ManifestJson<NetworkPolicyPort>;

/**
 * A caller or destination as a NetworkPolicy peer. A namespace selector and a pod selector in ONE
 * peer are ANDed (the pods with these labels in that namespace); namespaces are selected by the
 * immutable `kubernetes.io/metadata.name` label.
 */
export function networkPolicyPeer(peer: ResolvedPeer): PolicyPeer {
  switch (peer.kind) {
    case 'workload':
      return { namespaceSelector: byName(peer.namespace), podSelector: { matchLabels: { ...peer.selector } } };
    case 'namespace':
      return { namespaceSelector: byName(peer.namespace) };
    case 'cidr':
      return { ipBlock: peer.except.length > 0 ? { cidr: peer.cidr, except: [...peer.except] } : { cidr: peer.cidr } };
    case 'system':
      return peer.podLabels ? { namespaceSelector: byName(peer.namespace), podSelector: { matchLabels: { ...peer.podLabels } } } : { namespaceSelector: byName(peer.namespace) };
  }
}

export function byName(namespace: string): { matchLabels: Record<string, string> } {
  return { matchLabels: { [NAMESPACE_NAME_LABEL]: namespace } };
}

/** TCP ports of a rule. A rule that admits every port has no `ports` field at all, so callers leave it out for none. */
export function tcpPorts(ports: readonly number[]): PolicyPort[] {
  return ports.map((port) => ({ protocol: 'TCP', port }));
}

/** Workloads of one namespace selected by one label with the same key: one peer `key In [values]`. */
interface LabelGroup {
  readonly namespace: string;
  readonly key: string;
  readonly values: string[];
  /** The values as a set, once there are enough of them for `includes` to cost. */
  seen?: Set<string>;
}

/** Any other peer, with the key it is deduplicated by. */
interface OtherPeer {
  readonly dedupeKey: string;
  readonly peer: PolicyPeer;
}

/** Past this many peers in one rule, lookups go through maps instead of a scan. */
const SCAN_LIMIT = 8;

/**
 * The peers of one NetworkPolicy rule, added one caller (or egress destination) at a time and compacted without
 * changing what they select: duplicates are dropped, and the workloads of one namespace that are each selected by a
 * single label with the same key (`app: a`, `app: b`) become one peer selecting `app In [a, b]` (a pod matches the
 * expression exactly when it matches one of the labels). A service called by 5,000 workloads in 200 namespaces so
 * gets 200 peers instead of 5,000: its NetworkPolicy was 1.2 MB of YAML, close to the API server's 1.5 MiB request
 * limit and far above the 256 KiB of annotations client-side `kubectl apply` needs for its last-applied copy.
 * Peers keep the order in which their first member was added. Built from the resolved peers rather than from
 * written ones, and most rules have a few peers: they are found by a scan, without building keys (emit at 5,000
 * workloads: ~160 ms of cold CPU with string keys and maps per rule, docs/performance.md).
 */
export class PeerSet {
  private readonly slots: Array<LabelGroup | OtherPeer> = [];
  private groups?: Map<string, Map<string, LabelGroup>>;
  private others?: Map<string, OtherPeer>;

  /** A caller as the definition names it. */
  public add(peer: ResolvedPeer): void {
    switch (peer.kind) {
      case 'workload':
        this.addPods(peer.namespace, peer.selector);
        return;
      case 'system':
        if (peer.podLabels) this.addPods(peer.namespace, peer.podLabels);
        else this.addOnce(`namespace\0${peer.namespace}`, networkPolicyPeer(peer));
        return;
      case 'namespace':
        this.addOnce(`namespace\0${peer.namespace}`, networkPolicyPeer(peer));
        return;
      case 'cidr':
        this.addOnce(`cidr\0${peer.cidr}\0${peer.except.join(',')}`, networkPolicyPeer(peer));
    }
  }

  /** The pods of a workload in a namespace (a caller, or a destination of the caller's egress). */
  public addPods(namespace: string, selector: Readonly<Record<string, string>>): void {
    let only = '';
    let count = 0;
    for (const key in selector) {
      only = key;
      if (++count > 1) break;
    }
    if (count !== 1) {
      this.addOnce(`pods\0${namespace}\0${JSON.stringify(selector)}`, { namespaceSelector: byName(namespace), podSelector: { matchLabels: { ...selector } } });
      return;
    }
    const value = selector[only];
    const group = this.findGroup(namespace, only);
    if (!group) {
      const created: LabelGroup = { namespace, key: only, values: [value] };
      this.slots.push(created);
      if (this.groups) this.indexGroup(created);
      else if (this.slots.length > SCAN_LIMIT) this.buildIndex();
      return;
    }
    if (group.seen ? group.seen.has(value) : group.values.includes(value)) return;
    group.values.push(value);
    if (group.seen) group.seen.add(value);
    else if (group.values.length > 16) group.seen = new Set(group.values);
  }

  public peers(): PolicyPeer[] {
    return this.slots.map((slot) => {
      if (!('values' in slot)) return slot.peer;
      const podSelector = slot.values.length === 1
        ? { matchLabels: { [slot.key]: slot.values[0] } }
        : { matchExpressions: [{ key: slot.key, operator: 'In', values: slot.values }] };
      return { namespaceSelector: byName(slot.namespace), podSelector };
    });
  }

  private findGroup(namespace: string, key: string): LabelGroup | undefined {
    if (this.groups) return this.groups.get(namespace)?.get(key);
    for (const slot of this.slots) {
      if ('values' in slot && slot.namespace === namespace && slot.key === key) return slot;
    }
    return undefined;
  }

  private addOnce(dedupeKey: string, peer: PolicyPeer): void {
    if (this.others ? this.others.has(dedupeKey) : this.slots.some((s) => 'dedupeKey' in s && s.dedupeKey === dedupeKey)) return;
    const other: OtherPeer = { dedupeKey, peer };
    this.slots.push(other);
    if (this.others) this.others.set(dedupeKey, other);
    else if (this.slots.length > SCAN_LIMIT) this.buildIndex();
  }

  private buildIndex(): void {
    this.groups = new Map();
    this.others = new Map();
    for (const slot of this.slots) {
      if ('values' in slot) this.indexGroup(slot);
      else this.others.set(slot.dedupeKey, slot);
    }
  }

  private indexGroup(group: LabelGroup): void {
    let byKey = this.groups!.get(group.namespace);
    if (!byKey) this.groups!.set(group.namespace, (byKey = new Map()));
    byKey.set(group.key, group);
  }
}

/** One PeerSet per set of ports, in the order each set first appears (a workload has a few: found by a scan). */
export class RulesByPorts {
  private readonly groups: Array<{ readonly ports: readonly number[]; readonly peers: PeerSet }> = [];

  public peersFor(ports: readonly number[]): PeerSet {
    for (const group of this.groups) if (sameItems(group.ports, ports)) return group.peers;
    const peers = new PeerSet();
    this.groups.push({ ports, peers });
    return peers;
  }

  public rules(): Array<{ ports: readonly number[]; peers: PolicyPeer[] }> {
    return this.groups.map(({ ports, peers }) => ({ ports, peers: peers.peers() }));
  }
}
