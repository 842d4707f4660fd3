import { Option, type Command } from 'commander';
import type { CliIo } from '../io';
import { writeOutputSafely } from '../safe-output';

/** Where `dev-certs` writes by default; keep it out of version control (it holds private keys). */
export const DEFAULT_DEV_CERTS_DIR = 'dev-certs';

interface DevCertsCliOptions {
  readonly output: string;
  readonly allWorkloads?: boolean;
  readonly force?: boolean;
  readonly format: 'text' | 'json';
}

export function registerDevCerts(program: Command, io: CliIo): void {
  program
    .command('dev-certs')
    .description('issue the certificates of a mesh file locally (root → intermediate → workload leaves), for development without a cluster')
    .argument('<mesh-file>', 'mesh file (YAML or JSON)')
    .option('-o, --output <dir>', 'output directory (created private, 0700: it holds private keys)', DEFAULT_DEV_CERTS_DIR)
    .option('--all-workloads', 'issue a leaf for every workload, not only those with tls')
    .option('--force', 'write into a directory holding files secure-mesh did not write')
    .addOption(new Option('--format <format>', 'report format on stdout').choices(['text', 'json']).default('text'))
    .addHelpText('after', `
The certificates match what cert-manager would issue for the definition (SANs, usages,
algorithms, key encodings, lifetimes). Never commit the output directory.

Examples:
  $ secure-mesh dev-certs mesh.yaml                  # writes dev-certs/
  $ secure-mesh dev-certs mesh.yaml --all-workloads -o /tmp/certs
`)
    .action(async (file: string, options: DevCertsCliOptions) => {
      // Heavy modules (cdk8s, schemas, renderers) load only when a command runs, so --help and --version are instant.
      const [{ loadDefinition }, { writeDevCertificates }] = await Promise.all([import('../inputs'), import('../../devcerts')]);
      const { spec } = loadDefinition(file);
      io.progress('issuing certificates…');
      const { value, notes } = await writeOutputSafely(options.output,
        (staging) => writeDevCertificates(spec, staging, { includeAllWorkloads: options.allWorkloads }),
        { force: options.force, mode: 0o700, kind: 'dev-certs' });
      io.done();
      if (!io.quiet) for (const note of notes) io.err(`warning: ${note}\n`);
      if (options.format === 'json') io.out(`${JSON.stringify({ output: options.output, ...value }, null, 2)}\n`);
      else if (!io.quiet) io.out(`wrote ${value.files.length} files to ${options.output} (${value.workloads.length} workloads)\n`);
    });
}
