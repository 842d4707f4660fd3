import { GENERATED_MODULE, kindValidatorsModule } from '../../scripts/generate-kind-validators';
import { readGeneratedModule } from '../../scripts/generated-module';
import { validateObjectsWith } from '../../lib/checks/schema';
import { PRECOMPILED_KINDS, SchemaRegistry, splitLargeSubschemas } from '../../lib/checks/schema/registry';
import type { K8sObject } from '../../lib/k8s-object';
import * as generated from '../../lib/checks/schema/kind-validators.generated';
import { valid, VALID } from './fixtures';
import { declaredConstants } from '../helpers/declared-constants';

describe('precompiled kind validators', () => {
  const precompiled = new SchemaRegistry();
  const compiled = new SchemaRegistry(undefined, { precompiled: false });

  test('are generated from the committed schemas (else run: npx tsx scripts/generate-kind-validators.ts)', () => {
    const committed = readGeneratedModule(GENERATED_MODULE);
    const current = kindValidatorsModule();
    expect(committed.js).toBe(current.js);
    expect(committed.dts).toBe(current.dts);
  });

  test('declare exactly what the JavaScript module exports, and a validator for every precompiled kind', () => {
    const dts = readGeneratedModule(GENERATED_MODULE).dts;
    expect(declaredConstants(dts)).toEqual(Object.keys(generated).filter((k) => k !== 'default').sort());
    expect(Object.keys(generated.KIND_VALIDATORS).sort()).toEqual([...PRECOMPILED_KINDS].sort());
    for (const key of PRECOMPILED_KINDS) {
      expect(typeof (generated.KIND_VALIDATORS as Record<string, unknown>)[key]).toBe('function');
      expect(dts).toContain(`readonly ${JSON.stringify(key)}: StandaloneValidateFunction;`);
    }
    expect(Object.keys(generated.CEL_RULE_ASTS).length).toBeGreaterThan(10);
    expect(typeof generated.SCHEMA_HASH).toBe('string');
  });

  test('are used for every precompiled kind when the hash matches', () => {
    expect(generated.SCHEMA_HASH).toBe(precompiled.precompiledHash());
    for (const key of PRECOMPILED_KINDS) {
      const slash = key.lastIndexOf('/');
      const v = precompiled.get(key.slice(0, slash), key.slice(slash + 1));
      expect(v?.validate).toBe((generated.KIND_VALIDATORS as Record<string, unknown>)[key]);
    }
  });

  test('report exactly what runtime-compiled validators report, valid and invalid objects of every kind', () => {
    let invalid = 0;
    for (const key of PRECOMPILED_KINDS) {
      const base = valid(key);
      const spec = (base.spec ?? {}) as Record<string, unknown>;
      const cases: unknown[] = [
        base,
        { ...base, bogus: true, metadata: { ...base.metadata, name: 7, labels: { a: 2 } } },
        { ...base, spec: 'not an object' },
        // every spec field with a wrong type, and with an unknown field inside
        ...Object.keys(spec).flatMap((k) => [
          { ...base, spec: { ...spec, [k]: 12345 } },
          { ...base, spec: { ...spec, [k]: { bogus: 1 }, unknownField: [] } },
          { ...base, spec: { ...spec, [k]: ['x', { y: null }] } },
        ]),
      ];
      const slash = key.lastIndexOf('/');
      const a = precompiled.get(key.slice(0, slash), key.slice(slash + 1))!.validate;
      const b = compiled.get(key.slice(0, slash), key.slice(slash + 1))!.validate;
      expect(a).not.toBe(b);
      for (const obj of cases) {
        const ok = a(obj);
        expect(ok).toBe(b(obj));
        expect(a.errors ?? null).toEqual(b.errors ?? null);
        if (!ok) invalid++;
      }
      expect(a(base)).toBe(true);
    }
    expect(invalid).toBeGreaterThan(100);
  });
});

/** Invalid variants of an object: wrong types, unknown fields, and values that break enums, patterns and oneOfs. */
function brokenVariants(base: K8sObject): unknown[] {
  const spec = (base.spec ?? {}) as Record<string, unknown>;
  const deep = (v: unknown, depth = 0): unknown[] => {
    if (depth > 3 || typeof v !== 'object' || v === null) return [];
    if (Array.isArray(v)) return v.length ? [[...v, 12345], [{ bogus: 1 }], ...deep(v[0], depth + 1).map((x) => [x, ...v.slice(1)])] : [];
    const o = v as Record<string, unknown>;
    return Object.keys(o).flatMap((k) => [
      { ...o, [k]: 12345 },
      { ...o, [k]: 'not-an-enum' },
      { ...o, [k]: 'Not a DNS name!' },
      { ...o, [k]: { bogus: [1] } },
      { ...o, unknownField: null, [`${k}X`]: true },
      ...deep(o[k], depth + 1).map((x) => ({ ...o, [k]: x })),
    ]);
  };
  return [{ ...base, spec: 'x' }, ...deep(spec).map((s) => ({ ...base, spec: s }))];
}

describe('large subschemas compiled as functions of their own', () => {
  const crdKinds = Object.keys(VALID).filter((k) => !PRECOMPILED_KINDS.includes(k) || true).filter((k) => !k.startsWith('v1/') && !/^(apps|batch|autoscaling|policy|rbac\.authorization\.k8s\.io|networking\.k8s\.io)\//.test(k));

  test('are split only outside anyOf/oneOf/not, and only when large', () => {
    const schema = {
      type: 'object',
      properties: {
        small: { type: 'string' },
        large: { type: 'object', properties: Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`field${i}`, { type: 'string', maxLength: 10 }])) },
        not: { type: 'object', properties: Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`f${i}`, { type: 'string' }])) },
      },
      oneOf: [{ properties: { branch: { type: 'object', properties: Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`b${i}`, { type: 'string' }])) } } }, { required: ['small'] }],
    };
    const split = splitLargeSubschemas(schema);
    expect(split.properties!.large).toEqual({ $ref: '#/definitions/split0' });
    expect((split.definitions as Record<string, unknown>).split0).toEqual(schema.properties.large);
    expect(split.properties!.small).toEqual(schema.properties.small);
    expect(split.properties!.not).toEqual(schema.properties.not); // a property path the branch pattern matches
    expect(split.oneOf).toBe(schema.oneOf);
  });

  test('report exactly what one function per schema reports, on invalid objects of every custom resource kind', () => {
    expect(crdKinds.length).toBeGreaterThanOrEqual(10);
    const ap = valid('security.istio.io/v1/AuthorizationPolicy');
    const objects = [
      ...crdKinds.flatMap((k) => [valid(k), ...brokenVariants(valid(k))]),
      // patterns (group, kind) inside a targetRef, next to a selector: a oneOf and a CEL rule fail too
      { ...ap, spec: { ...ap.spec, targetRef: { group: 'Not A Group', kind: '-', name: 'g', namespace: 'x' }, rules: [{ from: [{ source: { serviceAccounts: ['a'], principals: ['b'] } }] }] } },
    ] as K8sObject[];
    const whole = validateObjectsWith(new SchemaRegistry(undefined, { precompiled: false, splitSchemas: false }), objects);
    const split = validateObjectsWith(new SchemaRegistry(undefined, { precompiled: false }), objects);
    expect(split).toEqual(whole);
    expect(split.length).toBeGreaterThan(300);
    expect(new Set(split.map((v) => v.kind))).toEqual(new Set(['type', 'enum', 'unknown-field', 'other', 'pattern', 'cel', 'required']));
  });
});
