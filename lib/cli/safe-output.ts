/**
 * Writing an output directory so that a failed or interrupted run never leaves half a result, and the
 * tool never deletes what it did not write.
 *
 *   1. One run at a time per directory: a lock file next to it (output-lock.ts); a second run stops at
 *      once with a message naming the first.
 *   2. Everything is written into a staging directory next to the target (the real target, symbolic links
 *      resolved, so the staging directory is on its file system and the final step is a rename, not a copy).
 *   3. Only when writing succeeded does the staging directory replace the target (rename swap); on
 *      failure it is removed and the previous output is untouched.
 *   4. A marker file (`.secure-mesh-output`, output-marker.ts) says which command wrote the directory and
 *      lists every file it wrote. A directory written by the other command is refused (`synth` never
 *      replaces `dev-certs`' keys, nor the reverse). A target holding anything else is refused unless
 *      `force`; with `force`, the new files are moved in one by one (same names replaced, the user's other
 *      files kept). A file the user put inside one of our directories is refused even with `force`: the
 *      directory is replaced as a whole, and the file would go with it.
 *
 * Every file-system failure (permissions, read-only or full disk, another program racing us) ends as one
 * `CliError` (exit 2) saying what failed and whether the previous output is intact, never a stack trace.
 *
 * A run killed hard (SIGKILL, power loss) can leave a hidden staging directory
 * (`.<target>.secure-mesh-<pid>-<random>`, or `….old` for the previous output it was swapping out) and its
 * lock behind: the next run takes over the lock of a process that is gone and, holding the lock (so no
 * run of this directory is in progress), removes them.
 */
import { randomBytes } from 'crypto';
// The module object itself, whose functions are looked up at each call (not copied at import, as `import * as`
// compiles to): tests inject the failures of a real disk into these calls (test/cli/output-directory.test.ts).
import fs from 'fs';
import * as path from 'path';
import { CliError, EXIT } from './exit-codes';
import { outputError } from './output-fs-errors';
import { lockOutput } from './output-lock';
import { describeKind, listFiles, OUTPUT_MARKER, readMarker, writeMarker, type OutputKind, type OutputMarker } from './output-marker';

export { OUTPUT_MARKER, type OutputKind } from './output-marker';

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
  /**
   * The command writing, recorded in the marker: a directory another command wrote is refused.
   * @default 'synth'
   */
  readonly kind?: OutputKind;
}

export interface SafeWriteResult<T> {
  /** What `write` returned. */
  readonly value: T;
  /** The absolute target directory (symbolic links resolved). */
  readonly dir: string;
  /** The entries written (files, or directories such as `dev-certs`' `ca/`), relative to `dir`, sorted. */
  readonly files: readonly string[];
  /** Things the user should know that did not stop the run (leftovers that could not be removed). */
  readonly notes: readonly string[];
}

/**
 * Runs `write(stagingDir)` and, if it succeeds, makes the staging directory's content the content of
 * `target`. Throws `CliError` (exit 2) for a target it must not touch or cannot write; rethrows `write`'s
 * other errors after removing the staging directory.
 */
export async function writeOutputSafely<T>(target: string, write: (stagingDir: string) => T | Promise<T>, options: SafeWriteOptions = {}): Promise<SafeWriteResult<T>> {
  const kind = options.kind ?? 'synth';
  const dir = resolveTarget(path.resolve(target), target);
  const parent = path.dirname(dir);
  const base = path.basename(dir);
  attempt(() => fs.mkdirSync(parent, { recursive: true }), target, `creating ${parent}`, true);
  const beside = `(in ${parent}: secure-mesh writes next to the output directory, to replace it in one step)`;
  const lock = attempt(() => lockOutput(parent, base, target), target, `creating a lock file ${beside}`, true);
  try {
    const notes = removeStaleStaging(parent, base);
    const state = attempt(() => inspectTarget(dir, target), target, `reading ${target}`, true);
    refuseUnsafeTarget(state, target, kind, options.force ?? false);
    // Replacing the old output removes it: every directory of it must be writable, or the run would fail half-way.
    for (const d of state.ownedDirs) attempt(() => fs.accessSync(path.join(dir, d), fs.constants.W_OK), target, `checking that ${path.join(target, d)} can be replaced`, true);

    // Not mkdtemp: that makes the directory private (0700) regardless; mkdir applies the umask like any tool.
    const staging = path.join(parent, `.${base}.secure-mesh-${process.pid}-${randomBytes(4).toString('hex')}`);
    attempt(() => fs.mkdirSync(staging, { mode: options.mode ?? 0o777 }), target, `creating the staging directory ${beside}`, true);
    let value: T;
    let files: string[];
    try {
      // The marker goes in first, so a staging directory left by a killed run is recognisably ours.
      writeMarker(staging, kind, []);
      value = await write(staging);
      writeMarker(staging, kind, listFiles(staging));
      files = fs.readdirSync(staging).filter((f) => f !== OUTPUT_MARKER).sort();
    } catch (error) {
      removeQuietly(staging);
      throw outputError(error, target, 'writing the output into the staging directory', true);
    }
    if (!state.exists) moveIntoPlace(staging, dir, target);
    else if (state.foreign.length === 0) swap(staging, dir, target, notes);
    else mergeInto(staging, dir, target, files, state.owned);
    return { value, dir, files, notes };
  } finally {
    lock.release();
  }
}

