/**
 * NetworkPolicy peers are compacted (lib/network/peers.ts `PeerSet`) and rules with the same ports merged:
 * the selected pods must be exactly those of the peers as declared. Checked with the independent evaluator's
 * label-selector semantics (test/evaluator), on generated peers and pods.
 */
import * as fc from 'fast-check';
import { Peer, synthesizeMesh } from '../../lib';
import { validateObjects } from '../../lib/checks/schema';
import { networkPolicyPeer, PeerSet, type PolicyPeer } from '../../lib/network/peers';
import type { ResolvedPeer } from '../../lib/model/resolved';
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
const singleLabel = fc.tuple(key, value).map(([k, v]) => ({ [k]: v }));
/** Callers as the definition resolves them: mostly one-label workloads, some with more labels, namespaces, system callers and CIDRs. */
const peer: fc.Arbitrary<ResolvedPeer> = fc.oneof(
  { weight: 6, arbitrary: fc.tuple(namespace, singleLabel).map(([ns, selector]) => ({ kind: 'workload' as const, namespace: ns, name: 'w', selector, serviceAccount: 'w', sidecar: true })) },
  { weight: 2, arbitrary: fc.tuple(namespace, labels).map(([ns, selector]) => ({ kind: 'workload' as const, namespace: ns, name: 'w', selector, serviceAccount: 'w', sidecar: true })) },
  { weight: 1, arbitrary: namespace.map((ns) => ({ kind: 'namespace' as const, namespace: ns, sidecar: true })) },
  { weight: 1, arbitrary: fc.tuple(namespace, fc.option(singleLabel, { nil: undefined })).map(([ns, podLabels]) => ({ kind: 'system' as const, name: 'prometheus' as const, namespace: ns, podLabels, sidecar: false })) },
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom('10.0.0.0/8', '203.0.113.0/24'), fc.constantFrom([], ['10.1.0.0/16'])).map(([cidr, except]) => ({ kind: 'cidr' as const, cidr, except })) },
);
const pod: fc.Arbitrary<Pod> = fc.record({ namespace, labels });

describe('PeerSet', () => {
  test('selects exactly the pods the callers select one by one, and keeps every ipBlock', () => {
    fc.assert(
      fc.property(fc.array(peer, { maxLength: 30 }), fc.array(pod, { minLength: 1, maxLength: 20 }), (peers, pods) => {
        const set = new PeerSet();
        for (const p of peers) set.add(p);
        const compacted = set.peers();
        const oneByOne = peers.map(networkPolicyPeer);
        for (const p of pods) expect(compacted.some((c) => selects(c, p))).toBe(oneByOne.some((d) => selects(d, p)));
        const blocks = (list: readonly PolicyPeer[]) => [...new Set(list.flatMap((x) => (x.ipBlock ? [JSON.stringify(x.ipBlock)] : [])))].sort();
        expect(blocks(compacted)).toEqual(blocks(oneByOne));
        expect(compacted.length).toBeLessThanOrEqual(new Set(oneByOne.map((x) => JSON.stringify(x))).size);
      }),
      fcParams(300),
    );
  });

  test('one peer per namespace and label key, values in order of appearance; other peers kept in place, duplicates dropped', () => {
    const workload = (ns: string, selector: Record<string, string>): ResolvedPeer => ({ kind: 'workload', namespace: ns, name: 'w', selector, serviceAccount: 'w', sidecar: true });
    const set = new PeerSet();
    for (const p of [
      workload('a', { app: 'x' }),
      { kind: 'cidr', cidr: '10.0.0.0/8', except: [] },
      workload('b', { app: 'y' }),
      workload('a', { app: 'z' }),
      workload('a', { app: 'x' }),
      { kind: 'system', name: 'prometheus', namespace: 'a', podLabels: { app: 'prom' }, sidecar: false },
      workload('a', { app: 'w', tier: 'db' }),
      { kind: 'namespace', namespace: 'c', sidecar: true },
      { kind: 'system', name: 'prometheus', namespace: 'c', sidecar: false },
      { kind: 'cidr', cidr: '10.0.0.0/8', except: [] },
    ] as ResolvedPeer[]) set.add(p);
    expect(set.peers()).toEqual([
      { namespaceSelector: byName('a'), podSelector: { matchExpressions: [{ key: 'app', operator: 'In', values: ['x', 'z', 'prom'] }] } },
      { ipBlock: { cidr: '10.0.0.0/8' } },
      { namespaceSelector: byName('b'), podSelector: { matchLabels: { app: 'y' } } },
      { namespaceSelector: byName('a'), podSelector: { matchLabels: { app: 'w', tier: 'db' } } },
      { namespaceSelector: byName('c') },
    ]);
  });

  test('many values of one label stay unique in order (the set taken over past 16 values)', () => {
    const set = new PeerSet();
    for (let round = 0; round < 2; round++) for (let i = 0; i < 40; i++) set.addPods('a', { app: `svc-${i}` });
    expect(set.peers()).toEqual([{ namespaceSelector: byName('a'), podSelector: { matchExpressions: [{ key: 'app', operator: 'In', values: Array.from({ length: 40 }, (_, i) => `svc-${i}`) }] } }]);
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
