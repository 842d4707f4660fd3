import definitionSchema from '../../schemas/secure-mesh.schema.json';
import { definitionValidatorModule, GENERATED_MODULE } from '../../scripts/generate-definition-validator';
import { readGeneratedModule } from '../../scripts/generated-module';
import { structuralProblems } from '../../lib/model/validate-structure';
import * as generated from '../../lib/model/definition-validator.generated';
import { declaredConstants } from '../helpers/declared-constants';

describe('precompiled definition validator', () => {
  test('is generated from the committed schema (else run: npx tsx scripts/generate-definition-validator.ts)', () => {
    const committed = readGeneratedModule(GENERATED_MODULE);
    const current = definitionValidatorModule((definitionSchema as { definitions: object }).definitions);
    expect(committed.js).toBe(current.js);
    expect(committed.dts).toBe(current.dts);
  });

  test('declares exactly what the JavaScript module exports', () => {
    expect(declaredConstants(readGeneratedModule(GENERATED_MODULE).dts)).toEqual(Object.keys(generated).filter((k) => k !== 'default').sort());
    expect(typeof generated.validateSecureMeshProps).toBe('function');
    expect(generated.validateSecureMeshProps({ namespaces: [] })).toBe(true);
    expect(generated.validateSecureMeshProps({ namespaces: 'x' })).toBe(false);
    expect(generated.validateSecureMeshProps.errors?.[0]).toMatchObject({ instancePath: '/namespaces', keyword: 'type' });
  });

  test('reports what the runtime-compiled validator reports', () => {
    const bad = { namespaces: [{ name: 1 }, { nmae: 'x' }], workloads: [{ name: 'w', namespace: 'a', ingress: [{ from: { sytem: 'prometheus' } }] }], pki: { root: { type: 'acme' } } };
    const problems = structuralProblems(bad, 'SecureMeshProps');
    expect(problems).toEqual(expect.arrayContaining([
      { path: 'namespaces[0].name', message: 'must be a string (got number 1)' },
      expect.objectContaining({ path: 'namespaces[1].nmae' }),
    ]));
    expect(problems.some((p) => p.path.startsWith('workloads[0].ingress[0].from'))).toBe(true);
    expect(structuralProblems({ namespaces: [], workloads: [] }, 'SecureMeshProps')).toEqual([]);
  });
});
