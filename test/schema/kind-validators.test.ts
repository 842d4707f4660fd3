import * as fs from 'fs';
import { GENERATED_FILE, kindValidatorsSource } from '../../scripts/generate-kind-validators';
import { PRECOMPILED_KINDS, SchemaRegistry } from '../../lib/checks/schema/registry';
import * as generated from '../../lib/checks/schema/kind-validators.generated';
import { valid } from './fixtures';

describe('precompiled kind validators', () => {
  const precompiled = new SchemaRegistry();
  const compiled = new SchemaRegistry(undefined, { precompiled: false });

  test('are generated from the committed schemas (else run: npx tsx scripts/generate-kind-validators.ts)', () => {
    expect(fs.readFileSync(GENERATED_FILE, 'utf8')).toBe(kindValidatorsSource());
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