/** `fn()`, with a system error turned into the user's message (output-fs-errors.ts). */
function attempt<T>(fn: () => T, shown: string, doing: string, unchanged: boolean): T {
  try {
    return fn();
  } catch (error) {
    throw outputError(error, shown, doing, unchanged);
  }
}

/**
 * The directory `-o` names, symbolic links followed: the staging directory goes next to the real directory,
 * on its file system (a link to another file system would otherwise end in EXDEV at the rename). The link
 * itself is kept and still points at the (replaced) directory.
 */
function resolveTarget(requested: string, shown: string): string {
  let current = requested;
  // Linux's limit (MAXSYMLINKS, path_resolution(7)).
  for (let hops = 0; hops < 40; hops++) {
    let stat: fs.Stats;
    try {
      stat = fs.lstatSync(current);
    } catch {
      return current; // not there (yet): created by the run; other failures are reported where they happen
    }
    if (!stat.isSymbolicLink()) return current;
    const linkDir = path.dirname(current);
    current = path.resolve(attempt(() => fs.realpathSync(linkDir), shown, `resolving ${linkDir}`, true), fs.readlinkSync(current));
  }
  throw new CliError(`cannot write to ${shown}: too many levels of symbolic links`, EXIT.USAGE);
}

interface TargetState {
  readonly exists: boolean;
  /** The directory is a mount point: it cannot be renamed, so it cannot be replaced in one step. */
  readonly mountPoint: boolean;
  readonly marker?: OutputMarker;
  /** Top-level entries the marker says we wrote (files, or directories holding files we wrote). */
  readonly owned: readonly string[];
  /** Every other top-level entry. */
  readonly foreign: readonly string[];
  /** Entries inside our directories that we did not write (they would be deleted with them), `/`-separated. */
  readonly foreignInside: readonly string[];
  /** The target and every directory of ours in it (relative; '' is the target), all removed when it is replaced. */
  readonly ownedDirs: readonly string[];
}

function inspectTarget(dir: string, shown: string): TargetState {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(dir);
  } catch {
    return { exists: false, mountPoint: false, owned: [], foreign: [], foreignInside: [], ownedDirs: [] };
  }
  if (!stat.isDirectory()) throw new CliError(`cannot write to ${shown}: it exists and is not a directory`, EXIT.USAGE);
  const mountPoint = stat.dev !== fs.statSync(path.dirname(dir)).dev;
  const entries = attempt(() => fs.readdirSync(dir, { withFileTypes: true }), shown, `reading ${shown}`, true).filter((e) => e.name !== OUTPUT_MARKER);
  const marker = fs.existsSync(path.join(dir, OUTPUT_MARKER)) ? readMarker(path.join(dir, OUTPUT_MARKER)) : undefined;
  const listed = new Set(marker?.paths ?? []);
  const owned: string[] = [];
  const foreign: string[] = [];
  const foreignInside: string[] = [];
  const ownedDirs: string[] = [''];
  const holdsListed = (rel: string) => [...listed].some((p) => p.startsWith(`${rel}/`));
  /** Our directory `rel`: each entry must be a listed file or a directory holding listed files. */
  const walkOwned = (rel: string): void => {
    ownedDirs.push(rel);
    for (const entry of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
      const child = `${rel}/${entry.name}`;
      if (entry.isDirectory() && (marker?.legacy || holdsListed(child))) walkOwned(child);
      else if (entry.isDirectory()) foreignInside.push(`${child}/`);
      else if (!marker?.legacy && !listed.has(child)) foreignInside.push(child);
    }
  };
  for (const entry of entries) {
    if (entry.isDirectory() && (holdsListed(entry.name) || (marker?.legacy && listed.has(entry.name)))) {
      owned.push(entry.name);
      walkOwned(entry.name);
    } else if (!entry.isDirectory() && listed.has(entry.name)) owned.push(entry.name);
    else foreign.push(entry.name);
  }
  return { exists: true, mountPoint, marker, owned, foreign: foreign.sort(), foreignInside: foreignInside.sort(), ownedDirs };
}

