/**
 * Filesystem failures while writing an output directory, as one message a person can act on (exit 2),
 * instead of Node's `Error: EACCES: permission denied, mkdir '…'` with a stack trace. The causes are the
 * errno values of open(2), mkdir(2), rename(2) and write(2) (Linux man-pages); Node puts them in `code`.
 */
import { CliError, EXIT } from './exit-codes';

/** Whether `error` is a failed system call (Node's ErrnoException: `code` and `syscall`). */
export function isSystemError(error: unknown): error is NodeJS.ErrnoException {
  return error instanceof Error && typeof (error as NodeJS.ErrnoException).code === 'string' && typeof (error as NodeJS.ErrnoException).syscall === 'string';
}

/** What to tell the user for each errno: the cause, then what to do. */
const CAUSES: Record<string, string> = {
  EACCES: 'permission denied. Make it writable for you, or choose another output directory (-o)',
  EPERM: 'operation not permitted. Make it writable for you, or choose another output directory (-o)',
  EROFS: 'the file system is read-only. Choose an output directory on a writable file system (-o)',
  ENOSPC: 'no space left on the device. Free some space and run again, or choose another output directory (-o)',
  EDQUOT: 'disk quota exceeded. Free some space and run again, or choose another output directory (-o)',
  EXDEV: 'the staging directory and the output directory are on different file systems. Choose an output directory that is not a mount point (-o)',
  EBUSY: 'it is in use (a mount point?). Choose an output directory inside it (-o)',
  ENOTEMPTY: 'another program created or filled it at the same time. Run again',
  EEXIST: 'another program created it at the same time. Run again',
  ENAMETOOLONG: 'a path is too long. Choose a shorter output directory (-o)',
  EMFILE: 'too many open files. Run again with fewer other programs running',
};

/**
 * `error` as a `CliError` when it is a system error; anything else (a bug, a validation failure) unchanged.
 * `doing` says what failed ("creating the staging directory .dist.secure-mesh-…"); `unchanged` whether the
 * previous output is known to be intact.
 */
export function outputError(error: unknown, shown: string, doing: string, unchanged: boolean): unknown {
  if (!isSystemError(error)) return error;
  const code = error.code ?? '';
  const cause = CAUSES[code] ?? `${code}: ${firstLine(error.message)}`;
  const state = unchanged ? 'nothing was changed' : 'the output may be incomplete';
  return new CliError(`cannot write to ${shown} (${state}): ${doing} failed: ${cause}.`, EXIT.USAGE);
}

function firstLine(text: string): string {
  return text.split('\n')[0];
}
