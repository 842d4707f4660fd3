import * as fs from 'fs';
import * as path from 'path';
import { ApiObject, Chart } from 'cdk8s';
import * as fc from 'fast-check';
import * as YAML from 'yaml';
import { buildCharts } from '../../apps/main';
import { generateMesh } from '../../bench/generate';
import type { K8sObject } from '../../lib/k8s-object';
import { synthesizeMesh } from '../../lib/mesh/synthesize';
import { CDK8S_YAML_OPTIONS, documentYaml, fastString, toYaml } from '../../lib/serialize/yaml';
import { testApp } from '../helpers/cdk8s';

/** What cdk8s writes for these objects as ApiObjects of one chart (the floor toYaml must equal). */
function cdk8sYaml(objects: readonly K8sObject[]): string {
  const app = testApp();
  const chart = new Chart(app, 'c', { disableResourceNameHashes: true });
  objects.forEach((obj, i) => new ApiObject(chart, `o${i}`, obj));
  return app.synthYaml();
}

/** The props an ApiObject was built from (private in cdk8s; read here only to feed toYaml the same input). */
function propsOf(obj: ApiObject): K8sObject {
  return (obj as unknown as { props: K8sObject }).props;
}

function isPlainData(value: unknown): boolean {
  if (value === null || typeof value !== 'object') return true;
  if (Array.isArray(value)) return value.every(isPlainData);
  return Object.getPrototypeOf(value) === Object.prototype && Object.values(value).every(isPlainData);
}

