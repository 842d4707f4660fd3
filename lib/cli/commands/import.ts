import type { Command } from 'commander';
import type { CliIo } from '../io';
import type { ImportCommandOptions } from '../import-command';
import { commandLine } from '../shell-word';


export function registerImport(program: Command, io: CliIo): void {
  program
    .command('import')
    .description('write a mesh file from what a cluster runs: workloads, namespaces and the access their policies allow')
    .argument('<manifests...>', 'manifest files or directories (as validate reads them: multi-document YAML, JSON, List objects)')
    .requiredOption('-o, --output <mesh-file>', 'the mesh file to write (- for stdout)')
    .option('--traffic <files...>', 'Prometheus /api/v1/query responses (istio_requests_total, istio_tcp_connections_opened_total): the ingress rules become exactly the calls seen')
    .option('--name <name>', 'spec.name of the mesh', 'mesh')
    .option('--root-namespace <ns>', 'Istio root namespace of the cluster', 'istio-system')
    .option('--trust-domain <domain>', 'trust domain of the principals in AuthorizationPolicies', 'cluster.local')
    .option('--cluster-domain <domain>', 'cluster DNS domain', 'cluster.local')
    .option('--force', 'replace the mesh file if it exists')
    .option('--no-verify', 'skip the round-trip check (synthesize the import and compare who may call whom with the manifests)')
    .addHelpText('after', `
What the definition cannot say exactly is narrowed (never widened) and listed, on stderr and as comments
in the mesh file. A namespace without any policy is imported with isolation none (it stays open).

Examples:
  $ kubectl get deploy,sts,ds,job,cronjob,pod,svc,ns,netpol,authorizationpolicy,peerauthentication,destinationrule -A -o yaml > cluster.yaml
  $ secure-mesh import cluster.yaml -o mesh.yaml
  $ secure-mesh import k8s/ -o mesh.yaml --traffic requests.json tcp.json   # rules from the calls seen
  $ secure-mesh diff mesh.yaml --traffic requests.json                      # review before enforcing
`)
    .action(async (paths: string[], options: ImportCommandOptions) => {
      io.progress('reading manifests…');
      // Loaded when the command runs, so --help and --version stay instant.
      const { runImport } = await import('../import-command');
      const command = commandLine(['import', ...paths, '-o', options.output], {});
      await runImport(paths, options, io, command);
    });
}
