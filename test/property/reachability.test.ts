import fc from 'fast-check';
import { arbMeshCase } from './arbitraries';
import { assertReachability, synthesizeValid } from './check';
import { fcParams, propertyTimeout } from './runs';

process.env.SECURE_MESH_QUIET = '1';

describe('random valid definitions', () => {
  test('synthesize, and every object passes the strict schema validation', () => {
    fc.assert(fc.property(arbMeshCase, (c) => { synthesizeValid(c.def); }), fcParams(60));
  }, propertyTimeout(60));

  test('the evaluator lets through exactly what the definition declares', () => {
    fc.assert(fc.property(arbMeshCase, (c) => { assertReachability(c.def); }), fcParams(140));
  }, propertyTimeout(140));
});