describe('toYaml is byte-identical to cdk8s', () => {
  test('for every chart of every example app, as written to disk by app.synth()', () => {
    const app = testApp();
    buildCharts(app);
    app.synth();
    expect(app.charts.length).toBeGreaterThan(0);
    for (const chart of app.charts) {
      // Raw props where they are plain data (what the emitters produce); objects built by other
      // constructs with cdk8s Lazy values go in resolved (toYaml takes plain data only).
      const objects = chart.node.findAll().filter((c): c is ApiObject => c instanceof ApiObject).map((o) => (isPlainData(propsOf(o)) ? propsOf(o) : (o.toJson() as K8sObject)));
      const written = fs.readFileSync(path.join(app.outdir, `${chart.node.id}.k8s.yaml`), 'utf8');
      expect(objects.length).toBeGreaterThan(10);
      expect(toYaml(objects)).toBe(written);
      // Already-normalized input (chart.toJson()) renders the same: normalization is idempotent.
      expect(toYaml(chart.toJson() as K8sObject[])).toBe(written);
    }
  });

  test('for the 1,000-workload benchmark mesh (every 7th object and the first of each kind)', () => {
    // The whole mesh through cdk8s takes ~10 s (the yaml package's stringify dominates); `npm run bench`
    // compares every object of every size on each run (column "toYaml == cdk8s bytes").
    const { objects } = synthesizeMesh(generateMesh({ workloads: 1000, namespaces: 100 }));
    const firstOfKind = new Set([...new Map(objects.map((o) => [o.kind, o] as const)).keys()].map((kind) => objects.find((o) => o.kind === kind)));
    const sample = objects.filter((o, i) => i % 7 === 0 || firstOfKind.has(o));
    expect(new Set(sample.map((o) => o.kind))).toEqual(new Set(objects.map((o) => o.kind)));
    expect(sample.length).toBeGreaterThan(400);
    expect(toYaml(sample)).toBe(cdk8sYaml(sample));
  });

  test('cdk8s writes with the same yaml package version the serializer delegates to', () => {
    const bundled = JSON.parse(fs.readFileSync(path.join(path.dirname(require.resolve('cdk8s/package.json')), 'node_modules', 'yaml', 'package.json'), 'utf8')) as { version: string };
    const ours = JSON.parse(fs.readFileSync(require.resolve('yaml/package.json'), 'utf8')) as { version: string };
    expect(ours.version).toBe(bundled.version);
  });

  test('an empty list of objects is an empty file, as cdk8s writes it', () => {
    expect(toYaml([])).toBe(cdk8sYaml([]));
    expect(toYaml([])).toBe('');
  });

  test('metadata: empty labels, annotations and lists are dropped; null members anywhere are dropped', () => {
    const obj = {
      apiVersion: 'v1', kind: 'ConfigMap',
      metadata: { name: 'x', namespace: 'n', labels: {}, annotations: { a: '' }, finalizers: [], extra: { deep: {} } },
      data: { b: 'yes', a: null, c: undefined, e: {}, f: [], '10': 'ten', '9': 'nine' },
      zeta: 1, binaryData: null,
    } as unknown as K8sObject;
    const yaml = toYaml([obj]);
    expect(yaml).toBe(cdk8sYaml([obj]));
    expect(yaml).toBe([
      'apiVersion: v1', 'kind: ConfigMap', 'metadata:', '  annotations:', '    a: ""', '  name: x', '  namespace: "n"',
      'data:', '  "9": nine', '  "10": ten', '  b: "yes"', '  e: {}', '  f: []', 'zeta: 1', '',
    ].join('\n'));
  });

  test('lists in lists, maps in them and empty collections at every depth (each header is fused with its first line)', () => {
    const obj = {
      apiVersion: 'v1', kind: 'Nested', metadata: { name: 'n' },
      spec: { a: [[1, [2, { k: 'v', e: {}, l: [] }]], [], [{}], [[]], [{ m: [[{ x: 1 }]] }]], b: { c: { d: [], e: { f: {} } } }, g: [{ h: null, i: 'j' }] },
    } as unknown as K8sObject;
    const yaml = toYaml([obj, obj]);
    expect(yaml).toBe(cdk8sYaml([obj, obj]));
    expect(yaml).toContain('  a:\n    - - 1\n      - - 2\n        - e: {}\n');
  });

  test('more distinct keys than the line cache holds: it is dropped mid-document and the output stays the same', () => {
    // Each key caches three lines (`kNNNNN:`, `v:` under it, `- i:` in its list), so 40,000 keys pass the cache's
    // bound of 100,000 lines: it is dropped while the writer holds leads from it, then refilled.
    const keys = Array.from({ length: 40_000 }, (_, i) => `k${String(i).padStart(5, '0')}`);
    const obj = { apiVersion: 'v1', kind: 'Big', metadata: { name: 'big' }, spec: Object.fromEntries(keys.map((k, i) => [k, { v: [{ i }, 'x'] }])) } as unknown as K8sObject;
    const expected = ['apiVersion: v1', 'kind: Big', 'metadata:', '  name: big', 'spec:', ...keys.flatMap((k, i) => [`  ${k}:`, '    v:', `      - i: ${i}`, '      - x']), ''].join('\n');
    expect(toYaml([obj])).toBe(expected);
    expect(toYaml([obj, obj])).toBe(`${expected}---\n${expected}`);
  });

  test('documents the fast path cannot write (block scalars, holes in lists) fall back to yaml and still match', () => {
    const objects = [
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'pem' }, data: { 'ca.crt': '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n' } },
      { apiVersion: 'v1', kind: 'List', metadata: { name: 'holes' }, items: [1, null, undefined, 'x'] },
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'long-key' }, data: { ['k'.repeat(1100)]: 'v' } },
    ] as unknown as K8sObject[];
    expect(toYaml(objects)).toBe(cdk8sYaml(objects));
    expect(documentYaml(objects[0])).toContain('ca.crt: |\n');
  });
});

// ---------------------------------------------------------------------------------------------
// Random objects

