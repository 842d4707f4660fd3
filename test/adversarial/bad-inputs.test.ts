/**
 * Hand-picked bad inputs, table-driven, with their exact messages: definitions given to the
 * `SecureMesh` construct, and mesh files as the CLI reads them. One clear error naming the field,
 * never a stack trace, nothing emitted.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ApiObject, Chart, Testing } from 'cdk8s';
import { SecureMesh } from '../../lib/mesh/secure-mesh';
import { checkedSpec, MeshFileProblemsError, MeshFileReadError, parseMeshFile } from '../../lib/model/mesh-file-loader';
import { SecureMeshError } from '../../lib/model/errors';
import { resolveMesh } from '../../lib/model/resolve';
import { BAD_DEFINITIONS } from './bad-definitions';
import { BAD_MESH_FILES } from './bad-mesh-files';

process.env.SECURE_MESH_QUIET = '1';

let outdir: string;
beforeAll(() => { outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'secure-mesh-bad-inputs-')); });
afterAll(() => { fs.rmSync(outdir, { recursive: true, force: true }); });

function thrown(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error, got none');
}

test('at least 60 hand-picked bad inputs', () => {
  expect(BAD_DEFINITIONS.length + BAD_MESH_FILES.length).toBeGreaterThanOrEqual(60);
  expect(new Set(BAD_DEFINITIONS.map((c) => c.name)).size).toBe(BAD_DEFINITIONS.length);
});

describe('SecureMesh construct', () => {
  test.each(BAD_DEFINITIONS.map((c) => [c.name, c] as const))('%s', (_, c) => {
    const app = Testing.app({ outdir });
    const chart = new Chart(app, 'bad');
    const error = thrown(() => new SecureMesh(chart, 'mesh', c.props as never));
    expect(error).toBeInstanceOf(SecureMeshError);
    const problems = (error as SecureMeshError).problems;
    expect(problems).toContainEqual({ path: c.path, message: c.message });
    // The user reads the whole message: every problem with its field, no stack trace.
    const message = (error as SecureMeshError).message;
    expect(message).toContain(c.path ? `${c.path}: ${c.message}` : c.message);
    expect(message).not.toMatch(/\n\s+at /);
    expect(chart.node.findAll().filter((n) => n instanceof ApiObject)).toHaveLength(0);
    // Nothing joins the tree, not even an empty node: the chart is as it was.
    expect(chart.node.tryFindChild('mesh')).toBeUndefined();
    expect(fs.readdirSync(outdir)).toEqual([]);
  });

  test('a corrected definition can be retried under the same id after a bad one threw', () => {
    const app = Testing.app({ outdir });
    const chart = new Chart(app, 'retry');
    const good = { namespaces: [{ name: 'shop' }], workloads: [{ name: 'web', namespace: 'shop', ports: [{ name: 'http', port: 8080 }] }] };
    expect(thrown(() => new SecureMesh(chart, 'mesh', { ...good, workloads: [{ ...good.workloads[0], namespace: 'nowhere' }] }))).toBeInstanceOf(SecureMeshError);
    const mesh = new SecureMesh(chart, 'mesh', good);
    expect(chart.node.children).toEqual([mesh]);
    expect(mesh.apiObjects.length).toBeGreaterThan(0);
  });
});

describe('mesh files', () => {
  test.each(BAD_MESH_FILES.map((c) => [c.name, c] as const))('%s', (_, c) => {
    const error = thrown(() => checkedSpec(parseMeshFile(c.yaml, 'mesh.yaml'), resolveMesh));
    if (c.readError !== undefined) {
      expect(error).toBeInstanceOf(MeshFileReadError);
      expect((error as Error).message).toBe(c.readError);
      return;
    }
    expect(error).toBeInstanceOf(MeshFileProblemsError);
    const located = (error as MeshFileProblemsError).located;
    const problem = c.problem as NonNullable<typeof c.problem>;
    expect(located).toContainEqual(expect.objectContaining({ path: problem.path, message: problem.message, file: 'mesh.yaml' }));
    expect(located.find((p) => p.path === problem.path)?.position?.line).toBe(problem.line);
    expect((error as Error).message).toContain(`${problem.path}: ${problem.message}`);
  });
});
