/**
 * Runs the `secure-mesh` CLI as a user does: a separate `node` process on the TypeScript entry point
 * (through tsx's loader, resolved absolutely so any working directory works).
 *
 * Measured on this project (2 cores): `node --import tsx lib/cli/main.ts --version` ≈ 0.75 s,
 * `npx tsx lib/cli/main.ts --version` ≈ 1.1 s (npx resolves itself first), so tests use the former.
 */
import { execFile } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { pathToFileURL } from 'url';

export const REPO = path.resolve(__dirname, '..', '..');
const MAIN = path.join(REPO, 'lib', 'cli', 'main.ts');
const TSX = pathToFileURL(require.resolve('tsx', { paths: [REPO] })).href;

export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export function runCli(args: readonly string[], cwd: string): Promise<CliResult> {
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

/** A fresh temporary directory; remove it with `fs.rmSync(dir, { recursive: true, force: true })`. */
export function tempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `secure-mesh-${prefix}-`));
}