const tricky = fc.constantFrom(
  '*', 'yes', 'Yes', 'NO', 'y', 'n', 'on', 'Off', 'true', 'null', 'Null', '~', '0755', '1e3', '1_000', '0x1F', '0b10', '12:30', '2001-12-14',
  '.inf', '-.Inf', '.nan', '+1', '-1', '1.', ':', 'a: b', 'a:b', '- x', '-', '-x', '? x', '#x', 'a #b', 'a# b', '&a', '*a', '!tag', '|', '>',
  "'q'", '"q"', '%x', '@x', '`x', '', ' ', ' a', 'a ', 'a\nb', 'a\n', '\n', 'tab\there', 'é', '日本', '😀', '\u2028', '--- x', '...', '<<', '=',
  'a/b', 'istio-system', 'cluster.local/ns/a/sa/b', '/api/*', '*.json', 'x'.repeat(250), '[a]', '{a}', 'a,b', '\\', 'ü-x', '\u0000', '\u007f',
);
const text = fc.oneof(tricky, fc.string({ unit: 'grapheme', maxLength: 12 }), fc.stringMatching(/^[A-Za-z][A-Za-z0-9._/-]{0,12}$/));
const key = fc.oneof(tricky, fc.string({ maxLength: 8 }), fc.stringMatching(/^[a-z][a-zA-Z0-9]{0,8}$/)).filter((k) => k !== '__proto__');
const leaf = fc.oneof(
  { weight: 4, arbitrary: text },
  { weight: 2, arbitrary: fc.integer({ min: -100000, max: 100000 }) },
  { weight: 1, arbitrary: fc.double() },
  { weight: 1, arbitrary: fc.constantFrom(-0, 0, 2 ** 53, 1e21, 0.1, NaN, Infinity, -Infinity) },
  { weight: 1, arbitrary: fc.boolean() },
  { weight: 1, arbitrary: fc.constantFrom(null, undefined) },
);
const { value: json } = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof({ depthSize: 'small', withCrossShrink: true }, leaf, fc.array(tie('value'), { maxLength: 4 }), fc.dictionary(key, tie('value'), { maxKeys: 4, noNullPrototype: true })),
}));
const k8sObject = fc.record({
  apiVersion: fc.constantFrom('v1', 'security.istio.io/v1', 'cert-manager.io/v1'),
  kind: fc.constantFrom('ConfigMap', 'PeerAuthentication', 'Certificate'),
  metadata: fc.record({
    name: fc.stringMatching(/^[a-z][a-z0-9-]{0,10}$/),
    namespace: fc.option(fc.stringMatching(/^[a-z][a-z0-9-]{0,10}$/), { nil: undefined }),
    labels: fc.option(fc.dictionary(key, text, { maxKeys: 3, noNullPrototype: true }), { nil: undefined }),
    annotations: fc.option(fc.dictionary(key, text, { maxKeys: 3, noNullPrototype: true }), { nil: undefined }),
    extra: fc.option(json, { nil: undefined }),
  }, { requiredKeys: ['name'], noNullPrototype: true }),
  spec: json,
  data: fc.option(fc.dictionary(key, text, { maxKeys: 4, noNullPrototype: true }), { nil: undefined }),
}, { requiredKeys: ['apiVersion', 'kind', 'metadata'], noNullPrototype: true });

