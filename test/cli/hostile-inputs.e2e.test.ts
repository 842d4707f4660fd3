/**
 * Hostile files in a pull request must not stall CI (issue 13 §2): a FIFO named `pipe.yaml` (reading it waits for a
 * writer forever), a symlink to /dev/zero (never ends), an alias bomb, a huge file. Each is refused with exit 2 and one
 * message, by every command that reads manifests (validate, graph, diff) and mesh files (synth), as the real CLI
 * process. A hang shows as the run being killed by its guard (`runCliProcess`: 30 s), i.e. a wrong exit code and no
 * message, never as a timing assertion.
 */
import * as fs from 'fs';
import * as path from 'path';
import { InputBudget, MAX_INPUT_FILE_BYTES, readInputFile } from '../../lib/model/input-file';
import { runCliInProcess, runCliProcess, tempDir } from './run-cli';

const POLICY = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: { name: deny, namespace: shop }\nspec: { podSelector: {}, policyTypes: [Ingress] }\n';

/** A ConfigMap whose `data` expands to 10^9 strings through ten levels of ten aliases each. */
function aliasBomb(): string {
  const lines = ['apiVersion: v1', 'kind: ConfigMap', 'metadata: { name: bomb, namespace: shop }', 'data:', '  a0: &a0 [x, x, x, x, x, x, x, x, x, x]'];
  for (let i = 1; i < 10; i++) lines.push(`  a${i}: &a${i} [${Array(10).fill(`*a${i - 1}`).join(', ')}]`);
  return `${lines.join('\n')}\n`;
}

const posix = process.platform !== 'win32';
const onPosix = posix ? describe : describe.skip;

let dir: string;
beforeAll(() => {
  dir = tempDir('hostile');
  for (const d of ['fifo', 'zero', 'bomb', 'ok']) fs.mkdirSync(path.join(dir, d));
  fs.writeFileSync(path.join(dir, 'ok', 'policy.yaml'), POLICY);
  fs.writeFileSync(path.join(dir, 'fifo', 'policy.yaml'), POLICY);
  fs.writeFileSync(path.join(dir, 'bomb', 'bomb.yaml'), aliasBomb());
  if (posix) {
    require('child_process').execFileSync('mkfifo', [path.join(dir, 'fifo', 'pipe.yaml')]);
    fs.symlinkSync('/dev/zero', path.join(dir, 'zero', 'zero.yaml'));
  }
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** Exit 2, one message naming the file and why, no stack trace, nothing on stdout. */
function expectRefused(r: { code: number; stdout: string; stderr: string }, file: string, why: RegExp): void {
  expect({ code: r.code, stdout: r.stdout }).toEqual({ code: 2, stdout: '' });
  expect(r.stderr).toContain(file);
  expect(r.stderr).toMatch(why);
  expect(r.stderr).not.toMatch(/\n\s+at /);
}

onPosix('non-regular files, as the real CLI', () => {
  test('validate: a FIFO named pipe.yaml in a directory', async () => {
    expectRefused(await runCliProcess(['validate', 'fifo'], dir), path.join('fifo', 'pipe.yaml'), /FIFO.*not a regular file/);
  });

  test('graph: a FIFO named on the command line', async () => {
    expectRefused(await runCliProcess(['graph', path.join('fifo', 'pipe.yaml')], dir), 'pipe.yaml', /FIFO.*not a regular file/);
  });

  test('diff: a symlink to /dev/zero', async () => {
    expectRefused(await runCliProcess(['diff', 'ok', path.join('zero', 'zero.yaml')], dir), 'zero.yaml', /character device.*not a regular file/);
  });

  test('synth: a FIFO as the mesh file', async () => {
    expectRefused(await runCliProcess(['synth', path.join('fifo', 'pipe.yaml'), '-o', 'out'], dir), 'pipe.yaml', /FIFO.*not a regular file/);
    expect(fs.existsSync(path.join(dir, 'out'))).toBe(false);
  });

  test('validate: a symlink to /dev/zero in a directory', async () => {
    expectRefused(await runCliProcess(['validate', 'zero'], dir), path.join('zero', 'zero.yaml'), /character device.*not a regular file/);
  });
});

describe('alias bombs', () => {
  test('validate, as the real CLI: a message, not an internal error', async () => {
    expectRefused(await runCliProcess(['validate', 'bomb'], dir), path.join('bomb', 'bomb.yaml'), /too many aliases/);
  });

  test('graph and diff refuse it too', async () => {
    expectRefused(await runCliInProcess(['graph', path.join('bomb', 'bomb.yaml')], dir), 'bomb.yaml', /too many aliases/);
    expectRefused(await runCliInProcess(['diff', 'ok', 'bomb'], dir), 'bomb.yaml', /too many aliases/);
  });

  test('a file of a directory whose reading refuses it is still refused when it holds an object', async () => {
    // Skipping is for files that hold no object; a manifest with a bomb is a manifest.
    expect((await runCliInProcess(['validate', 'bomb', '--format', 'json'], dir)).code).toBe(2);
  });
});

describe('sizes', () => {
  test('a file past the per-file cap is refused before it is read (a sparse file: no disk used)', async () => {
    const big = tempDir('hostile-big');
    try {
      const file = path.join(big, 'big.yaml');
      fs.writeFileSync(file, POLICY);
      fs.truncateSync(file, MAX_INPUT_FILE_BYTES + 1);
      expectRefused(await runCliInProcess(['validate', big], dir), 'big.yaml', /larger than 64 MiB/);
      expectRefused(await runCliInProcess(['graph', file], dir), 'big.yaml', /larger than 64 MiB/);
      expectRefused(await runCliInProcess(['synth', file], dir), 'big.yaml', /larger than 64 MiB/);
    } finally {
      fs.rmSync(big, { recursive: true, force: true });
    }
  });

  test('the total of one command is capped across its files', () => {
    const file = path.join(dir, 'ok', 'policy.yaml');
    const budget = new InputBudget(POLICY.length * 2 + 1);
    expect(readInputFile(file, budget)).toBe(POLICY);
    expect(readInputFile(file, budget)).toBe(POLICY);
    expect(() => readInputFile(file, budget)).toThrow(/exceed .* in total; check fewer files at a time/);
  });

  test('a file that grows past its cap while read stops at the cap', () => {
    // /proc files report size 0 and are read to their end: the reading stops one byte past the cap all the same.
    const file = path.join(dir, 'ok', 'policy.yaml');
    expect(() => readInputFile(file, undefined, 10)).toThrow(/larger than/);
    if (fs.existsSync('/proc/self/status')) expect(() => readInputFile('/proc/self/status', undefined, 10)).toThrow(/larger than/);
  });
});
