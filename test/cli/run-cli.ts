/**
 * Two ways to run the `secure-mesh` CLI in tests:
 *
 * - `runCliProcess`: as a user does, a separate `node` process on the TypeScript entry point (through
 *   tsx's loader, resolved absolutely so any working directory works). Only this proves what the
 *   process adds: `main.ts` turning the result into the exit code, and stdout and stderr as two pipes.
 * - `runCliInProcess`: the same `runCli` that `main.ts` calls, in this process, with stdout and stderr
 *   captured separately. It runs the same commands on the same files; it costs the command's work only,
 *   where a process costs ~1 s of CPU on top (node, tsx transpiling the CLI, loading cdk8s and lib).
 *
 * Measured on this project (2 cores): `node --import tsx lib/cli/main.ts --version` ≈ 0.75 s,
 * `npx tsx lib/cli/main.ts --version` ≈ 1.1 s (npx resolves itself first), so processes use the former.
 */
import { execFile } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { pathToFileURL } from 'url';
import type { CliIo } from '../../lib/cli/io';
import { runCli } from '../../lib/cli/program';

export const REPO = path.resolve(__dirname, '..', '..');
const MAIN = path.join(REPO, 'lib', 'cli', 'main.ts');
const TSX = pathToFileURL(require.resolve('tsx', { paths: [REPO] })).href;

export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** The CLI as its own process in `cwd`: exit code and the two pipes. */
export function runCliProcess(args: readonly string[], cwd: string): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['--import', TSX, MAIN, ...args], {
      cwd,
      env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' },
      timeout: 30000,
    }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

/** A `CliIo` that records stdout and stderr apart, like a process's pipes (no terminal: no progress line). */
export function captureIo(): CliIo & { stdout: string; stderr: string } {
  const io = {
    stdout: '', stderr: '', quiet: false, exitCode: 0,
    out: (t: string) => void (io.stdout += t),
    err: (t: string) => void (io.stderr += t),
    progress: () => undefined,
    done: () => undefined,
  };
  return io;
}

// Relative paths in arguments and messages are relative to the working directory, which is one per
// process: runs queue here so each sees its own `cwd` from start to end.
let queue: Promise<unknown> = Promise.resolve();

/** The CLI in this process with `cwd` as the working directory: the exit code `main.ts` would set, and the two streams. */
export function runCliInProcess(args: readonly string[], cwd: string): Promise<CliResult> {
  const run = async (): Promise<CliResult> => {
    const previous = process.cwd();
    process.chdir(cwd);
    try {
      const io = captureIo();
      const code = await runCli(args, io);
      return { code, stdout: io.stdout, stderr: io.stderr };
    } finally {
      process.chdir(previous);
    }
  };
  const result = queue.then(run, run);
  queue = result.catch(() => undefined);
  return result;
}

/** A fresh temporary directory; remove it with `fs.rmSync(dir, { recursive: true, force: true })`. */
export function tempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `secure-mesh-${prefix}-`));
}
