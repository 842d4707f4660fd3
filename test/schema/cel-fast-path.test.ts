/**
 * The CEL fast path (lib/checks/schema/cel-fast-path.ts) may only ever say "holds" where cel-js says the rule holds,
 * and the validator must report exactly what it reports with cel-js alone. Checked three ways: on the sample values
 * of every rule in the schemas, on generated values for those rules and for rules that use every construct the fast
 * path models, and end to end on valid and broken objects of every kind that has rules.
 */
import fc from 'fast-check';
import { compileRule, evaluateRule, toCel, type CompiledRule, type SchemaLike } from '../../lib/checks/schema/cel';
import { validateObjectsWith } from '../../lib/checks/schema';
import { PRECOMPILED_KINDS, SchemaRegistry } from '../../lib/checks/schema/registry';
import type { K8sObject } from '../../lib/k8s-object';
import { synthesizeMesh } from '../../lib/mesh/synthesize';
import { generateMesh } from '../../bench/generate';
import { fcParams } from '../property/runs';
import { SAMPLES } from './cel-samples';
import { valid, VALID } from './fixtures';

const registry = new SchemaRegistry();
const withoutFastPath = new SchemaRegistry(undefined, { celFastPath: false });

/** Every rule of every kind with its plan node's schema (toCel reads it for numbers). */
const RULES = registry.kinds().flatMap((key) => {
  const slash = key.lastIndexOf('/');
  return registry.rulesOf(key.slice(0, slash), key.slice(slash + 1)).map((r) => ({ kind: key, ...r }));
});

/** cel-js's verdict on `self` as the validator converts it. */
function celJsHolds(rule: CompiledRule, self: unknown, schema?: SchemaLike): boolean {
  return evaluateRule(rule, toCel(self, schema)).ok;
}

// Values shaped like what the rules read: the field names they test, label-ish strings with `*` and empty keys,
// surrogates, numbers (which the fast path leaves to cel-js), nulls, lists, dates and an own `__proto__`.
const fieldName = fc.constantFrom('selector', 'targetRef', 'targetRefs', 'serviceAccounts', 'notServiceAccounts', 'principals',
  'notPrincipals', 'namespaces', 'notNamespaces', 'portLevelMtls', 'matchLabels', 'tlsCertificates', 'credentialName',
  'credentialNames', 'configMap', 'secret', 'inLine', 'useDefaultCAs', 'jks', 'pkcs12', 'name', 'tpp', 'cloud', 'ngts', 'app', 'a*', '', '80', '0', '65536', '080', '-1');
const text = fc.constantFrom('', 'web', '*', 'web*', 'a*b', '1ms', '0s', 'x'.repeat(70), '\uD83D\uDE00', '\uD800', '8080', '007');
/** `o` with an own enumerable `__proto__` field, as JSON.parse makes it. */
function withOwnProto(o: Record<string, unknown>, p: unknown): Record<string, unknown> {
  const copy: Record<string, unknown> = {};
  for (const k of Object.keys(o)) if (k !== '__proto__') copy[k] = o[k];
  return Object.defineProperty(copy, '__proto__', { value: p, enumerable: true, configurable: true, writable: true });
}
const leaf = fc.oneof(text, fc.integer({ min: -3, max: 70000 }), fc.double(), fc.boolean(), fc.constant(null), fc.constant(undefined), fc.constant(new Date(0)));
const value = fc.letrec<{ v: unknown }>((tie) => ({
  v: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leaf,
    fc.array(tie('v'), { maxLength: 3 }),
    fc.dictionary(fieldName, tie('v'), { maxKeys: 4 }),
    fc.tuple(fc.dictionary(fieldName, tie('v'), { maxKeys: 2 }), tie('v')).map(([o, p]) => withOwnProto(o, p)),
  ),
})).v;

