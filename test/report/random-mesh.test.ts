/**
 * The optimized analysis (compiled policies, ingress admission indexed by the rules' peers, pairs decided for all
 * ports at once, shared reasons and decisions) against a straightforward computation on random meshes: the
 * independent evaluator asked about every caller, destination, port and request one by one.
 */
import fc from 'fast-check';
import { synthesizeMesh } from '../../lib/mesh/synthesize';
import { analyzeConnectivity } from '../../lib/report';
import { arbMeshCase, PORT_NUMBERS, toYaml } from '../property/arbitraries';
import { fcParams, propertyTimeout } from '../property/runs';
import { disagreements, evaluatorWorld } from './evaluator-check';

process.env.SECURE_MESH_QUIET = '1';

describe('connectivity report on random meshes', () => {
  test('every pair, port and request: the report allows exactly what the evaluator lets through', () => {
    let checked = 0;
    fc.assert(fc.property(arbMeshCase, (c) => {
      const { objects } = synthesizeMesh(c.def);
      const report = analyzeConnectivity(objects);
      const result = disagreements(evaluatorWorld(objects, report), report, PORT_NUMBERS);
      checked += result.checked;
      if (result.found.length > 0) {
        throw new Error(`${result.found.length} disagreement(s), e.g.\n${result.found.slice(0, 5).map((d) => `  ${d.request}: report ${d.report ? 'allows' : 'refuses'}, evaluator ${d.evaluator ? 'allows' : 'refuses'}`).join('\n')}\n${toYaml(c.def)}`);
      }
    }), fcParams(40));
    expect(checked).toBeGreaterThan(1_000); // the meshes are random in size: 40 of them ask several thousand requests
  }, propertyTimeout(40));
});
