/**
 * Where the CLI writes: results on stdout (so they can be piped), messages and progress on stderr.
 * Progress only appears on a terminal and never with `--quiet` or machine output, so logs and pipes
 * stay clean.
 */
export interface CliIo {
  out(text: string): void;
  err(text: string): void;
  /** A transient status line on an interactive stderr ("synthesizing…"); cleared by `done()`. */
  progress(message: string): void;
  /** Clears the progress line. */
  done(): void;
  /** `--quiet`: print only results and errors. */
  quiet: boolean;
  /** Set by a command that ran but has findings (e.g. `diff --fail-on-widen`); see `EXIT`. */
  exitCode: number;
}

export function processIo(): CliIo {
  let shown = false;
  const io: CliIo = {
    quiet: false,
    exitCode: 0,
    out: (text) => void process.stdout.write(text),
    err: (text) => {
      io.done();
      process.stderr.write(text);
    },
    progress: (message) => {
      if (io.quiet || !process.stderr.isTTY) return;
      process.stderr.write(`\r\x1b[2K${message}`);
      shown = true;
    },
    done: () => {
      if (!shown) return;
      process.stderr.write('\r\x1b[2K');
      shown = false;
    },
  };
  return io;
}
