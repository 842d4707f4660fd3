/**
 * A reader that stops early (`secure-mesh graph mesh.yaml | head`) closes stdout's pipe while the CLI still writes:
 * the command must end with its own exit code and no stack trace (on main it died with an unhandled `write EPIPE`).
 */
import { spawn } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { pathToFileURL } from 'url';
import { stringify } from 'yaml';
import { meshFile } from '../../bench/generate';
import { REPO, tempDir } from './run-cli';

const TSX = pathToFileURL(require.resolve('tsx', { paths: [REPO] })).href;

test('graph into a pipe closed after the first bytes: exit 0, nothing but warnings on stderr', async () => {
  const dir = tempDir('closed-pipe');
  try {
    // ~2 MB of JSON: far more than a pipe buffers, so the CLI is still writing when the reader goes away.
    const file = path.join(dir, 'mesh.yaml');
    fs.writeFileSync(file, stringify(meshFile({ workloads: 150, namespaces: 10 })));
    const child = spawn(process.execPath, ['--import', TSX, path.join(REPO, 'lib', 'cli', 'main.ts'), 'graph', file, '--format', 'json'], { cwd: dir, env: { ...process.env, SECURE_MESH_QUIET: '1' } });
    let stderr = '';
    let first = '';
    child.stderr.on('data', (d: Buffer) => void (stderr += d.toString()));
    child.stdout.once('data', (d: Buffer) => {
      first = d.toString();
      child.stdout.destroy();
    });
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(first.startsWith('{')).toBe(true);
    expect(stderr).not.toMatch(/EPIPE|Error|\n\s+at /);
    expect(code).toBe(0);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}, 60000);
