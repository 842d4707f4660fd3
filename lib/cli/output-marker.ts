/**
 * The ownership marker of an output directory (`.secure-mesh-output`): which command wrote the directory
 * and every file it wrote there, so a later run replaces exactly that and nothing of the user's.
 *
 *   # Written by secure-mesh: the files below are replaced on the next run.
 *   # …
 *   # kind: dev-certs
 *   ca/root.crt
 *   shop/web/tls.key
 *
 * The kind is a comment line, so versions that list top-level entries only (and read comments as
 * nothing) still read the file list. Those versions wrote no kind and listed directories, not the files
 * in them: such a "legacy" marker owns its listed directories as a whole.
 */
import fs from 'fs';
import * as path from 'path';

/** Marks a directory as written by secure-mesh and lists the files it wrote there. */
export const OUTPUT_MARKER = '.secure-mesh-output';

/**
 * The command that owns an output directory. `synth` writes manifests, `dev-certs` private keys, `rollout` the mesh
 * files of a rollout plan: none may replace (and so delete) another's directory.
 */
export type OutputKind = 'synth' | 'dev-certs' | 'rollout';

const OUTPUT_KINDS: readonly OutputKind[] = ['synth', 'dev-certs', 'rollout'];

/** What a marker says. */
export interface OutputMarker {
  /** The command that wrote the directory. */
  readonly kind: OutputKind;
  /** No kind line: written by an earlier version, which listed top-level entries only. */
  readonly legacy: boolean;
  /** Files (and, for a legacy marker, top-level directories), relative, `/`-separated. */
  readonly paths: readonly string[];
}

const HEADER = [
  '# Written by secure-mesh: the files below are replaced on the next run.',
  '# secure-mesh refuses to write into a directory holding files it did not write (see --force).',
];
const KIND_PREFIX = '# kind: ';

export function writeMarker(dir: string, kind: OutputKind, paths: readonly string[]): void {
  fs.writeFileSync(path.join(dir, OUTPUT_MARKER), `${[...HEADER, `${KIND_PREFIX}${kind}`, ...paths].join('\n')}\n`);
}

export function readMarker(file: string): OutputMarker {
  const lines = fs.readFileSync(file, 'utf8').split('\n').map((l) => l.trim());
  const kindLine = lines.find((l) => l.startsWith(KIND_PREFIX))?.slice(KIND_PREFIX.length);
  // Only plain relative paths: a marker is a file anyone can edit, and what it lists may get deleted.
  const paths = lines.filter((l) => l && !l.startsWith('#') && l.split('/').every((s) => s !== '' && s !== '.' && s !== '..'));
  const kind = OUTPUT_KINDS.find((k) => k === kindLine);
  // A legacy marker: dev-certs' output always has its `ca` directory, synth's never does (`<name>.k8s.yaml` only).
  if (kind === undefined) return { kind: paths.includes('ca') ? 'dev-certs' : 'synth', legacy: true, paths };
  return { kind, legacy: false, paths };
}

/** Every file under `dir` (not directories), relative and `/`-separated, sorted; the marker left out. */
export function listFiles(dir: string): string[] {
  const found: string[] = [];
  const walk = (rel: string): void => {
    for (const entry of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
      const child = rel ? `${rel}/${entry.name}` : entry.name;
      if (entry.isDirectory()) walk(child);
      else if (child !== OUTPUT_MARKER) found.push(child);
    }
  };
  walk('');
  return found.sort();
}

/** How people call each kind's output in messages. */
export function describeKind(kind: OutputKind): string {
  if (kind === 'rollout') return 'the mesh files of `secure-mesh rollout plan`';
  return kind === 'dev-certs' ? 'the certificates and private keys of `secure-mesh dev-certs`' : 'the manifests of `secure-mesh synth`';
}
