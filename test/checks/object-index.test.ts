/**
 * The indexed lookups the rule pack uses to stay linear must answer exactly what the plain scans they replaced
 * answered: `ObjectIndex` lookups are filters over the objects, `SelectorIndex.matching` is `filter(labelsMatch)`,
 * and SM-NP-027 reports what its quadratic version did.
 */
import fc from 'fast-check';
import type { K8sObject } from '../../lib/k8s-object';
import { runPack } from '../../lib/checks/engine';
import { asArray, asRecord, labelsMatch, ObjectIndex, SelectorIndex, stringMap } from '../../lib/checks/object-index';
import { defaultDenyBlocksMeshEgress } from '../../lib/checks/rules/default-deny-blocks-mesh-egress';
import { fcParams } from '../property/runs';
import { meshedNs, np, ns } from './helpers';

// Few keys and values, so selectors often match, overlap, or differ in one entry; NUL and prototype names included.
const labelKey = fc.constantFrom('app', 'tier', 'version', 'a\u0000b', 'a', 'constructor', '__proto__');
const labelValue = fc.constantFrom('web', 'db', 'v1', 'b\u0000c', '', 'x');
const labels = fc.dictionary(labelKey, labelValue, { maxKeys: 3 });
const selector = fc.option(labels, { nil: undefined });

describe('ObjectIndex', () => {
  // Names and namespaces that collide when joined with NUL or stringified (`undefined`, 7 / '7'), and missing ones.
  const word = fc.constantFrom('a', 'b', 'a\u0000b', 'undefined', '7', '');
  const object = fc.record({
    kind: fc.constantFrom('Namespace', 'Service', 'a\u0000Service', 'NetworkPolicy'),
    namespace: fc.option(fc.oneof(word, fc.constant(7)), { nil: undefined }),
    name: fc.oneof(word, fc.constant(7), fc.constant(undefined)),
  }).map(({ kind, namespace, name }) => ({ apiVersion: 'v1', kind, metadata: { name, ...(namespace === undefined ? {} : { namespace }) } }) as unknown as K8sObject);

  it('ofKind, inNamespace and get find what a scan of the objects finds', () => {
    fc.assert(
      fc.property(fc.array(object, { maxLength: 15 }), (objects) => {
        const index = new ObjectIndex(objects);
        const text = (v: unknown): string => `${v}`;
        const same = (a: readonly unknown[], b: readonly unknown[]): boolean => a.length === b.length && a.every((x, i) => x === b[i]);
        const wrong: string[] = [];
        for (const kind of ['Namespace', 'Service', 'a\u0000Service', 'NetworkPolicy', 'Missing']) {
          if (!same(index.ofKind(kind), objects.filter((o) => o.kind === kind))) wrong.push(`ofKind(${kind})`);
          for (const namespace of ['a', 'b', 'a\u0000b', 'undefined', '7', '']) {
            const inNs = objects.filter((o) => o.kind === kind && text(o.metadata.namespace ?? '') === namespace);
            if (!same(index.inNamespace(kind, namespace), inNs)) wrong.push(`inNamespace(${kind}, ${namespace})`);
            for (const name of ['a', 'b', 'undefined', '7', '']) {
              const found = index.get(kind, namespace === '' ? undefined : namespace, name);
              if (found !== inNs.find((o) => text(o.metadata.name) === name)) wrong.push(`get(${kind}, ${namespace}, ${name})`);
            }
          }
        }
        expect(wrong).toEqual([]);
      }),
      fcParams(200),
    );
  });

  it('computes a derived value once per index and shares it', () => {
    const index = new ObjectIndex([ns('a'), ns('b')]);
    let calls = 0;
    const namespaces = (i: ObjectIndex): string[] => {
      calls++;
      return i.ofKind('Namespace').map((o) => o.metadata.name);
    };
    expect(index.derived(namespaces)).toEqual(['a', 'b']);
    expect(index.derived(namespaces)).toBe(index.derived(namespaces));
    expect(calls).toBe(1);
    expect(new ObjectIndex([ns('c')]).derived(namespaces)).toEqual(['c']);
    expect(calls).toBe(2);
  });
});

