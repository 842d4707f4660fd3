/**
 * One in-process run of the pipeline on a benchmark mesh, for the profiler:
 *   node --cpu-prof --cpu-prof-dir=/tmp/prof --import tsx bench/profile.ts 1000 [stage…]
 *   npx tsx bench/cpuprofile-summary.ts /tmp/prof/<file>.cpuprofile
 * Stages: resolve intent emit validate serialize (default: all).
 */
import { buildIntentGraph } from '../lib/intent/graph';
import { validateObjects } from '../lib/checks/schema';
import { emitObjects } from '../lib/mesh/synthesize';
import { resolveMesh } from '../lib/model/resolve';
import { toYaml } from '../lib/serialize/yaml';
import { BENCH_SIZES, generateMesh } from './generate';

const workloads = Number(process.argv[2] ?? 1000);
const size = BENCH_SIZES.find((s) => s.workloads === workloads) ?? { workloads, namespaces: Math.max(10, Math.round(workloads / 25)) };
const definition = generateMesh(size);
const lap = (() => {
  let t = performance.now();
  return (label: string) => {
    const now = performance.now();
    process.stdout.write(`${label.padEnd(10)} ${(now - t).toFixed(0).padStart(6)} ms\n`);
    t = now;
  };
})();
const mesh = resolveMesh(definition);
lap('resolve');
const graph = buildIntentGraph(mesh);
lap('intent');
const objects = emitObjects(mesh, graph);
lap('emit');
const violations = validateObjects(objects);
lap('validate');
const yaml = toYaml(objects);
lap('serialize');
process.stdout.write(`${objects.length} objects, ${violations.length} violations, ${yaml.length} bytes\n`);
