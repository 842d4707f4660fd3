import { Option, type Command } from 'commander';
import type { DiffFormat, ReportDetail } from '../../report';
import { CliError, EXIT } from '../exit-codes';
import type { CliIo } from '../io';
import { commandLine } from '../shell-word';

const DETAILS: readonly ReportDetail[] = ['auto', 'summary', 'full'];

interface DiffOptions {
  readonly format: DiffFormat;
  readonly detail: ReportDetail;
  readonly failOnWiden?: boolean;
  readonly rootNamespace?: string;
  readonly trustDomain?: string;
  readonly clusterDomain?: string;
  readonly strict?: boolean;
  readonly traffic?: string[];
}

export function registerDiff(program: Command, io: CliIo): void {
  program
    .command('diff')
    .description('added and removed access between two versions (mesh files or manifest directories), or a mesh file against observed traffic (--traffic)')
    .argument('<old>', 'the old version: a mesh file or a directory / file of manifests (with --traffic: the mesh file)')
    .argument('[new]', 'the new version: a mesh file or a directory / file of manifests (not with --traffic)')
    .option('--traffic <files...>', 'Prometheus /api/v1/query responses (istio_requests_total, istio_tcp_connections_opened_total): list the observed calls the mesh file would block (exit 1) and the declared callers no traffic came from')
    .addOption(new Option('--format <format>', 'output format').choices(['markdown', 'json']).default('markdown'))
    .addOption(new Option('--detail <detail>', 'markdown only. auto: added / removed / changed lists up to 100 changes if they fit a PR comment (65,536 characters), else summary; summary: by namespace pair, cut to fit a PR comment; full: every change, uncut')
      .choices(DETAILS).default('auto'))
    .option('--fail-on-widen', 'exit 1 when the new version allows access the old one did not')
    .option('--root-namespace <ns>', 'Istio root namespace of manifests (default: from the mesh file, else istio-system)')
    .option('--trust-domain <domain>', 'trust domain of workload identities (default: from the mesh file, else cluster.local)')
    .option('--cluster-domain <domain>', 'cluster DNS domain (default: from the mesh file, else cluster.local)')
    .option('--strict', 'refuse (exit 2) files of a directory that hold no Kubernetes object, instead of skipping them with a note')
    .addHelpText('after', `
Both sides are analyzed from their emitted objects, so a mesh file can be compared with
manifests on disk (for example what is deployed today).

Examples:
  $ secure-mesh diff old/mesh.yaml mesh.yaml                 # Markdown for a PR comment, grouped when large
  $ secure-mesh diff old/mesh.yaml mesh.yaml --detail full   # every change, however long
  $ secure-mesh diff deployed/ mesh.yaml --fail-on-widen     # in CI: fail a PR that opens access
  $ git show main:mesh.yaml > /tmp/base.yaml && secure-mesh diff /tmp/base.yaml mesh.yaml
  $ secure-mesh diff mesh.yaml --traffic requests.json tcp.json   # before enforcing: what would break, what is unused
`)
    .action(async (before: string, after: string | undefined, options: DiffOptions) => {
      if (options.traffic) {
        if (after !== undefined) throw new CliError(`diff --traffic compares one mesh file with traffic: drop "${after}"`, EXIT.USAGE);
        const { runTrafficDiff } = await import('../traffic-diff-command');
        await runTrafficDiff(before, options.traffic, options, io);
        return;
      }
      if (after === undefined) throw new CliError('diff needs <old> and <new> (or one mesh file and --traffic <files...>)', EXIT.USAGE);
      io.progress(`analyzing ${before}…`);
      // Heavy modules (cdk8s, schemas, renderers) load only when a command runs, so --help and --version are instant.
      const [{ loadObjects, skippedNotes }, { InputBudget }, { accessWidens, analyzeConnectivity, diffConnectivity, renderDiff }] = await Promise.all([import('../inputs'), import('../../model/input-file'), import('../../report')]);
      // One size budget for both sides (model/input-file.ts): the caps are per command.
      const budget = new InputBudget();
      const a = await naming(before, 'old', () => loadObjects(before, options, { strict: options.strict, budget }));
      io.progress(`analyzing ${after}…`);
      const b = await naming(after, 'new', () => loadObjects(after, options, { strict: options.strict, budget }));
      const notes = skippedNotes([...a.skipped, ...b.skipped]);
      if (notes && !io.quiet) io.err(notes);
      const diff = diffConnectivity(analyzeConnectivity(a.objects, a.settings), analyzeConnectivity(b.objects, b.settings));
      io.done();
      const command = commandLine(['diff', before, after], { '--root-namespace': options.rootNamespace, '--trust-domain': options.trustDomain, '--cluster-domain': options.clusterDomain });
      const text = renderDiff(diff, options.format, { detail: options.detail, command });
      io.out(text.endsWith('\n') ? text : `${text}\n`);
      if (options.failOnWiden && accessWidens(diff)) {
        if (!io.quiet) io.err('access widens: the new version allows access the old one did not (--fail-on-widen)\n');
        io.exitCode = EXIT.FINDINGS;
      }
    });
}

/**
 * Runs `load` for one side of the diff so that whatever fails names that side's file: a mesh file's problems are
 * located in it already (mesh-file-loader.ts); an error of the definition that is not (a problem found only while
 * synthesizing) gets the file in its heading, and an input error that does not start with the file gets it in front.
 */
async function naming<T>(input: string, side: 'old' | 'new', load: () => T): Promise<T> {
  const [{ SecureMeshError }, { MeshFileProblemsError }] = await Promise.all([import('../../model/errors'), import('../../model/mesh-file-loader')]);
  try {
    return load();
  } catch (error) {
    if (error instanceof SecureMeshError && !(error instanceof MeshFileProblemsError)) {
      throw new SecureMeshError(error.problems, `Invalid secure-mesh definition in ${input} (the ${side} version)`);
    }
    if (error instanceof CliError && !error.message.startsWith(input)) throw new CliError(`${input} (the ${side} version): ${error.message}`, error.exitCode);
    throw error;
  }
}
