import { Option, type Command } from 'commander';
import type { ReportDetail, ReportFormat } from '../../report';
import type { CliIo } from '../io';
import { commandLine } from '../shell-word';

const FORMATS: readonly ReportFormat[] = ['markdown', 'mermaid', 'json', 'dot', 'svg'];
const DETAILS: readonly ReportDetail[] = ['auto', 'summary', 'full'];

interface GraphOptions {
  readonly format: ReportFormat;
  readonly detail: ReportDetail;
  readonly rootNamespace?: string;
  readonly trustDomain?: string;
  readonly clusterDomain?: string;
  readonly strict?: boolean;
}

export function registerGraph(program: Command, io: CliIo): void {
  program
    .command('graph')
    .description('who may call whom, computed from the emitted objects: a matrix or a diagram')
    .argument('<input>', 'a mesh file (synthesized first) or a directory / file of manifests')
    .addOption(new Option('--format <format>', 'output format').choices(FORMATS).default('markdown'))
    .addOption(new Option('--detail <detail>', 'markdown and mermaid. mermaid: auto/summary stay within mermaid\'s limits (500 edges), summary by namespace, full draws every access. markdown: auto: the full report up to 30 callers and 30 destinations if it fits a PR comment (65,536 characters), else summary; summary: by namespace, cut to fit a PR comment; full: the caller × destination matrix and every access with its reasons, uncut')
      .choices(DETAILS).default('auto'))
    .option('--root-namespace <ns>', 'Istio root namespace of manifests (default: from the mesh file, else istio-system)')
    .option('--trust-domain <domain>', 'trust domain of workload identities (default: from the mesh file, else cluster.local)')
    .option('--cluster-domain <domain>', 'cluster DNS domain (default: from the mesh file, else cluster.local)')
    .option('--strict', 'refuse (exit 2) files of a directory that hold no Kubernetes object, instead of skipping them with a note')
    .addHelpText('after', `
The analysis reads the emitted objects (NetworkPolicies, PeerAuthentications, DestinationRules,
AuthorizationPolicies), never the definition: it shows what the cluster would enforce.

Examples:
  $ secure-mesh graph mesh.yaml                         # Markdown for a PR comment: matrix, or summary when large
  $ secure-mesh graph mesh.yaml --detail full > all.md  # every access and why, however long
  $ secure-mesh graph dist/ --format mermaid            # diagram of manifests on disk
  $ secure-mesh graph mesh.yaml --format svg > mesh.svg
`)
    .action(async (input: string, options: GraphOptions) => {
      io.progress(`reading ${input}…`);
      // Heavy modules (cdk8s, schemas, renderers) load only when a command runs, so --help and --version are instant.
      const [{ loadObjects, skippedNotes }, { analyzeConnectivity, renderConnectivity }] = await Promise.all([import('../inputs'), import('../../report')]);
      const { objects, settings, skipped, declaredWorkloads } = loadObjects(input, options, { strict: options.strict });
      const notes = skippedNotes(skipped);
      if (notes && !io.quiet) io.err(notes);
      io.progress('analyzing connectivity…');
      // A mesh file's declared workloads are pods too, even where no emitted object names them (e.g. no isolation).
      const report = analyzeConnectivity(objects, { ...settings, ...(declaredWorkloads ? { declaredWorkloads } : {}) });
      const command = commandLine(['graph', input], { '--root-namespace': options.rootNamespace, '--trust-domain': options.trustDomain, '--cluster-domain': options.clusterDomain });
      const text = await renderConnectivity(report, options.format, { detail: options.detail, command });
      io.done();
      io.out(text.endsWith('\n') ? text : `${text}\n`);
    });
}
