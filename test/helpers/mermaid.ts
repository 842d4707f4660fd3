/** mermaid's own parser on our diagrams, in a child process (test/report/mermaid-parse.mjs: mermaid is an ES module). */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

const PARSER = path.join(__dirname, '..', 'report', 'mermaid-parse.mjs');

export interface Parsed { file: string; ok: boolean; type?: string; error?: string }

/** Parses every diagram with mermaid in one child process (mermaid takes ~1 s to load). */
export function parseWithMermaid(diagrams: Readonly<Record<string, string>>): Record<string, Parsed> {
  const dir = mkdtempSync(path.join(tmpdir(), 'sm-mermaid-'));
  try {
    const files = Object.entries(diagrams).map(([name, text]) => {
      const file = path.join(dir, `${name}.mmd`);
      writeFileSync(file, text);
      return file;
    });
    const out = execFileSync(process.execPath, [PARSER, ...files], { encoding: 'utf8', timeout: 60_000 });
    const byFile = new Map(out.trim().split('\n').map((l) => JSON.parse(l) as Parsed).map((p) => [p.file, p]));
    return Object.fromEntries(Object.keys(diagrams).map((name) => [name, byFile.get(path.join(dir, `${name}.mmd`))!]));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

