/**
 * The CLI's exit codes, documented in `docs/cli.md` and `secure-mesh --help`. Scripts and CI branch
 * on them, so they never change meaning.
 */
export const EXIT = {
  /** Success: everything written or checked, nothing found. */
  OK: 0,
  /** Findings: the definition or the manifests have problems (validation errors, widened access with `--fail-on-widen`). */
  FINDINGS: 1,
  /** Usage: unknown command or option, bad option value, unreadable or unparseable input, refused output directory. */
  USAGE: 2,
  /** Interrupted by Ctrl-C (128 + SIGINT), as shells report it. */
  INTERRUPTED: 130,
} as const;

/** A user mistake the CLI reports as one message (no stack trace) and exits with `exitCode`. */
export class CliError extends Error {
  public constructor(message: string, public readonly exitCode: number = EXIT.USAGE) {
    super(message);
    this.name = 'CliError';
  }
}