describe('SelectorIndex', () => {
  it('matching(labels) returns the items filter(labelsMatch) returns, in the order they were added', () => {
    fc.assert(
      fc.property(fc.array(selector, { maxLength: 12 }), fc.array(labels, { minLength: 1, maxLength: 6 }), (selectors, labelSets) => {
        const index = new SelectorIndex<number>();
        selectors.forEach((s, i) => index.add(s, i));
        for (const l of labelSets) {
          const expected = selectors.map((s, i) => [s, i] as const).filter(([s]) => labelsMatch(s, l)).map(([, i]) => i);
          expect(index.matching(l)).toEqual(expected);
        }
      }),
      fcParams(300),
    );
  });

  it('finds a selector filed under a key whose value another label set shares, and nothing twice', () => {
    const index = new SelectorIndex<string>();
    index.add({ app: 'web', tier: 'front' }, 'web-front');
    index.add({}, 'all');
    index.add({ tier: 'front' }, 'front');
    expect(index.matching({ tier: 'front', app: 'web' })).toEqual(['web-front', 'all', 'front']);
    expect(index.matching({ app: 'web' })).toEqual(['all']);
    expect(index.matching({ 'a\u0000b': 'c', a: 'b\u0000c' })).toEqual(['all']);
  });
});

/** SM-NP-027 as it was written before the index: every egress policy of the namespace tested against every other. */
function quadraticNp027(objects: readonly K8sObject[]): string[] {
  const allows = (rule: Record<string, any>, port: number, protocol: string): boolean => {
    const ports = asArray(rule.ports);
    if (ports.length === 0) return true;
    return ports.some((p) => {
      const r = asRecord(p);
      if ((r.protocol ?? 'TCP') !== protocol) return false;
      if (r.port === undefined || typeof r.port === 'string') return true;
      const end = typeof r.endPort === 'number' ? r.endPort : r.port;
      return r.port <= port && port <= end;
    });
  };
  const meshed = new Set(objects.filter((o) => o.kind === 'Namespace' && o.metadata.labels?.['istio-injection'] === 'enabled').map((o) => o.metadata.name));
  const egress = objects.filter((o) => o.kind === 'NetworkPolicy' && asArray(asRecord(o.spec).policyTypes).includes('Egress'));
  const out: string[] = [];
  for (const policy of egress) {
    const namespace = policy.metadata.namespace ?? 'default';
    if (!meshed.has(namespace)) continue;
    const selector = stringMap(asRecord(asRecord(policy.spec).podSelector).matchLabels);
    const rules = egress
      .filter((o) => (o.metadata.namespace ?? 'default') === namespace && labelsMatch(stringMap(asRecord(asRecord(o.spec).podSelector).matchLabels), selector))
      .flatMap((o) => asArray(asRecord(o.spec).egress).map(asRecord));
    const missing: string[] = [];
    if (!rules.some((r) => allows(r, 53, 'UDP'))) missing.push('DNS (UDP 53)');
    if (!rules.some((r) => allows(r, 53, 'TCP'))) missing.push('DNS (TCP 53)');
    if (!rules.some((r) => allows(r, 15012, 'TCP'))) missing.push('istiod (TCP 15012)');
    if (missing.length > 0) out.push(`NetworkPolicy/${namespace}/${policy.metadata.name}: ${missing.join(', ')}`);
  }
  return out.sort();
}

describe('SM-NP-027 with the selector index', () => {
  const port = fc.record({ protocol: fc.constantFrom('TCP', 'UDP', undefined), port: fc.constantFrom(53, 15012, 8080, 'dns', undefined), endPort: fc.constantFrom(undefined, 15012, 60000) }, { requiredKeys: [] });
  const egressRule = fc.record({ ports: fc.array(port, { maxLength: 2 }) }, { requiredKeys: [] });
  const policy = fc.record({
    namespace: fc.constantFrom('shop', 'db', 'plain'),
    selector: labels,
    types: fc.constantFrom(['Egress'], ['Ingress'], ['Ingress', 'Egress']),
    egress: fc.option(fc.array(egressRule, { maxLength: 3 }), { nil: undefined }),
  });

  it('reports exactly the policies the quadratic version reported, with the same missing ports', () => {
    fc.assert(
      fc.property(fc.array(policy, { maxLength: 10 }), (policies) => {
        const objects = [
          meshedNs('shop'), meshedNs('db'), ns('plain'),
          ...policies.map((p, i) => np(`p${i}`, p.namespace, { podSelector: { matchLabels: p.selector }, policyTypes: p.types, ...(p.egress ? { egress: p.egress } : {}) })),
        ];
        const found = runPack(objects, {}, [defaultDenyBlocksMeshEgress]).map((f) => {
          const missing = /without allowing (.*): sidecars/.exec(f.message)![1];
          return `${f.object}: ${missing}`;
        });
        expect(found.sort()).toEqual(quadraticNp027(objects));
      }),
      fcParams(300),
    );
  });
});
