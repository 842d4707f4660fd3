import { execFile } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { promisify } from 'util';
import { tempDir } from './helpers';

const ROOT = path.resolve(__dirname, '../..');
const TSX = path.join(ROOT, 'node_modules', '.bin', 'tsx');
const run = promisify(execFile);

/** `npm run bootstrap` (= `tsx apps/bootstrap.ts`) as a user runs it, from two different directories. */
describe('apps/bootstrap.ts', () => {
  const dirs = [tempDir(), tempDir()];
  const stack = (dir: string, file: string) => path.join(dir, 'cdktf.out', 'stacks', 'platform-bootstrap', file);

  beforeAll(async () => {
    // No terraform binary and no network are involved: only synthesis.
    await Promise.all(dirs.map((cwd) => run(TSX, [path.join(ROOT, 'apps', 'bootstrap.ts')], { cwd, env: { ...process.env, PATH: '/usr/bin:/bin' } })));
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
