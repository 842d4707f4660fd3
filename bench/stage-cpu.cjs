/**
 * CPU time of strict validation and of the rule pack, cold, in one fresh process, as the CLI runs them: the mesh
 * file is read and synthesized first (not timed), then each stage's modules are required and the stage runs once
 * (`validateObjects`, then `rulePackErrors`, the order of lib/cli/synth-chart.ts). Compare builds by alternating
 * runs and taking medians (docs/performance.md, "Validation and rule pack"):
 *
 *   npm run build
 *   for i in 1 2 3 4 5 6 7 8 9; do node bench/stage-cpu.cjs build /work/m5000.yaml; done
 *
 * Prints one JSON line: CPU ms (user + system, process.cpuUsage) of requiring and running each stage, the number
 * of objects, and a hash of what the stages reported (equal hashes: same violations and findings).
 */
const crypto = require('crypto');
const path = require('path');

const [buildArg = 'build', meshFile = '/work/m5000.yaml', stages = 'validate,pack'] = process.argv.slice(2);
const build = path.resolve(buildArg);
const cpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

const { loadCheckedDefinition } = require(`${build}/lib/cli/synth-definition`);
const { synthesized } = loadCheckedDefinition(meshFile);
if (!synthesized) throw new Error(`${meshFile}: expected a mesh without integration sections (synthesized while checking)`);
const { objects, mesh } = synthesized;
const out = { objects: objects.length };
const reported = [];

if (stages.includes('validate')) {
  const start = cpu();
  const schema = require(`${build}/lib/checks/schema`);
  const loaded = cpu();
  reported.push(...schema.validateObjects(objects).map(schema.formatViolation));
  out.validateRequireMs = +(loaded - start).toFixed(1);
  out.validateMs = +(cpu() - loaded).toFixed(1);
}
if (stages.includes('pack')) {
  process.env.SECURE_MESH_QUIET = '1';
  const start = cpu();
  const { rulePackErrors } = require(`${build}/lib/checks/pack-errors`);
  const loaded = cpu();
  reported.push(...rulePackErrors(objects, { rootNamespace: mesh.istio ? mesh.istio.rootNamespace : undefined }));
  out.packRequireMs = +(loaded - start).toFixed(1);
  out.packMs = +(cpu() - loaded).toFixed(1);
}
out.reported = reported.length;
out.hash = crypto.createHash('sha256').update(reported.join('\n')).digest('hex').slice(0, 16);
process.stdout.write(`${JSON.stringify(out)}\n`);
