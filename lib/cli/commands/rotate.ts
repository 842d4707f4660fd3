import { Option, type Command } from 'commander';
import type { RotationKind } from '../../rotation';
import type { CliIo } from '../io';

interface PlanOptions {
  readonly kind: RotationKind;
  readonly suffix?: string;
  readonly newIssuer?: string;
  readonly newSecretName?: string;
  readonly format: 'text' | 'json' | 'yaml';
}

export function registerRotate(program: Command, io: CliIo): void {
  const rotate = program
    .command('rotate')
    .description('plan certificate rotations step by step');
  rotate
    .command('plan')
    .description('the steps (and the manifests of each step) to rotate a CA or ModelMesh\'s internal trust without an outage')
    .argument('<mesh-file>', 'mesh file (YAML or JSON)')
    .addOption(new Option('--kind <kind>', 'what to rotate: the mesh root CA, or ModelMesh internal trust').choices(['ca', 'modelmesh']).default('ca'))
    .option('--suffix <suffix>', 'for --kind ca: suffix of the new chain\'s object names (<name>-root-ca-<suffix>)', 'b')
    .option('--new-issuer <name>', 'for --kind modelmesh: ClusterIssuer of the new key pair (default: the current issuer)')
    .option('--new-secret-name <name>', 'for --kind modelmesh: Secret of the new key pair (default: <secretName>-next)')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json', 'yaml']).default('text'))
    .addHelpText('after', `
Examples:
  $ secure-mesh rotate plan mesh.yaml                      # root CA rotation with overlapping trust
  $ secure-mesh rotate plan mesh.yaml --kind modelmesh     # ModelMesh three-step trust rotation
  $ secure-mesh rotate plan mesh.yaml --format yaml > rotation.yaml
`)
    .action(async (file: string, options: PlanOptions) => {
      // Heavy modules (cdk8s, schemas, renderers) load only when a command runs, so --help and --version are instant.
      const [{ loadDefinition }, { renderRotationPlan, rotationPlan }] = await Promise.all([import('../inputs'), import('../../rotation')]);
      const { spec } = loadDefinition(file);
      const steps = rotationPlan(options.kind, spec, { suffix: options.suffix, newIssuer: options.newIssuer, newSecretName: options.newSecretName });
      const text = renderRotationPlan(steps, options.format);
      io.out(text.endsWith('\n') ? text : `${text}\n`);
    });
}
