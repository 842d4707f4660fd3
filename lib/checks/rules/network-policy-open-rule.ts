import { asArray, asRecord } from '../object-index';
import type { Rule, Violation } from '../rule';

/** The rules of a NetworkPolicy with the field that names their peers: ingress → from, egress → to. */
const DIRECTIONS = [['ingress', 'from', 'source'], ['egress', 'to', 'destination']] as const;

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
  *check({ index }): Iterable<Violation> {
    for (const np of index.ofKind('NetworkPolicy')) {
      if (!np.apiVersion.startsWith('networking.k8s.io/')) continue;
      const spec = asRecord(np.spec);
      const types = Array.isArray(spec.policyTypes) ? spec.policyTypes : undefined;
      for (const [dir, peers, what] of DIRECTIONS) {
        // With policyTypes set, rules of a direction it does not list are not enforced.
        if (types && !types.includes(dir === 'ingress' ? 'Ingress' : 'Egress')) continue;
        const rules = asArray(spec[dir]);
        for (let i = 0; i < rules.length; i++) {
          const rule = asRecord(rules[i]);
          if (asArray(rule[peers]).length > 0) continue;
          const ports = asArray(rule.ports).map(asRecord);
          const scope = ports.length === 0 ? 'on every port' : `on ${ports.map((p) => `${p.port ?? 'every port'}${p.endPort ? `-${p.endPort}` : ''}/${p.protocol ?? 'TCP'}`).join(', ')}`;
          yield { object: np, message: `${dir}[${i}] has no ${peers}: it allows every ${what} ${scope}, inside and outside the cluster. Name the peers, or suppress SM-NP-028 with a reason.` };
        }
      }
    }
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
  *check({ index }): Iterable<Violation> {
    for (const np of index.ofKind('NetworkPolicy')) {
      if (!np.apiVersion.startsWith('networking.k8s.io/')) continue;
      const spec = asRecord(np.spec);
      for (const [dir, peers] of DIRECTIONS) {
        const rules = asArray(spec[dir]);
        for (let i = 0; i < rules.length; i++) {
          const list = asArray(asRecord(rules[i])[peers]);
          for (let j = 0; j < list.length; j++) {
            const peer = list[j];
            // Counted without building arrays: this runs for every peer of every policy (docs/performance.md).
            const pod = peer?.podSelector != null;
            const nsSel = peer?.namespaceSelector != null;
            const ip = peer?.ipBlock != null;
            if (!pod && !nsSel && !ip) yield { object: np, message: `${dir}[${i}].${peers}[${j}] is empty: the API server rejects it ("must specify a peer"). For all pods in the cluster write namespaceSelector: {}.` };
            else if (ip && (pod || nsSel)) yield { object: np, message: `${dir}[${i}].${peers}[${j}] combines ipBlock with ${[pod ? 'podSelector' : '', nsSel ? 'namespaceSelector' : ''].filter(Boolean).join(' and ')}: the API server rejects it. Use separate entries.` };
          }
        }
      }
    }
  },
};
