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
  // A reader that stops early (`secure-mesh graph … | head`) closes the pipe: the rest of the output has nowhere to go,
  // and the command finishes with its own exit code, as `git log | head` does, instead of dying on an unhandled EPIPE
  // with a stack trace. Any other write error is one line and exit 2.
  const closed = { stdout: false, stderr: false };
  for (const name of ['stdout', 'stderr'] as const) {
    process[name].on('error', (error: NodeJS.ErrnoException) => {
      closed[name] = true;
      if (error.code === 'EPIPE') return;
      if (name === 'stdout') process.stderr.write(`secure-mesh: cannot write the output: ${error.code ?? error.message}\n`);
      process.exit(2);
    });
  }
  const io: CliIo = {
    quiet: false,
    exitCode: 0,
    out: (text) => {
      if (!closed.stdout) process.stdout.write(text);
    },
    err: (text) => {
      io.done();
      if (!closed.stderr) process.stderr.write(text);
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