describe('toYaml on random objects', () => {
  test('equals cdk8s for random nested JSON with tricky strings, numbers and empty collections', () => {
    fc.assert(
      fc.property(fc.array(k8sObject, { minLength: 1, maxLength: 4 }), (objects) => {
        expect(toYaml(objects as K8sObject[])).toBe(cdk8sYaml(objects as K8sObject[]));
      }),
      { numRuns: 150 },
    );
  });

  test('equals cdk8s whatever order keys come in: sorted (as emitters build them), shuffled, integer-like, or more than 12', () => {
    // The writer checks the order and sorts only maps that need it (insertion sort up to 12 keys, `sort` above), and
    // writes objects whose top-level keys are already in cdk8s' order without copying them.
    const word = fc.stringMatching(/^[a-zA-Z_.~-][a-zA-Z0-9]{0,6}$/);
    const key = fc.oneof(word, fc.stringMatching(/^[0-9]{1,3}$/), fc.constantFrom('a', 'B', 'Z', '_x', '-y', '.z', '~', 'é', 'spec', 'zeta'));
    const value = fc.oneof(fc.string({ maxLength: 5 }), fc.integer(), fc.constant(null), fc.constant({}), fc.dictionary(key, fc.integer(), { maxKeys: 3, noNullPrototype: true }));
    const entries = fc.oneof(
      fc.uniqueArray(fc.tuple(key, value), { maxLength: 6, selector: ([k]) => k }),
      // Integer-like keys take their own path before the length matters: none in some of the long maps.
      fc.uniqueArray(fc.tuple(fc.oneof(key, word), value), { minLength: 13, maxLength: 20, selector: ([k]) => k }),
      fc.uniqueArray(fc.tuple(word, value), { minLength: 13, maxLength: 20, selector: ([k]) => k }),
    );
    const ordered = entries.chain((es) =>
      fc.oneof(fc.constant(es), fc.constant([...es].sort(([a], [b]) => (a < b ? -1 : 1))), fc.shuffledSubarray(es, { minLength: es.length, maxLength: es.length })),
    );
    const reserved = new Set(['apiVersion', 'kind', 'metadata', '__proto__']);
    const object = fc.tuple(ordered, ordered).map(([top, nested]) => ({
      apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' },
      ...Object.fromEntries(top.filter(([k]) => !reserved.has(k))),
      zz: Object.fromEntries(nested.filter(([k]) => k !== '__proto__')),
    }));
    fc.assert(
      fc.property(fc.array(object, { minLength: 1, maxLength: 3 }), (objects) => {
        expect(toYaml(objects as K8sObject[])).toBe(cdk8sYaml(objects as K8sObject[]));
      }),
      { numRuns: 150 },
    );
  });

  // The words YAML 1.1 reads as booleans or null, exactly as yaml 2.9 matches them (schema/yaml-1.1/bool.js,
  // common/null.js): only these case variants, so `oN` or `nULL` stay plain strings. The writer quotes exactly these
  // and leaves other case variants to yaml: the tests below pin what yaml does.
  const YAML11_BOOL_OR_NULL = /^(?:Y|y|[Yy]es|YES|[Tt]rue|TRUE|[Oo]n|ON|N|n|[Nn]o|NO|[Ff]alse|FALSE|[Oo]ff|OFF|[Nn]ull|NULL)$/;
  const howYamlWrites = (s: string) => [YAML.stringify({ k: s }, CDK8S_YAML_OPTIONS), YAML.stringify([s], CDK8S_YAML_OPTIONS), YAML.stringify({ [s]: 0 }, CDK8S_YAML_OPTIONS)];
  const asKeyValueItem = (written: string) => [`k: ${written}\n`, `- ${written}\n`, `${written}: 0\n`];

  test.each(['on', 'On', 'ON', 'NULL', 'y', 'False'])('%s reads back as a boolean or null: yaml double-quotes it, and so does the fast path (without loading yaml)', (s) => {
    expect(howYamlWrites(s)).toEqual(asKeyValueItem(`"${s}"`));
    expect(YAML11_BOOL_OR_NULL.test(s)).toBe(true);
    expect(fastString(s)).toBe(`"${s}"`);
  });

  test.each(['e5', 'E-12'])('%s reads back as a number: yaml quotes it and the fast path leaves it to yaml', (s) => {
    expect(howYamlWrites(s)).toEqual(asKeyValueItem(`"${s}"`));
    expect(fastString(s)).toBeUndefined();
  });

  test.each(['oN', 'nULL', 'yES', 'tRUE', 'Onn', 'e5x'])('%s is not a YAML 1.1 word: yaml writes it plain, and the fast path never writes it differently', (s) => {
    expect(howYamlWrites(s)).toEqual(asKeyValueItem(s));
    expect([s, undefined]).toContain(fastString(s));
  });

  test('strings of the fast path are written plain by yaml too, as keys, values and items', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[A-Za-z][A-Za-z0-9._/-]{0,30}$/), (s) => {
        const readsBack = YAML11_BOOL_OR_NULL.test(s) || /^[eE]-?[0-9]+$/.test(s);
        expect(howYamlWrites(s)).toEqual(asKeyValueItem(readsBack ? `"${s}"` : s));
      }),
      { numRuns: 1000 },
    );
  });
});
