/**
 * The CLI end to end, as a user runs it: a fresh temporary directory, real files, relative paths.
 *
 * Four runs are real processes (`runCliProcess`), for what only a process shows: the exit code `main.ts`
 * sets (0, 1 and 2), results on stdout and warnings and errors on stderr as separate pipes, and a large
 * stdout (the schema) arriving whole. The other runs call the same `runCli` in this process
 * (`runCliInProcess`): same commands, same files, same exit codes and streams, ~1 s less CPU each.
 * Usage errors, help and --version are tested in program.test.ts; the installed `secure-mesh` bin (its
 * shebang) in test/package/pack.test.ts.
 */
import * as fs from 'fs';
import * as path from 'path';
import { App, YamlOutputType } from 'cdk8s';
import { PlatformChart } from '../../apps/platform';
import { REPO, runCliInProcess, runCliProcess, tempDir, type CliResult } from './run-cli';
import { SHOP, SHOP_WITH_API, SHOP_WITH_OPEN_API } from './meshes';

const BAD = `apiVersion: secure-mesh.io/v1alpha1
kind: SecureMesh
spec:
  namespaces:
    - name: shop
  workloads:
    - name: web
      namespace: shop
      ports: [{ name: http, port: 8080 }]
    - name: api
      namespace: shop
      ports: [{ name: http, port: 9000 }]
      ingress:
        - from: { workload: web }
          pathz: [/x]
`;

let dir: string;
let tsOutput: string;
let firstOutput: string;
const results: Record<string, CliResult> = {};
const snapshots: Record<string, string[]> = {};

const ls = (d: string) => (fs.existsSync(d) ? fs.readdirSync(d).sort() : []);

beforeAll(async () => {
  dir = tempDir('cli');
  fs.writeFileSync(path.join(dir, 'bad.yaml'), BAD);
  fs.writeFileSync(path.join(dir, 'shop.yaml'), SHOP);
  fs.writeFileSync(path.join(dir, 'v2.yaml'), SHOP.replace('v1alpha1', 'v2'));
  fs.writeFileSync(path.join(dir, 'shop-api.yaml'), SHOP_WITH_API);
  fs.writeFileSync(path.join(dir, 'shop-api-open.yaml'), SHOP_WITH_OPEN_API);
  fs.mkdirSync(path.join(dir, 'foreign'));
  fs.writeFileSync(path.join(dir, 'foreign', 'notes.txt'), 'mine\n');
  const platform = path.join(REPO, 'examples', 'platform.yaml');
  const out = path.join(dir, 'out');

  // Processes that write nothing (the runs below swap staging directories in and out of `dir`).
  const processes = Promise.all([
    runCliProcess(['schema'], dir).then((r) => (results.schema = r)),
    runCliProcess(['synth', 'shop.yaml', '--bogus'], dir).then((r) => (results.usage = r)),
  ]);
  const app = new App({ outdir: path.join(dir, 'ts'), yamlOutputType: YamlOutputType.FILE_PER_CHART });
  new PlatformChart(app);
  app.synth();
  tsOutput = fs.readFileSync(path.join(dir, 'ts', 'platform.k8s.yaml'), 'utf8');

  // One output directory, run after run.
  results.first = await runCliProcess(['synth', platform, '-o', 'out', '--app-tls-wiring'], dir);
  snapshots.first = ls(out);
  firstOutput = fs.existsSync(path.join(out, 'platform.k8s.yaml')) ? fs.readFileSync(path.join(out, 'platform.k8s.yaml'), 'utf8') : '';
  results.graphDir = await runCliInProcess(['graph', 'out', '--format', 'json'], dir);
  results.bad = await runCliProcess(['synth', 'bad.yaml', '-o', 'out'], dir);
  snapshots.afterBad = ls(out);
  snapshots.parentAfterBad = ls(dir);
  results.second = await runCliInProcess(['--quiet', 'synth', 'shop.yaml', '-o', 'out'], dir);

  // A directory secure-mesh did not write.
  results.refused = await runCliInProcess(['synth', 'shop.yaml', '-o', 'foreign'], dir);
  snapshots.refused = ls(path.join(dir, 'foreign'));
  results.forced = await runCliInProcess(['synth', 'shop.yaml', '-o', 'foreign', '--force', '--format', 'json'], dir);

  results.graphFile = await runCliInProcess(['graph', platform, '--format', 'json'], dir);
  results.widen = await runCliInProcess(['diff', 'shop-api.yaml', 'shop-api-open.yaml', '--fail-on-widen'], dir);
  results.v2 = await runCliInProcess(['synth', 'v2.yaml'], dir);
  await processes;
}, 60000);

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

