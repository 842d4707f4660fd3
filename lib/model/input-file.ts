/**
 * Reading one input file (a mesh file or a manifest) so that hostile content in a pull request cannot stall CI:
 *  - only regular files are read. A FIFO named `pipe.yaml` blocks `open`/`read` until a writer comes (forever in CI),
 *    and `/dev/zero` or `/dev/urandom` behind a symlink never ends. The file is opened non-blocking (opening a FIFO
 *    then returns at once) and its kind is checked on the open descriptor (`fstat`), so a file swapped between a
 *    check and the read is caught too;
 *  - sizes are capped: each file at MAX_INPUT_FILE_BYTES and all files of one command at MAX_INPUT_TOTAL_BYTES. Reading
 *    stops one byte past the cap, so a file that grows while read (or reports no size, as /proc files do) stops too.
 *    The caps are far above real inputs: the API server refuses objects over 3 MiB (etcd's request limit, 1.5 MiB
 *    by default), the 5,000-workload mesh synthesizes ~20 MB of manifests, and `kubectl get -A -o yaml` of a large
 *    cluster is tens of MB; past them, reading YAML would take minutes anyway.
 * Aliases are capped where documents are read (MAX_ALIAS_COUNT in yaml-reading.ts for mesh files, the manifest reader's
 * own cap in checks/manifests.ts).
 */
import * as fs from 'fs';

/** Largest file read: 64 MiB. */
export const MAX_INPUT_FILE_BYTES = 64 * 1024 * 1024;
/** Largest total read by one command (all files of all its inputs): 256 MiB. */
export const MAX_INPUT_TOTAL_BYTES = 256 * 1024 * 1024;

/** A file that is not read: its message names the file and says why and what to do. */
export class InputFileError extends Error {
  public constructor(message: string, public readonly code?: string) {
    super(message);
    this.name = 'InputFileError';
  }
}

/** What one command may still read, shared by every file it reads (`readInputFile`'s `budget`). */
export class InputBudget {
  private used = 0;
  public constructor(public readonly limit: number = MAX_INPUT_TOTAL_BYTES) {}

  /** The bytes this file may have at most: the per-file cap or what is left of the total, whichever is less. */
  public allowance(fileLimit: number): number {
    return Math.min(fileLimit, Math.max(0, this.limit - this.used));
  }

  public spend(bytes: number): void {
    this.used += bytes;
  }
}

function mib(bytes: number): string {
  return `${Math.round((bytes / (1024 * 1024)) * 10) / 10} MiB`;
}

/** What a non-regular file is, for the message. */
function kindOf(stat: fs.Stats): string {
  if (stat.isFIFO()) return 'a FIFO (named pipe)';
  if (stat.isCharacterDevice()) return 'a character device';
  if (stat.isBlockDevice()) return 'a block device';
  if (stat.isSocket()) return 'a socket';
  if (stat.isDirectory()) return 'a directory';
  return 'not a regular file';
}

/**
 * The text of a regular file (UTF-8), or InputFileError: missing, unreadable, not a regular file, or larger than
 * the per-file cap or what is left of `budget`. Never blocks on a FIFO and never reads past the cap.
 */
export function readInputFile(file: string, budget?: InputBudget, fileLimit: number = MAX_INPUT_FILE_BYTES): string {
  let fd: number;
  try {
    // O_NONBLOCK: opening a FIFO for reading would otherwise wait for a writer. Not defined on Windows (no FIFOs there).
    fd = fs.openSync(file, fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : code === 'ELOOP' ? 'a symlink loop' : (error as Error).message;
    throw new InputFileError(`${file}: cannot read: ${reason}`, code);
  }
  try {
    const stat = fs.fstatSync(fd);
    if (!stat.isFile()) {
      throw new InputFileError(
        `${file}: not read: ${kindOf(stat)}, not a regular file (secure-mesh reads regular files only: a pipe or a device could block or never end). Replace it with the file itself`,
        stat.isDirectory() ? 'EISDIR' : 'ENOTREG',
      );
    }
    const limit = budget ? budget.allowance(fileLimit) : fileLimit;
    const tooLarge = (): InputFileError =>
      limit < fileLimit
        ? new InputFileError(`${file}: not read: the inputs of this command exceed ${mib(budget!.limit)} in total; check fewer files at a time`, 'EFBIG')
        : new InputFileError(`${file}: not read: larger than ${mib(fileLimit)} (the most secure-mesh reads from one file); split it`, 'EFBIG');
    if (stat.size > limit) throw tooLarge();
    const chunks: Buffer[] = [];
    let total = 0;
    const chunk = Buffer.allocUnsafe(Math.min(limit + 1, Math.max(stat.size + 1, 64 * 1024)));
    for (;;) {
      let n: number;
      try {
        n = fs.readSync(fd, chunk, 0, chunk.length, null);
      } catch (error) {
        throw new InputFileError(`${file}: cannot read: ${(error as Error).message}`, (error as NodeJS.ErrnoException).code);
      }
      if (n === 0) break;
      total += n;
      if (total > limit) throw tooLarge();
      chunks.push(Buffer.from(chunk.subarray(0, n)));
    }
    budget?.spend(total);
    return Buffer.concat(chunks, total).toString('utf8');
  } finally {
    fs.closeSync(fd);
  }
}
