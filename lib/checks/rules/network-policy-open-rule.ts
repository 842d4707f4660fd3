import type { K8sObject } from '../../k8s-object';
import { asArray, asRecord, type ObjectIndex } from '../object-index';
import type { Rule, Violation } from '../rule';

/** The two directions of a NetworkPolicy: its rules' field, the field naming their peers, the policyType, what a peer is. */
const DIRS = ['ingress', 'egress'] as const;
const PEERS = { ingress: 'from', egress: 'to' } as const;
const TYPES = { ingress: 'Ingress', egress: 'Egress' } as const;
const WHAT = { ingress: 'source', egress: 'destination' } as const;

interface NetworkPolicyShapes {
  /** SM-NP-028: rules without peers. */
  readonly open: Violation[];
  /** SM-NP-029: peers the API server rejects. */
  readonly rejected: Violation[];
}

/**
 * One pass over every rule and peer of every NetworkPolicy for both rules (22,000 peers at 5,000 workloads): plain loops,
 * no arrays per peer, messages built only for findings.
 */
function networkPolicyShapes(index: ObjectIndex): NetworkPolicyShapes {
  const open: Violation[] = [];
  const rejected: Violation[] = [];
  for (const np of index.ofKind('NetworkPolicy')) {
    if (!np.apiVersion.startsWith('networking.k8s.io/')) continue;
    const spec = asRecord(np.spec);
    const types = Array.isArray(spec.policyTypes) ? spec.policyTypes : undefined;
    for (const dir of DIRS) {
      const rules = spec[dir];
      if (!Array.isArray(rules)) continue;
      // With policyTypes set, rules of a direction it does not list are not enforced (not "open"); the API server
      // still validates their peers.
      const enforced = !types || types.includes(TYPES[dir]);
      for (let i = 0; i < rules.length; i++) {
        const peers = asRecord(rules[i])[PEERS[dir]];
        if (!Array.isArray(peers) || peers.length === 0) {
          if (enforced) open.push(openRule(np, dir, i, asArray(asRecord(rules[i]).ports)));
          continue;
        }
        for (let j = 0; j < peers.length; j++) {
          const peer = peers[j];
          const pod = peer?.podSelector != null;
          const ns = peer?.namespaceSelector != null;
          const ip = peer?.ipBlock != null;
          if (!pod && !ns && !ip) {
            rejected.push({ object: np, message: `${dir}[${i}].${PEERS[dir]}[${j}] is empty: the API server rejects it ("must specify a peer"). For all pods in the cluster write namespaceSelector: {}.` });
          } else if (ip && (pod || ns)) {
            rejected.push({ object: np, message: `${dir}[${i}].${PEERS[dir]}[${j}] combines ipBlock with ${pod && ns ? 'podSelector and namespaceSelector' : pod ? 'podSelector' : 'namespaceSelector'}: the API server rejects it. Use separate entries.` });
          }
        }
      }
    }
  }
  return { open, rejected };
}

function openRule(np: K8sObject, dir: (typeof DIRS)[number], i: number, ports: unknown[]): Violation {
  const scope = ports.length === 0 ? 'on every port' : `on ${ports.map(asRecord).map((p) => `${p.port ?? 'every port'}${p.endPort ? `-${p.endPort}` : ''}/${p.protocol ?? 'TCP'}`).join(', ')}`;
  return { object: np, message: `${dir}[${i}] has no ${PEERS[dir]}: it allows every ${WHAT[dir]} ${scope}, inside and outside the cluster. Name the peers, or suppress SM-NP-028 with a reason.` };
}

export const networkPolicyOpenRule: Rule = {
  id: 'SM-NP-028',
  severity: 'warning',
  title: 'A NetworkPolicy rule without from/to allows every source or destination',
  explanation:
    'An ingress rule without `from` (or with `from: []`) admits traffic from every source, in the cluster and outside it; an ' +
    'egress rule without `to` allows every destination, the internet included. Only `ports` then restricts the rule, and ' +
    '`ingress: [{}]` / `egress: [{}]` allow everything. Fix: name the peers (`podSelector`, `namespaceSelector`, `ipBlock`), or ' +
    'suppress with the reason when an open rule is intended (a public ingress, egress to the internet).',
  sources: ['kubernetes.io/docs/concepts/services-networking/network-policies/#allow-all-ingress-traffic', 'k8s.io/api/networking/v1 NetworkPolicyIngressRule'],
  check({ index }): Iterable<Violation> {
    return index.derived(networkPolicyShapes).open;
  },
};

export const networkPolicyPeerRejected: Rule = {
  id: 'SM-NP-029',
  severity: 'error',
  title: 'A NetworkPolicy peer that the API server rejects (empty, or ipBlock with a selector)',
  explanation:
    'Each `from`/`to` entry must name a peer: `{}` is rejected ("must specify a peer"), and an `ipBlock` cannot be combined ' +
    'with `podSelector` or `namespaceSelector` in the same entry ("may not specify both ipBlock and another peer"). An ' +
    'empty peer is often meant as "everyone"; that is `namespaceSelector: {}` (all pods of all namespaces) or no `from`/`to` ' +
    'at all (everything, outside the cluster too). Fix the entry the message names.',
  sources: ['kubernetes pkg/apis/networking/validation/validation.go ValidateNetworkPolicyPeer'],
  check({ index }): Iterable<Violation> {
    return index.derived(networkPolicyShapes).rejected;
  },
};
