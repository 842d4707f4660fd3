/**
 * Every mutation of a valid definition ends in ONE SecureMeshError whose problems name the mutated
 * field, never a TypeError and never partial output.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ApiObject, Chart, Testing } from 'cdk8s';
import fc from 'fast-check';
import { SecureMesh } from '../../lib/mesh/secure-mesh';
import { synthesizeMesh } from '../../lib/mesh/synthesize';
import { SecureMeshError } from '../../lib/model/errors';
import { fcParams, propertyTimeout } from '../property/runs';
import { arbMutated, MUTATION_KINDS, mutate, type Mutated } from './mutations';
import { arbDefinition } from '../property/arbitraries';

process.env.SECURE_MESH_QUIET = '1';

function caught(run: () => unknown): unknown {
  try {
    const output = run();
    return { returned: output };
  } catch (error) {
    return error;
  }
}

function expectNamed(m: Mutated, error: unknown): void {
  if (!(error instanceof SecureMeshError)) {
    throw new Error(`${m.kind}: expected a SecureMeshError naming ${m.path}, got ${error instanceof Error ? `${error.name}: ${error.message}\n${error.stack}` : JSON.stringify(error).slice(0, 300)}`);
  }
  const paths = error.problems.map((p) => p.path);
  if (!paths.includes(m.path)) throw new Error(`${m.kind}: no problem at ${m.path}; problems:\n${error.message.slice(0, 2000)}`);
  // What a user reads names the field too.
  expect(error.message).toContain(`${m.path}: `);
  for (const p of error.problems) expect(p.message.length).toBeGreaterThan(0);
}

describe('mutated definitions', () => {
  test('synthesizeMesh throws a SecureMeshError naming the mutated field', () => {
    fc.assert(fc.property(arbMutated, (m) => { expectNamed(m, caught(() => synthesizeMesh(m.def))); }), fcParams(80));
  }, propertyTimeout(80));

  test.each(MUTATION_KINDS)('%s: at least one generated case names its field', (kind) => {
    // Every mutation kind is exercised in the default run, whatever the random draw.
    const sample = fc.sample(arbDefinition, { numRuns: 20, seed: 42 });
    const applicable = sample.map((def, i) => mutate(def, kind, i)).filter((m) => m.kind === kind);
    expect(applicable.length).toBeGreaterThan(0);
    for (const m of applicable.slice(0, 3)) expectNamed(m, caught(() => synthesizeMesh(m.def)));
  });

  test('the SecureMesh construct throws the same error and writes nothing', () => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'secure-mesh-adversarial-'));
    try {
      fc.assert(fc.property(arbMutated, (m) => {
        const app = Testing.app({ outdir });
        const chart = new Chart(app, 'test');
        expectNamed(m, caught(() => new SecureMesh(chart, 'mesh', m.def as never)));
        // constructs register in super() before the props are checked: what matters is no object.
        expect(chart.node.findAll().filter((c) => c instanceof ApiObject)).toHaveLength(0);
        expect(fs.readdirSync(outdir)).toEqual([]);
      }), fcParams(20));
    } finally {
      fs.rmSync(outdir, { recursive: true, force: true });
    }
  }, propertyTimeout(20));
});