test('synth writes <dir>/<name>.k8s.yaml byte-identical to the TypeScript app, with an ownership marker', () => {
  const objects = tsOutput.split(/^---$/m).length;
  // The platform's one workload with `tls` gets its app TLS wiring next to the manifests (app-tls-wiring.test.ts).
  expect(results.first).toMatchObject({ code: 0, stdout: `wrote out/platform.k8s.yaml (${objects} objects)\nwrote out/platform.app-tls/ (app TLS wiring of 1 workload: kustomize patches and Helm values for your Deployments)\n` });
  expect(snapshots.first).toEqual(['.secure-mesh-output', 'platform.app-tls', 'platform.k8s.yaml']);
  // Warnings point into the mesh file.
  expect(results.first.stderr).toMatch(/^warning: .*platform\.yaml:\d+:\d+: spec\.workloads\[2\]\.ingress\[1\]: namespace "legacy" has no sidecar/m);
});

test('examples/platform.yaml and apps/platform.ts give byte-identical manifests', () => {
  expect(tsOutput.length).toBeGreaterThan(1000);
  expect(firstOutput).toBe(tsOutput);
});

test('graph computes the same connectivity from a mesh file as from its synthesized manifests', () => {
  expect(results.graphFile.code).toBe(0);
  expect(results.graphDir.code).toBe(0);
  const report = JSON.parse(results.graphFile.stdout) as { workloads: unknown[]; access: unknown[] };
  expect(Array.isArray(report.workloads) && Array.isArray(report.access)).toBe(true);
  expect(results.graphDir.stdout).toBe(results.graphFile.stdout);
});

test('diff --fail-on-widen exits 1 when the new version opens access, and shows the new access', () => {
  expect(results.widen.code).toBe(1);
  expect(results.widen.stdout).toMatch(/shop\/web.*→.*shop\/api.*9000/);
  expect(results.widen.stderr).toContain('access widens');
});

test('a failed run names file, line and field, exits 1 and leaves the previous output intact', () => {
  expect(results.bad).toMatchObject({ code: 1, stdout: '' });
  expect(results.bad.stderr).toContain('bad.yaml:15:11: spec.workloads[1].ingress[0].pathz: unknown field — did you mean "paths"?');
  expect(results.bad.stderr).not.toMatch(/\bat .*\.ts:\d+/); // no stack trace
  expect(snapshots.afterBad).toEqual(['.secure-mesh-output', 'platform.app-tls', 'platform.k8s.yaml']);
  expect(snapshots.parentAfterBad.filter((e) => e.includes('secure-mesh'))).toEqual([]); // no staging left
});

test('a second run replaces its own output (and only prints with --quiet what matters: nothing)', () => {
  expect(results.second).toMatchObject({ code: 0, stdout: '', stderr: '' });
  expect(ls(path.join(dir, 'out'))).toEqual(['.secure-mesh-output', 'shop.k8s.yaml']);
  expect(fs.readFileSync(path.join(dir, 'out', '.secure-mesh-output'), 'utf8')).toMatch(/\nshop\.k8s\.yaml\n$/);
});

test('a non-empty directory secure-mesh did not write is refused (exit 2); --force writes next to its files', () => {
  expect(results.refused.code).toBe(2);
  expect(results.refused.stderr).toContain('refusing to write to foreign: it holds files secure-mesh did not write (notes.txt)');
  expect(results.refused.stderr).toContain('--force');
  expect(snapshots.refused).toEqual(['notes.txt']);
  expect(results.forced.code).toBe(0);
  expect(JSON.parse(results.forced.stdout)).toEqual({
    files: ['foreign/shop.k8s.yaml'], objects: expect.any(Number), kinds: expect.objectContaining({ Namespace: 1 }), warnings: [],
  });
  expect(ls(path.join(dir, 'foreign'))).toEqual(['.secure-mesh-output', 'notes.txt', 'shop.k8s.yaml']);
  expect(fs.readFileSync(path.join(dir, 'foreign', 'notes.txt'), 'utf8')).toBe('mine\n');
});

test('a mesh file of an unknown apiVersion exits 2 naming the supported one; nothing is written', () => {
  expect(results.v2).toMatchObject({ code: 2, stdout: '' });
  expect(results.v2.stderr).toBe('secure-mesh: v2.yaml:1:1: apiVersion "secure-mesh.io/v2" is not supported: this version of secure-mesh reads apiVersion: secure-mesh.io/v1alpha1\n');
  expect(ls(dir)).not.toContain('dist');
});

test('a usage error exits 2 with the message on stderr only', () => {
  expect(results.usage).toMatchObject({ code: 2, stdout: '' });
  expect(results.usage.stderr).toContain("unknown option '--bogus'");
});

test('schema prints the shipped JSON Schema', () => {
  expect(results.schema).toMatchObject({ code: 0, stderr: '' });
  expect(results.schema.stdout).toBe(fs.readFileSync(path.join(REPO, 'schemas', 'secure-mesh.schema.json'), 'utf8'));
});
