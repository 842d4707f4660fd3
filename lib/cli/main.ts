#!/usr/bin/env node
/** The `secure-mesh` command (package.json `bin`): parse, run, exit with a documented code. */
import { runCli } from './program';

void runCli(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
