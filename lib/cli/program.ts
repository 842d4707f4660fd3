/**
 * The `secure-mesh` program: commands, global options, and the one place where errors become
 * messages and exit codes (no stack traces for user mistakes).
 */
import { Command, CommanderError } from 'commander';
import { MeshFileReadError } from '../model/mesh-file-errors';
import { SecureMeshError } from '../model/errors';
import { registerDevCerts } from './commands/dev-certs';
import { registerDiff } from './commands/diff';
import { registerGraph } from './commands/graph';
import { registerImport } from './commands/import';
import { registerRollout } from './commands/rollout';
import { registerRotate } from './commands/rotate';
import { registerSchema } from './commands/schema';
import { registerSynth } from './commands/synth';
import { registerValidate } from './commands/validate';
import { CliError, EXIT } from './exit-codes';
import { processIo, type CliIo } from './io';
import { packageVersion } from './package-info';

const EXIT_CODES_HELP = `
Exit codes:
  0  success
  1  findings: the definition or the manifests have problems (or access widens with --fail-on-widen)
  2  usage: unknown command or option, unreadable or unparseable input, refused output directory
`;

export function createProgram(io: CliIo): Command {
  const program = new Command('secure-mesh')
    .description('One secure-mesh definition in, every cert-manager, trust-manager, Istio and NetworkPolicy object out.')
    .version(packageVersion(), '-V, --version', 'print the version')
    .option('-q, --quiet', 'print only results and errors (no warnings, progress or summaries)')
    .showHelpAfterError('(run with --help for usage)')
    .configureOutput({ writeOut: (s) => io.out(s), writeErr: (s) => io.err(s) })
    .exitOverride()
    .hook('preAction', (command) => {
      io.quiet = Boolean(command.optsWithGlobals().quiet);
    })
    .addHelpText('after', `${EXIT_CODES_HELP}
Examples:
  $ secure-mesh synth mesh.yaml                      # manifests into dist/
  $ secure-mesh validate dist/                       # schema + rule pack on manifests
  $ secure-mesh graph mesh.yaml --format mermaid     # who may call whom
  $ secure-mesh diff main.yaml mesh.yaml --fail-on-widen
  $ secure-mesh schema > secure-mesh.schema.json
  $ secure-mesh import cluster.yaml -o mesh.yaml      # a mesh file from what runs
`);
  registerSynth(program, io);
  registerSchema(program, io);
  registerValidate(program, io);
  registerGraph(program, io);
  registerDiff(program, io);
  registerDevCerts(program, io);
  registerRotate(program, io);
  registerImport(program, io);
  registerRollout(program, io);
  // Subcommands report usage errors the same way as the program (exit 2, hint to --help).
  for (const command of allCommands(program)) {
    command.exitOverride().showHelpAfterError('(run with --help for usage)').configureOutput({ writeOut: (s) => io.out(s), writeErr: (s) => io.err(s) });
  }
  return program;
}

function allCommands(command: Command): Command[] {
  return command.commands.flatMap((c) => [c, ...allCommands(c)]);
}

/** Runs the CLI with `args` (without `node` and the script) and returns the exit code. */
export async function runCli(args: readonly string[], io: CliIo = processIo()): Promise<number> {
  const program = createProgram(io);
  if (args.length === 0) {
    program.outputHelp({ error: true });
    return EXIT.USAGE;
  }
  try {
    await program.parseAsync([...args], { from: 'user' });
    return io.exitCode;
  } catch (error) {
    io.done();
    return reportError(error, io);
  }
}

/** The top-level handler: what a person sees for each kind of failure, and the exit code. */
function reportError(error: unknown, io: CliIo): number {
  if (error instanceof CommanderError) {
    // Commander has printed the message (or the help / version) already.
    return error.exitCode === 0 ? EXIT.OK : EXIT.USAGE;
  }
  if (error instanceof CliError || error instanceof MeshFileReadError) {
    io.err(`secure-mesh: ${error.message}\n`);
    return error instanceof CliError ? error.exitCode : EXIT.USAGE;
  }
  if (error instanceof SecureMeshError || isValidationFailure(error)) {
    io.err(`${(error as Error).message}\n`);
    return EXIT.FINDINGS;
  }
  // A bug, not a user mistake: keep the stack so it can be reported.
  io.err(`secure-mesh: internal error, please report it: ${error instanceof Error ? error.stack : String(error)}\n`);
  return EXIT.FINDINGS;
}

/** cdk8s' message when `node.addValidation` checks (strict schema validation) fail in `app.synth()`. */
function isValidationFailure(error: unknown): boolean {
  return error instanceof Error && error.message.startsWith('Validation failed with the following errors');
}
