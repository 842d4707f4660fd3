import * as fs from 'fs';
import * as path from 'path';
import { Option, type Command } from 'commander';
import type { CliIo } from '../io';

interface PlanOptions {
  readonly output?: string;
  readonly order?: string;
  readonly force?: boolean;
  readonly format: 'text' | 'json' | 'yaml';
}

/** The modeline that points editors at the schema (first line of a mesh file). */
const MODELINE = /^#\s*yaml-language-server:\s*\$schema=(\S+)/;

export function registerRollout(program: Command, io: CliIo): void {
  const rollout = program
    .command('rollout')
    .description('roll policies out in stages: audit first, then enforce namespace by namespace');
  rollout
    .command('plan')
    .description('the ordered steps from enforcement: audit to enforce, each a mesh file that synthesizes, with what to check before applying it')
    .argument('<mesh-file>', 'mesh file (YAML or JSON)')
    .option('-o, --output <dir>', 'write each step\'s mesh file into <dir> (step-01-audit.yaml, step-02-enforce-<namespace>.yaml, …)')
    .option('--order <namespaces>', 'comma-separated managed namespaces in the order to enforce them (the others follow in definition order)')
    .option('--force', 'with -o: write into a directory holding files secure-mesh did not write')
    .addOption(new Option('--format <format>', 'output format on stdout').choices(['text', 'json', 'yaml']).default('text'))
    .addHelpText('after', `
Step 1 puts every managed namespace in audit (Istio dry-run AuthorizationPolicies, PERMISSIVE instead of
STRICT, no NetworkPolicies or Sidecar scopes): it refuses nothing. Each further step enforces one namespace;
the last is the definition as given, enforced everywhere. Apply a step with \`secure-mesh synth <step file>\`
once what it says to check is clean.

Examples:
  $ secure-mesh rollout plan mesh.yaml
  $ secure-mesh rollout plan mesh.yaml -o rollout/ --order payments,orders
  $ secure-mesh rollout plan mesh.yaml --format json | jq '.[].title'
`)
    .action(async (file: string, options: PlanOptions) => {
      // Heavy modules (cdk8s, schemas, renderers) load only when a command runs, so --help and --version are instant.
      const [{ loadDefinition }, { renderRolloutPlan, rolloutPlan }, { writeOutputSafely }, { stringify }, { packageRoot, MESH_FILE_SCHEMA }] = await Promise.all([
        import('../inputs'), import('../../rollout'), import('../safe-output'), import('yaml'), import('../package-info'),
      ]);
      const { loaded, spec } = loadDefinition(file);
      const order = options.order?.split(',').map((s) => s.trim()).filter((s) => s.length > 0);
      const managed = (spec.namespaces ?? []).filter((n) => n.managed !== false).map((n) => n.name);
      const unknown = (order ?? []).filter((n) => !managed.includes(n));
      if (unknown.length > 0) {
        const { CliError, EXIT } = await import('../exit-codes');
        throw new CliError(`--order: ${unknown.map((n) => `"${n}"`).join(', ')} ${unknown.length === 1 ? 'is not a managed namespace' : 'are not managed namespaces'} of ${file} (managed: ${managed.join(', ') || 'none'}); nothing was written`, EXIT.USAGE);
      }
      const steps = rolloutPlan(spec, { order });
      if (options.output !== undefined) {
        const target = path.resolve(options.output);
        const schema = schemaReference(file, target, path.join(packageRoot(), MESH_FILE_SCHEMA));
        const { notes } = await writeOutputSafely(options.output, (staging) => {
          for (const step of steps) {
            const header = [
              `# yaml-language-server: $schema=${schema}`,
              `# Step ${step.number} of ${steps.length}: ${step.title}. Written by \`secure-mesh rollout plan ${path.basename(file)}\`;`,
              '# apply with `secure-mesh synth` once what the plan says to check before this step is clean.',
            ];
            const body = stringify({ apiVersion: loaded.content.apiVersion, kind: loaded.content.kind, ...(loaded.content.metadata ? { metadata: loaded.content.metadata } : {}), spec: step.definition }, { lineWidth: 0 });
            fs.writeFileSync(path.join(staging, step.file), `${header.join('\n')}\n${body}`);
          }
        }, { force: options.force, kind: 'rollout' });
        if (!io.quiet) for (const note of notes) io.err(`warning: ${note}\n`);
      }
      const text = renderRolloutPlan(steps, options.format);
      io.out(text.endsWith('\n') ? text : `${text}\n`);
      if (options.output !== undefined && !io.quiet) io.err(`wrote ${steps.length} mesh files into ${options.output}\n`);
    });
}

/**
 * The schema for the written files: the mesh file's own modeline, re-pointed from the output directory when it is
 * a relative path, else the schema shipped in this package.
 */
function schemaReference(meshFile: string, outDir: string, shipped: string): string {
  let first = '';
  try {
    first = fs.readFileSync(meshFile, 'utf8').split('\n', 1)[0];
  } catch {
    // Read a moment ago by loadDefinition; if it is gone now, the shipped schema will do.
  }
  const ref = MODELINE.exec(first)?.[1];
  if (ref !== undefined && /^[a-z][a-z0-9+.-]*:/i.test(ref)) return ref; // a URL
  const absolute = ref !== undefined ? path.resolve(path.dirname(meshFile), ref) : shipped;
  return path.relative(outDir, absolute).split(path.sep).join('/');
}
