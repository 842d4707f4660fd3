/**
 * `graph` and `diff` `--detail`, in process (run-cli.ts): the default keeps a small mesh's full report, `summary`
 * tells the reader the command to see everything (with the options that change the result), bad values are usage
 * errors, and `--fail-on-widen` does not depend on the detail.
 */
import * as fs from 'fs';
import * as path from 'path';
import { REPO, runCliInProcess, tempDir, type CliResult } from './run-cli';
import { SHOP_WITH_API, SHOP_WITH_OPEN_API } from './meshes';

let dir: string;
const results: Record<string, CliResult> = {};

beforeAll(async () => {
  dir = tempDir('graph-detail');
  fs.copyFileSync(path.join(REPO, 'examples', 'platform.yaml'), path.join(dir, 'my mesh.yaml'));
  fs.writeFileSync(path.join(dir, 'shop-api.yaml'), SHOP_WITH_API);
  fs.writeFileSync(path.join(dir, 'shop-api-open.yaml'), SHOP_WITH_OPEN_API);
  results.auto = await runCliInProcess(['graph', 'my mesh.yaml'], dir);
  results.full = await runCliInProcess(['graph', 'my mesh.yaml', '--detail', 'full'], dir);
  results.summary = await runCliInProcess(['graph', 'my mesh.yaml', '--detail', 'summary', '--trust-domain', 'example.org'], dir);
  results.bogus = await runCliInProcess(['graph', 'my mesh.yaml', '--detail', 'most'], dir);
  results.diffAuto = await runCliInProcess(['diff', 'shop-api.yaml', 'shop-api-open.yaml', '--fail-on-widen'], dir);
  results.diffSummary = await runCliInProcess(['diff', 'shop-api.yaml', 'shop-api-open.yaml', '--fail-on-widen', '--detail', 'summary'], dir);
}, 60000);

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

test('graph: the default shows a small mesh\'s full report, the same as --detail full', () => {
  expect(results.auto.code).toBe(0);
  expect(results.auto.stdout).toBe(results.full.stdout);
  expect(results.auto.stdout).toContain('| caller \\ destination |');
  expect(results.auto.stdout).toContain('### Access and why');
});

test('graph --detail summary: by namespace, naming the command that shows everything (quoted for a shell, with its options)', () => {
  expect(results.summary.code).toBe(0);
  expect(results.summary.stdout).toContain('a summary by namespace');
  expect(results.summary.stdout).toContain("`secure-mesh graph 'my mesh.yaml' --trust-domain example.org --detail full`");
  expect(results.summary.stdout).not.toContain('### Access and why');
});

test('graph --detail with an unknown value is a usage error listing the choices', () => {
  expect(results.bogus).toMatchObject({ code: 2, stdout: '' });
  expect(results.bogus.stderr).toContain("argument 'most' is invalid. Allowed choices are auto, summary, full.");
});

test('diff: --fail-on-widen exits 1 at any detail; summary groups by namespace pair', () => {
  expect(results.diffAuto.code).toBe(1);
  expect(results.diffAuto.stdout.split('\n').slice(0, 2)).toEqual(['### Access added', '']);
  expect(results.diffAuto.stdout).toContain('\n- `shop/web` → `shop/api`: port 9000 (mTLS)\n');
  expect(results.diffAuto.stdout).not.toContain('namespace pair');
  expect(results.diffSummary.code).toBe(1);
  expect(results.diffSummary.stdout).toContain('| `shop` | `shop` | 1 | 0 | 0 | 1 |');
  expect(results.diffSummary.stdout).toContain('`secure-mesh diff shop-api.yaml shop-api-open.yaml --detail full`');
  expect(results.diffSummary.stderr).toContain('access widens');
});
