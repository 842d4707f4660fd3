/**
 * NetworkPolicy peers are compacted (lib/network/peers.ts `compactPeers`) and rules with the same ports merged:
 * the selected pods must be exactly those of the peers as declared. Checked with the independent evaluator's
 * label-selector semantics (test/evaluator), on generated peers and pods.
 */
import * as fc from 'fast-check';
import { Peer, synthesizeMesh } from '../../lib';
import { validateObjects } from '../../lib/checks/schema';
import { compactPeers, type PolicyPeer } from '../../lib/network/peers';
import { labelSelectorMatches } from '../evaluator/label-selector';
import { find } from '../helpers/objects';
import { fcParams } from '../property/runs';

const NAMESPACE_NAME = 'kubernetes.io/metadata.name';

interface Pod { readonly namespace: string; readonly labels: Readonly<Record<string, string>> }

/** Whether a peer selects the pod (ipBlock peers select by address, not by pod: never here). */
function selects(peer: PolicyPeer, pod: Pod): boolean {
  if (peer.ipBlock) return false;
  if (peer.namespaceSelector && !labelSelectorMatches(peer.namespaceSelector, { [NAMESPACE_NAME]: pod.namespace })) return false;
  return peer.podSelector === undefined || labelSelectorMatches(peer.podSelector, pod.labels);
}

const namespace = fc.constantFrom('a', 'b', 'c');
const key = fc.constantFrom('app', 'tier');
const value = fc.constantFrom('x', 'y', 'z', 'w');
const labels = fc.dictionary(key, value, { maxKeys: 2, noNullPrototype: true });
const byName = (ns: string) => ({ matchLabels: { [NAMESPACE_NAME]: ns } });
const peer: fc.Arbitrary<PolicyPeer> = fc.oneof(
  { weight: 6, arbitrary: fc.tuple(namespace, key, value).map(([ns, k, v]) => ({ namespaceSelector: byName(ns), podSelector: { matchLabels: { [k]: v } } })) },
  { weight: 2, arbitrary: fc.tuple(namespace, labels).map(([ns, l]) => ({ namespaceSelector: byName(ns), podSelector: { matchLabels: l } })) },
  { weight: 1, arbitrary: namespace.map((ns) => ({ namespaceSelector: byName(ns) })) },
  { weight: 1, arbitrary: fc.constantFrom('10.0.0.0/8', '203.0.113.0/24').map((cidr) => ({ ipBlock: { cidr } })) },
);
const pod: fc.Arbitrary<Pod> = fc.record({ namespace, labels });

describe('compactPeers', () => {
  test('selects exactly the pods the declared peers select, and keeps every ipBlock', () => {
    fc.assert(
      fc.property(fc.array(peer, { maxLength: 12 }), fc.array(pod, { minLength: 1, maxLength: 20 }), (peers, pods) => {
        const compacted = compactPeers(peers);
        for (const p of pods) expect(compacted.some((c) => selects(c, p))).toBe(peers.some((d) => selects(d, p)));
        const cidrs = (list: readonly PolicyPeer[]) => [...new Set(list.flatMap((x) => (x.ipBlock ? [x.ipBlock.cidr] : [])))].sort();
        expect(cidrs(compacted)).toEqual(cidrs(peers));
        expect(compacted.length).toBeLessThanOrEqual(peers.length);
      }),
      fcParams(300),
    );
  });

  test('one peer per namespace and label key, values in order of appearance; other peers kept in place, duplicates dropped', () => {
    const peers: PolicyPeer[] = [
      { namespaceSelector: byName('a'), podSelector: { matchLabels: { app: 'x' } } },
      { ipBlock: { cidr: '10.0.0.0/8' } },
      { namespaceSelector: byName('b'), podSelector: { matchLabels: { app: 'y' } } },
      { namespaceSelector: byName('a'), podSelector: { matchLabels: { app: 'z' } } },
      { namespaceSelector: byName('a'), podSelector: { matchLabels: { app: 'x' } } },
      { namespaceSelector: byName('a'), podSelector: { matchLabels: { app: 'w', tier: 'db' } } },
      { ipBlock: { cidr: '10.0.0.0/8' } },
    ];
    expect(compactPeers(peers)).toEqual([
      { namespaceSelector: byName('a'), podSelector: { matchExpressions: [{ key: 'app', operator: 'In', values: ['x', 'z'] }] } },
      { ipBlock: { cidr: '10.0.0.0/8' } },
      { namespaceSelector: byName('b'), podSelector: { matchLabels: { app: 'y' } } },
      { namespaceSelector: byName('a'), podSelector: { matchLabels: { app: 'w', tier: 'db' } } },
    ]);
  });
});

describe('NetworkPolicies of a service with many callers', () => {
  const callers = Array.from({ length: 600 }, (_, i) => ({ name: `c${i}`, namespace: `team-${i % 3}`, ports: [{ name: 'http', port: 8080 }] }));
  const { objects } = synthesizeMesh({
    namespaces: [{ name: 'team-0' }, { name: 'team-1' }, { name: 'team-2' }],
    workloads: [
      ...callers,
      {
        name: 'auth', namespace: 'team-0', ports: [{ name: 'http', port: 8080 }, { name: 'http-admin', port: 9090 }],
        ingress: [
          ...callers.map((c) => ({ from: Peer.workload(c.name, c.namespace), ports: [8080] })),
          { from: Peer.workload('c0', 'team-0'), ports: [9090], paths: ['/admin'] },
        ],
      },
    ],
  });

  test('grow with the callers\' namespaces, not their number: one ingress rule per set of ports, one peer per namespace', () => {
    const np = find(objects, 'NetworkPolicy', 'auth', 'team-0');
    expect(np.spec.ingress).toHaveLength(2);
    expect(np.spec.ingress[0].ports).toEqual([{ protocol: 'TCP', port: 8080 }]);
    expect(np.spec.ingress[0].from).toEqual(['team-0', 'team-1', 'team-2'].map((ns) => ({
      namespaceSelector: byName(ns),
      podSelector: { matchExpressions: [{ key: 'app', operator: 'In', values: callers.filter((c) => c.namespace === ns).map((c) => c.name) }] },
    })));
    expect(np.spec.ingress[1]).toEqual({ from: [{ namespaceSelector: byName('team-0'), podSelector: { matchLabels: { app: 'c0' } } }], ports: [{ protocol: 'TCP', port: 9090 }] });
    expect(JSON.stringify(np).length).toBeLessThan(12_000);
    expect(validateObjects(objects)).toEqual([]);
  });

  test('each caller\'s egress: one rule per set of ports towards the service', () => {
    const np = find(objects, 'NetworkPolicy', 'c0', 'team-0');
    const toAuth = np.spec.egress.filter((r: { to: PolicyPeer[] }) => r.to.some((t) => selects(t, { namespace: 'team-0', labels: { app: 'auth' } })));
    expect(toAuth).toEqual([
      { to: [{ namespaceSelector: byName('team-0'), podSelector: { matchLabels: { app: 'auth' } } }], ports: [{ protocol: 'TCP', port: 8080 }] },
      { to: [{ namespaceSelector: byName('team-0'), podSelector: { matchLabels: { app: 'auth' } } }], ports: [{ protocol: 'TCP', port: 9090 }] },
    ]);
  });
});