describe('CEL fast path', () => {
  it('covers the rules of the kinds the mesh emits, so they need no cel-js (all but the duration rules)', () => {
    const emitted = RULES.filter((r) => PRECOMPILED_KINDS.includes(r.kind) && !r.rule.transition);
    expect(emitted.length).toBeGreaterThan(40);
    const without = [...new Set(emitted.filter((r) => !r.rule.definitelyHolds).map((r) => r.rule.rule))];
    expect(without).toEqual(["duration(self) >= duration('1ms')"]);
  });

  it.each(RULES.filter((r) => r.rule.definitelyHolds).map((r) => [`${r.kind} ${r.path}`, r] as const))(
    '%s: holds on the pass samples, never on the fail samples',
    (_name, r) => {
      const samples = SAMPLES[r.rule.rule];
      for (const s of samples.pass) expect([s, r.rule.definitelyHolds!(s)]).toEqual([s, true]);
      for (const s of samples.fail) expect([s, r.rule.definitelyHolds!(s)]).toEqual([s, false]);
    },
  );

  it('says "holds" only where cel-js does, for every rule in the schemas, on generated values', () => {
    const rules = [...new Map(RULES.filter((r) => r.rule.definitelyHolds).map((r) => [r.rule.rule, r.rule])).values()];
    let decided = 0;
    fc.assert(
      fc.property(value, (self) => {
        for (const rule of rules) {
          if (!rule.definitelyHolds!(self)) continue;
          decided++;
          expect([rule.rule, self, celJsHolds(rule, self)]).toEqual([rule.rule, self, true]);
        }
      }),
      fcParams(400),
    );
    expect(decided).toBeGreaterThan(100);
  });

  // Each construct the fast path models, alone and combined, including where it must stay unsure.
  const CONSTRUCTS = [
    'has(self.selector) ? self.selector.size() > 0 : true',
    '!has(self.a) || (has(self.a) && self.a == "web")',
    'self.all(k, k.size() <= 3) && self.exists(k, k == "app")',
    'self.filter(k, !k.contains("*")).size() == self.size()',
    '[has(self.a), has(self.b), true].filter(x, x).size() >= 1',
    'self.all(k, self.all(j, j == k || j != k))',
    'self.all(k, self.exists(j, k.contains(j)))',
    'self.all(k, !k.contains("\uD83D"))',
    'self.all(self, self.size() > 0)',
    'int(self) + 1 > 8080 && int(self) - 1 < 9000',
    '0 < int(self) && int(self) <= 65535',
    'size(self) != 0',
    'self.size() == 0 || self[0] == "x"',
    'self == {} || self != null',
    '(has(self.a) ? self.a : {}).size() >= 0',
    'self.a.b == "web"',
    'has(self.a.b)',
    'self.a == true || self.a == false',
    'self < "b"',
    'self == 1.0',
    'self + "x" == "webx"',
    '9223372036854775807 + (has(self.a) ? 1 : 0) > 0',
    "self.exists(k, k == 'a') ? true : false",
  ];

  it.each(CONSTRUCTS)('%s: says "holds" only where cel-js does', (rule) => {
    const compiled = compileRule({ rule });
    expect(compiled.compileError).toBeUndefined();
    if (!compiled.definitelyHolds) return; // not modelled (e.g. `-`, indexing, doubles): every evaluation goes to cel-js
    fc.assert(
      fc.property(value, (self) => {
        if (compiled.definitelyHolds!(self)) expect([self, celJsHolds(compiled, self)]).toEqual([self, true]);
      }),
      fcParams(300),
    );
  });

  it('decides the constructs it models (not a path that never says "holds")', () => {
    const holds = (rule: string, self: unknown): boolean | undefined => compileRule({ rule }).definitelyHolds?.(self);
    expect(holds('has(self.selector) ? self.selector.size() > 0 : true', { selector: { app: 'x' } })).toBe(true);
    expect(holds('self.all(k, k.size() <= 3) && self.exists(k, k == "app")', { app: 'x', b: 1 })).toBe(true);
    expect(holds('[has(self.a), has(self.b), true].filter(x, x).size() >= 1', {})).toBe(true);
    expect(holds('self.all(k, self.exists(j, k.contains(j)))', { ab: 1, b: 2 })).toBe(true);
    expect(holds('0 < int(self) && int(self) <= 65535', '8080')).toBe(true);
    expect(holds('0 < int(self) && int(self) <= 65535', '007')).toBe(false); // cel-js reads it; the fast path does not
    expect(holds('self.all(k, k.size() != 0)', { '\uD83D\uDE00': 'x' })).toBe(false); // surrogates: cel-js decides
    expect(holds('has(self.a)', JSON.parse('{"__proto__": 1}'))).toBe(false); // toCel drops it: cel-js decides
    expect(holds('has(self.a)', { a: 1 })).toBe(true); // present, whatever its type
    expect(holds('self.a == 1', { a: 1 })).toBe(false); // numbers from the object: int or double is the schema's call
    expect(compileRule({ rule: 'has(self.a)' }, { fastPath: false }).definitelyHolds).toBeUndefined();
    expect(compileRule({ rule: "duration(self) >= duration('1ms')" }).definitelyHolds).toBeUndefined();
    expect(compileRule({ rule: 'oldSelf == self' }).definitelyHolds).toBeUndefined();
    expect(compileRule({ rule: '(has(self.a) ? 1 : "x") == 1' }).definitelyHolds).toBeUndefined(); // does not type-check
  });
});

