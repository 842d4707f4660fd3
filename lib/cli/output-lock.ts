/**
 * One writer per output directory: a lock file next to it (`.<dir>.secure-mesh-lock`, created with
 * O_EXCL, which is atomic on local filesystems and NFSv3+), holding the writer's process id and host.
 *
 * Two runs into the same directory would otherwise swap staging directories into and out of its name
 * at the same time (one fails half-way with ENOTEMPTY or ENOENT, or a --force run mixes both outputs).
 * With the lock the first run writes, the others stop at once with a message naming the writer. A lock
 * left by a run that was killed (its process is gone on this host) is taken over.
 */
import fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { CliError, EXIT } from './exit-codes';

export interface OutputLock {
  /** Removes the lock file (if it is still this run's). */
  release(): void;
}

/**
 * A lock file that exists but holds no owner yet is being written by a run that just created it;
 * one that stays empty this long belongs to a run killed in between.
 */
const EMPTY_LOCK_STALE_AFTER_MS = 60 * 1000;

/** Takes the lock of `<parent>/<base>`, or throws `CliError` naming the run that holds it. */
export function lockOutput(parent: string, base: string, shown: string): OutputLock {
  const file = path.join(parent, `.${base}.secure-mesh-lock`);
  const me = `${process.pid} ${os.hostname()}\n`;
  // Two attempts: the second after removing a stale lock; if another run took the lock in between, it holds it.
  for (let attempt = 0; attempt < 2; attempt++) {
    let created = false;
    try {
      const fd = fs.openSync(file, 'wx');
      created = true;
      try {
        fs.writeSync(fd, me);
      } finally {
        fs.closeSync(fd);
      }
      return {
        release: () => {
          try {
            if (fs.readFileSync(file, 'utf8') === me) fs.unlinkSync(file);
          } catch {
            // Already gone: nothing to release.
          }
        },
      };
    } catch (error) {
      // Created but not written (a full disk): an empty lock would stop the next runs for a minute.
      if (created) fs.rmSync(file, { force: true });
      if (created || (error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const holder = lockHolder(file);
    if (holder.active) {
      throw new CliError(
        `another secure-mesh run${holder.who} is writing ${shown}; nothing was written. Wait for it to finish and run again ` +
        `(if no run is active, delete ${path.relative(process.cwd(), file)}).`,
        EXIT.USAGE,
      );
    }
    fs.rmSync(file, { force: true });
  }
  throw new CliError(`another secure-mesh run is writing ${shown}; nothing was written. Wait for it to finish and run again.`, EXIT.USAGE);
}

function lockHolder(file: string): { active: boolean; who: string } {
  let text: string;
  let age: number;
  try {
    text = fs.readFileSync(file, 'utf8');
    age = Date.now() - fs.statSync(file).mtimeMs;
  } catch {
    return { active: false, who: '' }; // released meanwhile
  }
  const match = /^(\d+) (\S+)\n$/.exec(text);
  if (!match) return { active: age < EMPTY_LOCK_STALE_AFTER_MS, who: '' };
  const pid = Number(match[1]);
  const host = match[2];
  // Another host's process cannot be checked from here: its lock stands until it is released or deleted.
  if (host !== os.hostname()) return { active: true, who: ` (process ${pid} on ${host})` };
  return { active: processExists(pid), who: ` (process ${pid})` };
}

function processExists(pid: number): boolean {
  try {
    process.kill(pid, 0); // signal 0: only checks that the process exists and may be signalled
    return true;
  } catch (error) {
    // EPERM: it exists, owned by another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
