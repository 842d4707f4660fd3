import * as path from 'path';
import { Option, type Command } from 'commander';
import { formatLocatedProblem } from '../../model/mesh-file-errors';
import type { CliIo } from '../io';
import { checkDerivedOutputName } from '../output-name';
import { writeOutputSafely } from '../safe-output';
import type { SynthesizedChart } from '../synth-chart';

/** Where `synth` writes when `-o` is not given: the same place `cdk8s synth` does. */
export const DEFAULT_OUTPUT_DIR = 'dist';

interface SynthOptions {
  readonly output: string;
  readonly force?: boolean;
  readonly format: 'text' | 'json';
  readonly appTlsWiring?: boolean;
}

export function registerSynth(program: Command, io: CliIo): void {
  program
    .command('synth')
    .description('synthesize a mesh file into Kubernetes manifests (<dir>/<name>.k8s.yaml), checked and written atomically')
    .argument('<mesh-file>', 'mesh file (YAML or JSON, apiVersion secure-mesh.io/v1alpha1, kind SecureMesh)')
    .option('-o, --output <dir>', 'output directory', DEFAULT_OUTPUT_DIR)
    .option('--force', 'write into a directory holding files secure-mesh did not write (same-named files are replaced, others kept)')
    .addOption(new Option('--format <format>', 'report format on stdout').choices(['text', 'json']).default('text'))
    .option('--app-tls-wiring', 'also write <name>.app-tls/: per workload with tls, a kustomize patch and Helm values that mount its certificate and the trust bundle into your own Deployment')
    .addHelpText('after', `
The chart (and file) name is metadata.name, else the mesh file's name without extension.
Output is written to a temporary directory next to <dir> (the real directory if <dir> is a
link) and swapped in only when everything succeeded; a failed run leaves the previous output
as it was. One run at a time per directory; a directory written by dev-certs is refused.

Examples:
  $ secure-mesh synth mesh.yaml                  # writes dist/<name>.k8s.yaml
  $ secure-mesh synth mesh.yaml -o manifests     # writes manifests/<name>.k8s.yaml
  $ secure-mesh synth mesh.json --format json    # JSON summary: files, objects, warnings
  $ secure-mesh synth mesh.yaml --app-tls-wiring # and dist/<name>.app-tls/ for workloads with tls
`)
    .action((file: string, options: SynthOptions) => synth(file, options, io));
}

async function synth(file: string, options: SynthOptions, io: CliIo): Promise<void> {
  io.progress(`checking ${file}…`);
  // Heavy modules (cdk8s, schemas, renderers) load only when a command runs, so --help and --version are instant.
  const [{ locatedWarnings }, { synthChart }, { loadCheckedDefinition }] = await Promise.all([import('../inputs'), import('../synth-chart'), import('../synth-definition')]);
  const { loaded, spec, synthesized } = loadCheckedDefinition(file);
  if (loaded.content.metadata?.name === undefined) checkDerivedOutputName(loaded.name, file);
  io.progress(`synthesizing ${loaded.name}…`);
  // Refusals of the output name the definition field in the file: `mesh.yaml:8:7: spec.workloads[1]`.
  const paths = {
    locate: (definitionPath: string): string => {
      const at = loaded.locate(`spec.${definitionPath}`);
      return `${at ? `${loaded.file}:${at.line}:${at.column}` : loaded.file}: spec.${definitionPath}`;
    },
    name: (definitionPath: string): string => `spec.${definitionPath}`,
  };
  const { value: written, notes } = await writeOutputSafely(options.output, (staging) => synthChart(loaded.name, spec, staging, synthesized, paths, { appTlsWiring: options.appTlsWiring === true }), { force: options.force, kind: 'synth' });
  io.done();
  if (!io.quiet) for (const note of notes) io.err(`warning: ${note}\n`);
  const warnings = locatedWarnings(loaded, written.warnings);
  const outFile = path.join(options.output, written.file);
  if (options.format === 'json') {
    io.out(`${JSON.stringify({
      files: [outFile, ...written.wiringFiles.map((f) => path.join(options.output, f))],
      objects: written.objects.length,
      kinds: countKinds(written.objects),
      warnings: warnings.map((w) => ({ file: w.file, line: w.position?.line, column: w.position?.column, path: w.path, message: w.message })),
    }, null, 2)}\n`);
    return;
  }
  if (!io.quiet) {
    for (const w of warnings) io.err(`warning: ${formatLocatedProblem(w)}\n`);
    io.out(`wrote ${outFile} (${written.objects.length} objects)\n`);
    if (written.wiringFiles.length > 0) {
      const dir = path.join(options.output, path.dirname(written.wiringFiles[0]));
      const patches = written.wiringFiles.filter((f) => f.endsWith('.patch.yaml')).length;
      io.out(`wrote ${dir}${path.sep} (app TLS wiring of ${patches} workload${patches === 1 ? '' : 's'}: kustomize patches and Helm values for your Deployments)\n`);
    }
  }
}

/** `{ Certificate: 3, NetworkPolicy: 5, … }`, sorted by kind. */
function countKinds(objects: SynthesizedChart['objects']): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const kind of objects.map((o) => o.kind).sort()) counts[kind] = (counts[kind] ?? 0) + 1;
  return counts;
}
