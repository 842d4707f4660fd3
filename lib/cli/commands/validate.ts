import { Option, type Command } from 'commander';
import type { CliIo } from '../io';

interface ValidateCliOptions {
  readonly format: 'text' | 'json' | 'sarif';
  readonly failOn: 'error' | 'warning' | 'info';
  readonly color: boolean;
  readonly rootNamespace?: string;
  readonly strict?: boolean;
}

export function registerValidate(program: Command, io: CliIo): void {
  program
    .command('validate')
    .description('check manifests (any, not only ours): strict schema validation plus the rule pack of cross-object pitfalls')
    .argument('<paths...>', 'manifest files or directories (recursive; multi-document YAML and List objects)')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json', 'sarif']).default('text'))
    .addOption(new Option('--fail-on <severity>', 'exit 1 for findings of this severity or worse').choices(['error', 'warning', 'info']).default('error'))
    .option('--no-color', 'plain text output (default: color on a terminal unless NO_COLOR is set)')
    .option('--root-namespace <ns>', 'Istio root namespace (meshConfig.rootNamespace)', 'istio-system')
    .option('--strict', 'refuse (exit 2) files of a directory that hold no Kubernetes object (a values.yaml, a MeshConfig), instead of skipping them with a note')
    .addHelpText('after', `
Examples:
  $ secure-mesh validate dist/                            # what synth wrote
  $ secure-mesh validate k8s/ istio/ --fail-on warning
  $ secure-mesh validate dist/ --format sarif > secure-mesh.sarif   # for code scanning
`)
    .action(async (paths: string[], options: ValidateCliOptions) => {
      io.progress('validating…');
      // Loaded on use, like every heavy module (schemas, rule pack).
      const { validateManifestPaths } = await import('../../checks/validate-command');
      const color = options.color && options.format === 'text' && Boolean(process.stdout.isTTY) && !process.env.NO_COLOR;
      const { output, exitCode, notes } = await validateManifestPaths(paths, { format: options.format, failOn: options.failOn, color, rootNamespace: options.rootNamespace, strict: options.strict });
      io.done();
      if (notes && !io.quiet) io.err(notes);
      // Unusable input (exit 2) is an error message: stderr, like every other command's.
      if (exitCode === 2) io.err(output);
      else io.out(output);
      io.exitCode = exitCode;
    });
}