/** The targets secure-mesh must not write, each with what to do instead. */
function refuseUnsafeTarget(state: TargetState, shown: string, kind: OutputKind, force: boolean): void {
  if (state.marker && state.marker.kind !== kind) {
    // Not even with --force: replacing it would delete the other command's files, or mix keys and manifests.
    throw new CliError(
      `refusing to write to ${shown}: it holds ${describeKind(state.marker.kind)}, and ${describeKind(kind)} would replace them. ` +
      'Choose another output directory (-o), or delete this one first if you no longer need it.',
      EXIT.USAGE,
    );
  }
  if (state.foreignInside.length > 0) {
    throw new CliError(
      `refusing to write to ${shown}: ${listShown(state.foreignInside)} ${state.foreignInside.length === 1 ? 'is' : 'are'} inside directories secure-mesh wrote, ` +
      'which the next output replaces as a whole. Move them out of the output directory and run again (--force does not change this).',
      EXIT.USAGE,
    );
  }
  if (state.foreign.length > 0 && !force) {
    throw new CliError(
      `refusing to write to ${shown}: it holds files secure-mesh did not write (${listShown(state.foreign)}). ` +
      'Choose another output directory (-o), empty this one, or pass --force to write next to them (same-named files are replaced, others kept).',
      EXIT.USAGE,
    );
  }
  if (state.mountPoint) {
    throw new CliError(
      `cannot write to ${shown}: it is a mount point, which cannot be replaced in one step. Choose a directory inside it (-o ${path.join(shown, 'out')}).`,
      EXIT.USAGE,
    );
  }
}

/** The first three entries, quoted when they hold characters that would confuse the message. */
function listShown(entries: readonly string[]): string {
  const quote = (e: string) => (/^[\w./@+-]+$/.test(e) ? e : JSON.stringify(e));
  return entries.slice(0, 3).map(quote).join(', ') + (entries.length > 3 ? `, … (${entries.length} in all)` : '');
}

function moveIntoPlace(staging: string, dir: string, shown: string): void {
  try {
    fs.renameSync(staging, dir);
  } catch (error) {
    removeQuietly(staging);
    throw outputError(error, shown, 'moving the output into place', true);
  }
}

/**
 * The old output moves aside, the new takes its name, the old is removed. Everything in the old directory
 * was ours (checked before), so removing it deletes nothing of the user's. If the new output cannot take the
 * name, the old one gets it back.
 */
function swap(staging: string, dir: string, shown: string, notes: string[]): void {
  const old = `${staging}.old`;
  try {
    fs.renameSync(dir, old);
  } catch (error) {
    removeQuietly(staging);
    throw outputError(error, shown, 'moving the previous output aside', true);
  }
  try {
    fs.renameSync(staging, dir);
  } catch (error) {
    let restored = true;
    try {
      fs.renameSync(old, dir);
    } catch {
      restored = false;
    }
    removeQuietly(staging);
    throw outputError(error, shown, restored ? 'moving the output into place' : `moving the output into place (the previous output is in ${old})`, restored);
  }
  if (!removeQuietly(old)) notes.push(`the previous output of ${shown} could not be removed from ${old}: delete it by hand`);
}

/** --force into a directory with the user's files: ours moved in one by one, next to theirs. */
function mergeInto(staging: string, dir: string, shown: string, files: readonly string[], owned: readonly string[]): void {
  const doing = `moving the output into ${shown} next to files secure-mesh did not write`;
  attempt(() => {
    for (const file of files) {
      // A directory cannot be renamed onto a non-empty one: the same-named entry goes first (--force).
      const into = path.join(dir, file);
      if (fs.existsSync(into) && fs.statSync(into).isDirectory()) fs.rmSync(into, { recursive: true });
      fs.renameSync(path.join(staging, file), into);
    }
    for (const stale of owned) {
      if (!files.includes(stale)) fs.rmSync(path.join(dir, stale), { recursive: true, force: true });
    }
    fs.renameSync(path.join(staging, OUTPUT_MARKER), path.join(dir, OUTPUT_MARKER));
  }, shown, doing, false);
  removeQuietly(staging);
}

/** Removes a directory of ours, also one left read-only; false if it cannot be removed. */
function removeQuietly(dir: string): boolean {
  try {
    fs.rmSync(dir, { recursive: true, force: true });
    return true;
  } catch {
    // A read-only directory of ours (e.g. the previous output of a user who made it read-only): make it writable first.
  }
  try {
    makeWritable(dir);
    fs.rmSync(dir, { recursive: true, force: true });
    return true;
  } catch {
    return false;
  }
}

function makeWritable(dir: string): void {
  fs.chmodSync(dir, 0o700);
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.isDirectory()) makeWritable(path.join(dir, entry.name));
  }
}

/**
 * Staging directories (and previous outputs being swapped out) of killed runs for this target: hidden
 * siblings named as we name them, carrying our marker or empty. Called with the lock held, so none of them
 * belongs to a run in progress, whatever its age.
 */
function removeStaleStaging(parent: string, base: string): string[] {
  let entries: string[];
  try {
    entries = fs.readdirSync(parent);
  } catch {
    return [];
  }
  const ours = new RegExp(`^\\.${escapeRegExp(base)}\\.secure-mesh-\\d+-[0-9a-f]{8}(\\.old)?$`);
  const notes: string[] = [];
  for (const entry of entries) {
    if (!ours.test(entry)) continue;
    const candidate = path.join(parent, entry);
    try {
      if (!fs.existsSync(path.join(candidate, OUTPUT_MARKER)) && fs.readdirSync(candidate).length > 0) continue;
    } catch {
      continue; // not a directory, or unreadable: not recognisably ours
    }
    if (!removeQuietly(candidate)) notes.push(`a staging directory left by an earlier, interrupted run could not be removed: delete ${candidate} by hand`);
  }
  return notes;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
