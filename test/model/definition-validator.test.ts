import * as fs from 'fs';
import definitionSchema from '../../schemas/secure-mesh.schema.json';
import { definitionValidatorSource, GENERATED_FILE } from '../../scripts/generate-definition-validator';
import { structuralProblems } from '../../lib/model/validate-structure';

describe('precompiled definition validator', () => {
  test('is generated from the committed schema (else run: npx tsx scripts/generate-definition-validator.ts)', () => {
    expect(fs.readFileSync(GENERATED_FILE, 'utf8')).toBe(definitionValidatorSource((definitionSchema as { definitions: object }).definitions));
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
