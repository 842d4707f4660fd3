// The CLI's synth pipeline as a bare script over the compiled library (build/, from `npm run build`), without
// commander, definition checks with located problems, or the atomic output swap: read the mesh file (the
// loader's fast path), synthesizeMesh, strict schema validation, the rule pack, toYaml, write
// <dir>/<name>.k8s.yaml. The benchmark spawns it next to the CLI to show what the CLI's own overhead is.
// Usage: node bench/synth-fast.cjs <file> <dir>
'use strict';
const fs = require('fs');
const path = require('path');
const build = path.join(__dirname, '..', 'build', 'lib');
const { loadMeshFile } = require(path.join(build, 'model', 'mesh-file-loader'));
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
const meshFile = loadMeshFile(file).content;
const { objects } = synthesizeMesh(meshFile.spec);
const violations = validateObjects(objects);
if (violations.length > 0) {
  process.stderr.write(`${violations.length} schema violations\n`);
  process.exit(1);
}
if (runPack) runPack(objects);
fs.mkdirSync(outdir, { recursive: true });
fs.writeFileSync(path.join(outdir, `${meshFile.metadata.name}.k8s.yaml`), toYaml(objects));
