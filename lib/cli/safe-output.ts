/**
 * Writing an output directory so that a failed or interrupted run never leaves half a result, and the
 * tool never deletes what it did not write.
 *
 *   1. Everything is written into a staging directory next to the target (same filesystem, so the
 *      final step is a rename, not a copy).
 *   2. Only when writing succeeded does the staging directory replace the target (rename swap); on
 *      failure it is removed and the previous output is untouched.
 *   3. A marker file (`.secure-mesh-output`) lists what secure-mesh wrote. A target holding anything
 *      else is refused unless `force`; with `force`, the new files are moved in one by one (same
 *      names replaced, the user's other files kept) and the marker lists only ours.
 *
 * A run killed hard (SIGKILL, power loss) can leave a hidden staging directory
 * (`.<target>.secure-mesh-XXXXXX`) behind: it carries the marker, so the next run recognises it as its
 * own and removes it.
 */
import { randomBytes } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { CliError, EXIT } from './exit-codes';

/** Marks a directory as written by secure-mesh and lists the files it wrote there. */
export const OUTPUT_MARKER = '.secure-mesh-output';

const MARKER_HEADER = [
  '# Written by secure-mesh: the files below are replaced on the next run.',
  '# secure-mesh refuses to write into a directory holding files it did not write (see --force).',
];

export interface SafeWriteOptions {
  /**
   * Write into a target that holds files secure-mesh did not write (replacing same-named files,
   * keeping the others).
   * @default false
   */
  readonly force?: boolean;
  /**
   * Permissions of the output directory (before the umask). Use 0o700 for private keys.
   * @default 0o777 (so, with the usual umask, 0o755, like a directory created by `mkdir`)
   */
  readonly mode?: number;
}

export interface SafeWriteResult<T> {
  /** What `write` returned. */
  readonly value: T;
  /** The absolute target directory. */
  readonly dir: string;
  /** The entries written (files, or directories such as `dev-certs`' `ca/`), relative to `dir`, sorted. */
  readonly files: readonly string[];
}

/**
 * Runs `write(stagingDir)` and, if it succeeds, makes the staging directory's content the content of
 * `target`. Throws `CliError` (exit 2) for a target it must not touch; rethrows `write`'s errors
 * after removing the staging directory.
 */
export async function writeOutputSafely<T>(target: string, write: (stagingDir: string) => T | Promise<T>, options: SafeWriteOptions = {}): Promise<SafeWriteResult<T>> {
  const dir = path.resolve(target);
  const parent = path.dirname(dir);
  const base = path.basename(dir);
  const state = inspectTarget(dir, target);
  if (state.foreign.length > 0 && !options.force) {
    const shown = state.foreign.slice(0, 3).join(', ') + (state.foreign.length > 3 ? `, … (${state.foreign.length} in all)` : '');
    throw new CliError(
      `refusing to write to ${target}: it holds files secure-mesh did not write (${shown}). ` +
      'Choose another output directory (-o), empty this one, or pass --force to write next to them (same-named files are replaced, others kept).',
      EXIT.USAGE,
    );
  }

  fs.mkdirSync(parent, { recursive: true });
  removeStaleStaging(parent, base);
  // Not mkdtemp: that makes the directory private (0700) regardless; mkdir applies the umask like any tool.
  const staging = path.join(parent, `.${base}.secure-mesh-${process.pid}-${randomBytes(4).toString('hex')}`);
  fs.mkdirSync(staging, { mode: options.mode ?? 0o777 });
  let files: string[];
  let value: T;
  try {
    // The marker goes in first, so a staging directory left by a killed run is recognisably ours.
    writeMarker(staging, []);
    value = await write(staging);
    files = fs.readdirSync(staging).filter((f) => f !== OUTPUT_MARKER).sort();
    writeMarker(staging, files);
  } catch (error) {
    fs.rmSync(staging, { recursive: true, force: true });
    throw error;
  }

  if (!state.exists) {
    fs.renameSync(staging, dir);
  } else if (state.foreign.length === 0 && !state.symlink) {
    // Swap: the old output moves aside, the new takes its name, the old is removed. Everything in the
    // old directory was ours (checked above), so removing it deletes nothing of the user's.
    const old = `${staging}.old`;
    fs.renameSync(dir, old);
    fs.renameSync(staging, dir);
    fs.rmSync(old, { recursive: true, force: true });
  } else {
    for (const file of files) {
      // A directory cannot be renamed onto a non-empty one: the same-named entry goes first (--force).
      if (fs.existsSync(path.join(dir, file)) && fs.statSync(path.join(dir, file)).isDirectory()) fs.rmSync(path.join(dir, file), { recursive: true });
      fs.renameSync(path.join(staging, file), path.join(dir, file));
    }
    for (const stale of state.owned) {
      if (!files.includes(stale)) fs.rmSync(path.join(dir, stale), { force: true });
    }
    fs.renameSync(path.join(staging, OUTPUT_MARKER), path.join(dir, OUTPUT_MARKER));
    fs.rmSync(staging, { recursive: true, force: true });
  }
  return { value, dir, files };
}

interface TargetState {
  readonly exists: boolean;
  readonly symlink: boolean;
  /** Files the marker says we wrote (and that exist). */
  readonly owned: readonly string[];
  /** Everything else in the target. */
  readonly foreign: readonly string[];
}

function inspectTarget(dir: string, shown: string): TargetState {
  let stat: fs.Stats;
  try {
    stat = fs.lstatSync(dir);
  } catch {
    return { exists: false, symlink: false, owned: [], foreign: [] };
  }
  const symlink = stat.isSymbolicLink();
  if (symlink) stat = fs.statSync(dir);
  if (!stat.isDirectory()) throw new CliError(`cannot write to ${shown}: it exists and is not a directory`, EXIT.USAGE);
  const entries = fs.readdirSync(dir);
  const listed = entries.includes(OUTPUT_MARKER) ? readMarker(path.join(dir, OUTPUT_MARKER)) : [];
  const owned = entries.filter((e) => listed.includes(e));
  const foreign = entries.filter((e) => e !== OUTPUT_MARKER && !listed.includes(e)).sort();
  return { exists: true, symlink, owned, foreign };
}

function writeMarker(dir: string, files: readonly string[]): void {
  fs.writeFileSync(path.join(dir, OUTPUT_MARKER), `${[...MARKER_HEADER, ...files].join('\n')}\n`);
}

function readMarker(file: string): string[] {
  return fs.readFileSync(file, 'utf8').split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#') && !l.includes('/') && l !== '..');
}

/** A staging directory younger than this may belong to a run still in progress: leave it alone. */
const STALE_AFTER_MS = 10 * 60 * 1000;

/** Staging directories of killed runs for this target: old hidden siblings carrying our marker. */
function removeStaleStaging(parent: string, base: string): void {
  let entries: string[];
  try {
    entries = fs.readdirSync(parent);
  } catch {
    return;
  }
  const prefix = `.${base}.secure-mesh-`;
  for (const entry of entries) {
    if (!entry.startsWith(prefix)) continue;
    const candidate = path.join(parent, entry);
    const marker = path.join(candidate, OUTPUT_MARKER);
    if (fs.existsSync(marker) && Date.now() - fs.statSync(marker).mtimeMs > STALE_AFTER_MS) {
      fs.rmSync(candidate, { recursive: true, force: true });
    }
  }
}