describe('validation with and without the fast path', () => {
  /** Objects of every kind with rules, broken in the ways the rules check and in ways they do not. */
  function brokenVariants(obj: K8sObject): K8sObject[] {
    const spec = (obj.spec ?? {}) as Record<string, unknown>;
    const edits: Record<string, unknown>[] = [
      { targetRef: { kind: 'Gateway', name: 'g' }, targetRefs: [{ kind: 'Service', name: 's', namespace: 'x' }] },
      { selector: { matchLabels: { 'a*': 'x', '': 'y', app: 'w*' } } },
      { selector: {}, portLevelMtls: { '0': { mode: 'STRICT' }, '8080': {} } },
      { portLevelMtls: { '65536': {} } },
      { rules: [{ from: [{ source: { serviceAccounts: ['a/b'], principals: ['p'] } }, { source: { notServiceAccounts: ['x'], namespaces: ['n'] } }] }] },
      { rules: [{ from: [{ source: { serviceAccounts: [7] } }] }] },
      { workloadSelector: { labels: { app: 'web*' } }, ingress: [{ port: { number: 80, protocol: 'HTTP', name: 'h' }, tls: { credentialName: 'a', credentialNames: ['b'] } }] },
      { sources: [{ configMap: { name: 'a', selector: {} } }, {}], target: {} },
      { target: { configMap: { key: 'k' }, additionalFormats: {} } },
      { venafi: { zone: 'z', tpp: { url: 'u', credentialsRef: { name: 'n' } }, cloud: { apiTokenSecretRef: { name: 'n' } } } },
      { trafficPolicy: { connectionPool: { tcp: { connectTimeout: '0s' } } }, workloadSelector: { matchLabels: { 'x*': 'y' } } },
      { selector: 'not an object', rules: 'nope' },
    ];
    return edits.map((e) => ({ ...obj, spec: { ...spec, ...e } }) as K8sObject);
  }

  it('reports exactly the same violations, in the same order, for valid and broken objects of every kind', () => {
    const kinds = Object.keys(VALID).filter((k) => registry.rulesOf(...(k.split(/\/(?=[^/]+$)/) as [string, string])).length > 0);
    expect(kinds.length).toBeGreaterThanOrEqual(7);
    const objects = kinds.flatMap((k) => [valid(k) as K8sObject, ...brokenVariants(valid(k) as K8sObject)]);
    const fast = validateObjectsWith(registry, objects);
    expect(fast).toEqual(validateObjectsWith(withoutFastPath, objects));
    expect(fast.filter((v) => v.kind === 'cel').length).toBeGreaterThan(15);
  });

  it('reports the same on a generated mesh, as emitted and with its policies broken', () => {
    const { objects } = synthesizeMesh(generateMesh({ workloads: 60, namespaces: 6 }));
    const broken = objects.filter((_o, i) => i % 3 === 0).flatMap((o) => brokenVariants(o).slice(0, 6));
    const all = [...objects, ...broken];
    const fast = validateObjectsWith(registry, all);
    expect(fast).toEqual(validateObjectsWith(withoutFastPath, all));
    expect(validateObjectsWith(registry, objects)).toEqual([]);
    expect(fast.length).toBeGreaterThan(50);
  });
});
