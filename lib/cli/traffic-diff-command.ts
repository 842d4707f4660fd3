/** `diff <mesh-file> --traffic <files...>`: the mesh file against the calls seen (adopt/traffic-diff.ts). */
import { synthesizeMesh } from '../mesh/synthesize';
import { renderTrafficDiff, trafficDiff } from '../adopt/traffic-diff';
import { EXIT } from './exit-codes';
import type { CliIo } from './io';
import { readTraffic } from './read-traffic';
import { loadCheckedDefinition } from './synth-definition';

export async function runTrafficDiff(meshFile: string, trafficFiles: readonly string[], options: { format: 'markdown' | 'json'; rootNamespace?: string; trustDomain?: string; clusterDomain?: string }, io: CliIo): Promise<void> {
  io.progress(`analyzing ${meshFile}…`);
  const calls = readTraffic(trafficFiles);
  const { spec, synthesized } = loadCheckedDefinition(meshFile);
  const { mesh, objects } = synthesized ?? synthesizeMesh(spec);
  const diff = trafficDiff(spec, mesh, objects, calls, {
    rootNamespace: options.rootNamespace ?? (mesh.istio ? mesh.istio.rootNamespace : undefined),
    trustDomain: options.trustDomain ?? mesh.trustDomain,
    clusterDomain: options.clusterDomain ?? mesh.clusterDomain,
  });
  io.done();
  io.out(renderTrafficDiff(diff, options.format));
  if (diff.blocked.length > 0) {
    if (!io.quiet) io.err(`${diff.blocked.length} observed call(s) would be blocked by ${meshFile}\n`);
    io.exitCode = EXIT.FINDINGS;
  }
}
