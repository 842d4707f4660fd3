// What `secure-mesh synth <file> -o <dir>` does on the fast path, as a plain script over the compiled
// library (build/, from `npm run build`): read the mesh file (YAML), synthesizeMesh, strict schema
// validation, the rule pack (when built), toYaml, write <dir>/<name>.k8s.yaml. The benchmark spawns it
// to time a whole process without the cdk8s construct tree. Usage: node bench/synth-fast.cjs <file> <dir>
'use strict';
const fs = require('fs');
const path = require('path');
const YAML = require('yaml');
const build = path.join(__dirname, '..', 'build', 'lib');
const { synthesizeMesh } = require(path.join(build, 'mesh', 'synthesize'));
const { validateObjects } = require(path.join(build, 'checks', 'schema'));
const { toYaml } = require(path.join(build, 'serialize', 'yaml'));
let runPack;
try {
  ({ runPack } = require(path.join(build, 'checks', 'engine')));
} catch {
  runPack = undefined;
}

const [file, outdir] = process.argv.slice(2);
const meshFile = YAML.parse(fs.readFileSync(file, 'utf8'));
const { objects } = synthesizeMesh(meshFile.spec);
const violations = validateObjects(objects);
if (violations.length > 0) {
  process.stderr.write(`${violations.length} schema violations\n`);
  process.exit(1);
}
if (runPack) runPack(objects);
fs.mkdirSync(outdir, { recursive: true });
fs.writeFileSync(path.join(outdir, `${meshFile.metadata.name}.k8s.yaml`), toYaml(objects));
