import { execFile } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { promisify } from 'util';
import { platformDefinition } from '../../apps/platform';
import { MeshBootstrapStack, runBootstrap } from '../../lib/bootstrap';
import { tempDir } from './helpers';

const ROOT = path.resolve(__dirname, '../..');
const TSX_CLI = path.join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs');
const run = promisify(execFile);

/**
 * `npm run bootstrap` (= `tsx apps/bootstrap.ts`) as a user runs it, compared with the same app run
 * in-process into another directory (one child process keeps the suite cheap).
 */
describe('apps/bootstrap.ts', () => {
  const dirs = [tempDir(), tempDir()];
  const stack = (dir: string, file: string) => path.join(dir, 'cdktf.out', 'stacks', 'platform-bootstrap', file);

  beforeAll(async () => {
    // No terraform binary and no network are involved: only synthesis (PATH is emptied to prove it).
    await run(process.execPath, [TSX_CLI, path.join(ROOT, 'apps', 'bootstrap.ts')], { cwd: dirs[0], env: { ...process.env, PATH: '' } });
    runBootstrap((app) => {
      new MeshBootstrapStack(app, 'platform-bootstrap', { definition: platformDefinition });
    }, path.join(dirs[1]!, 'cdktf.out'));
  });

  it('writes the manifest and the stack JSON into cdktf.out/', () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(dirs[0]!, 'cdktf.out', 'manifest.json'), 'utf8'));
    expect(Object.keys(manifest.stacks)).toEqual(['platform-bootstrap']);
    const tf = JSON.parse(fs.readFileSync(stack(dirs[0]!, 'cdk.tf.json'), 'utf8'));
    expect(Object.keys(tf.resource.helm_release).sort()).toEqual(['cert-manager', 'istio-base', 'istio-ingressgateway', 'istiod', 'trust-manager']);
  });

  it('is byte-identical wherever it runs: no absolute paths, relative local backend', () => {
    const [a, b] = dirs.map((dir) => fs.readFileSync(stack(dir, 'cdk.tf.json'), 'utf8'));
    expect(a).toBe(b);
    for (const dir of dirs) expect(a).not.toContain(dir);
    expect(JSON.parse(a!).terraform.backend).toEqual({ local: { path: '../../../terraform.platform-bootstrap.tfstate' } });
    const [ma, mb] = dirs.map((dir) => fs.readFileSync(path.join(dir, 'cdktf.out', 'manifest.json'), 'utf8'));
    expect(ma).toBe(mb);
  });
});
