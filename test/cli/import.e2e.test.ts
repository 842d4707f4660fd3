/**
 * `secure-mesh import` and `diff --traffic` as a user runs them: real files in a fresh directory, exit codes
 * (0 written / nothing blocked, 1 observed calls blocked, 2 bad input), the modeline, the findings on stderr and in
 * the file, nothing written on failure, and the written mesh file accepted by `synth`.
 */
import * as fs from 'fs';
import * as path from 'path';
import { REPO, runCliInProcess, runCliProcess, tempDir, type CliResult } from './run-cli';

const FIXTURES = path.join(REPO, 'test', 'adopt', 'fixtures');
let dir: string;
const r: Record<string, CliResult> = {};

beforeAll(async () => {
  dir = tempDir('import');
  fs.mkdirSync(path.join(dir, 'k8s'));
  fs.copyFileSync(path.join(FIXTURES, 'cluster.yaml'), path.join(dir, 'k8s', 'cluster.yaml'));
  for (const f of ['istio-requests.json', 'istio-tcp-connections.json']) fs.copyFileSync(path.join(FIXTURES, f), path.join(dir, f));
  fs.writeFileSync(path.join(dir, 'range.json'), JSON.stringify({ status: 'success', data: { resultType: 'matrix', result: [] } }));
  // As a user runs it: its own process, on a directory of manifests.
  r.import = await runCliProcess(['import', 'k8s', '-o', 'mesh.yaml'], dir);
  r.again = await runCliInProcess(['import', 'k8s', '-o', 'mesh.yaml'], dir);
  r.learn = await runCliInProcess(['import', 'k8s', '-o', 'learnt.yaml', '--traffic', 'istio-requests.json', 'istio-tcp-connections.json'], dir);
  r.badTraffic = await runCliInProcess(['import', 'k8s', '-o', 'never.yaml', '--traffic', 'range.json'], dir);
  r.missing = await runCliInProcess(['import', 'nothing-here', '-o', 'never.yaml'], dir);
  r.synth = await runCliInProcess(['synth', 'mesh.yaml', '-o', 'dist'], dir);
  r.diffBlocked = await runCliInProcess(['diff', 'mesh.yaml', '--traffic', 'istio-requests.json', 'istio-tcp-connections.json'], dir);
  r.diffJson = await runCliInProcess(['diff', 'learnt.yaml', '--traffic', 'istio-requests.json', '--format', 'json'], dir);
  r.diffBoth = await runCliInProcess(['diff', 'mesh.yaml', 'learnt.yaml', '--traffic', 'istio-requests.json'], dir);
  r.diffOne = await runCliInProcess(['diff', 'mesh.yaml'], dir);
}, 90000);

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

test('import writes a mesh file: the modeline first, the findings as comments, a summary on stderr; exit 0', () => {
  expect(r.import.code).toBe(0);
  const text = fs.readFileSync(path.join(dir, 'mesh.yaml'), 'utf8');
  const modeline = /^# yaml-language-server: \$schema=(\S+)\n/.exec(text);
  expect(modeline).not.toBeNull();
  expect(fs.existsSync(path.resolve(dir, modeline![1]))).toBe(true); // the schema of the installed package
  expect(text).toContain('apiVersion: secure-mesh.io/v1alpha1\nkind: SecureMesh\n');
  expect(text).toContain('# - NetworkPolicy/shop/db: ingress[0].from[1].namespaceSelector selects namespaces by labels');
  expect(r.import.stderr).toMatch(/wrote mesh\.yaml: 11 workloads, 5 namespaces; \d+ narrowed, 1 not imported, 4 notes; round trip checked: nothing widened/);
  expect(r.import.stderr).toContain('narrowed: Deployment/legacy/old-app: container port 514/UDP');
  expect(r.import.stdout).toBe('');
});

test('the imported mesh file is a valid definition: synth accepts it', () => {
  expect(r.synth.code).toBe(0);
  expect(fs.readdirSync(path.join(dir, 'dist')).some((f) => f.endsWith('.yaml'))).toBe(true);
});

test('an existing mesh file is not replaced without --force (exit 2)', () => {
  expect(r.again.code).toBe(2);
  expect(r.again.stderr).toContain('mesh.yaml: already exists; choose another -o, or add --force to replace it');
});

test('import --traffic: rules commented with how often the call was seen', () => {
  expect(r.learn.code).toBe(0);
  const text = fs.readFileSync(path.join(dir, 'learnt.yaml'), 'utf8');
  expect(text).toMatch(/# seen 90211 times \(http, via storefront\)\n\s+- from:\n\s+workload: gateway\n\s+namespace: edge/);
  expect(r.learn.stderr).toContain('not-imported: traffic shop/web -> payments/payments-api: seen 3 times; the destination is not a workload of these manifests: not invented');
});

test('bad input: one message naming the file and field, exit 2, nothing written', () => {
  expect(r.badTraffic.code).toBe(2);
  expect(r.badTraffic.stderr).toBe('secure-mesh: range.json: data.resultType: is "matrix", expected "vector": use an instant query (/api/v1/query) over a range, e.g. sum by (…) (increase(istio_requests_total[7d]))\n');
  expect(r.missing.code).toBe(2);
  expect(r.missing.stderr).toContain('nothing-here: no such file or directory');
  expect(fs.existsSync(path.join(dir, 'never.yaml'))).toBe(false);
});

test('diff --traffic: exit 1 when observed calls would be blocked, 0 when none; markdown and json', () => {
  expect(r.diffBlocked.code).toBe(1);
  expect(r.diffBlocked.stdout).toContain('### Observed calls the definition would block (1)\n\n- `shop/web` → `shop/db`: seen 2 times (tcp, via db)');
  expect(r.diffBlocked.stdout).toContain('### Declared callers no traffic came from (candidates for removal)');
  expect(r.diffBlocked.stderr).toContain('1 observed call(s) would be blocked by mesh.yaml');
  expect(r.diffJson.code).toBe(0); // without the TCP file, web -> db was not seen
  expect(JSON.parse(r.diffJson.stdout)).toMatchObject({ blocked: [], unused: expect.any(Array) });
});

test('diff: --traffic takes one mesh file; without it, two versions are needed (exit 2)', () => {
  expect(r.diffBoth.code).toBe(2);
  expect(r.diffBoth.stderr).toContain('diff --traffic compares one mesh file with traffic: drop "learnt.yaml"');
  expect(r.diffOne.code).toBe(2);
  expect(r.diffOne.stderr).toContain('diff needs <old> and <new> (or one mesh file and --traffic <files...>)');
});
