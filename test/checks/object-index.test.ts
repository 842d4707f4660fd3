/**
 * The indexed lookups the rule pack uses to stay linear must answer exactly what the plain scans they replaced
 * answered: `ObjectIndex` lookups are filters over the objects, `SelectorIndex` visits what `filter(labelsMatch)` keeps.
 */
import fc from 'fast-check';
import type { K8sObject } from '../../lib/k8s-object';
import { labelsMatch, ObjectIndex, SelectorIndex } from '../../lib/checks/object-index';
import { fcParams } from '../property/runs';
import { ns } from './helpers';

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
  const visited = <T>(index: SelectorIndex<T>, labels: Record<string, string>): T[] => {
    const out: T[] = [];
    index.forEachMatching(labels, (item) => out.push(item));
    return out;
  };

  it('forEachMatching(labels) visits each item filter(labelsMatch) keeps, once', () => {
    fc.assert(
      fc.property(fc.array(selector, { maxLength: 12 }), fc.array(labels, { minLength: 1, maxLength: 6 }), (selectors, labelSets) => {
        const index = new SelectorIndex<number>();
        selectors.forEach((s, i) => index.add(s, i));
        for (const l of labelSets) {
          const expected = selectors.map((s, i) => [s, i] as const).filter(([s]) => labelsMatch(s, l)).map(([, i]) => i);
          expect(visited(index, l).sort((a, b) => a - b)).toEqual(expected);
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
    expect(visited(index, { tier: 'front', app: 'web' }).sort()).toEqual(['all', 'front', 'web-front']);
    expect(visited(index, { app: 'web' })).toEqual(['all']);
    expect(visited(index, { 'a\u0000b': 'c', a: 'b\u0000c' })).toEqual(['all']);
  });
});
