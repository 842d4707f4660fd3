// CPU time of each stage of the CLI's synth pipeline in ONE fresh process (cold, as every CLI run is), over the
// compiled library: loading the modules, reading the mesh file, synthesizeMesh (resolve, intent graph, emit), strict
// schema validation, the rule pack and toYaml. With --requires it also wraps Module.prototype.require and prints
// the CPU time spent loading each package (exclusive of the packages it requires in turn).
// Usage: node bench/synth-stages.cjs <mesh-file> [--requires] [--build <dir>]   (default build: ./build)
// Compare two builds by alternating runs (A B A B …) and taking medians: the machine is shared.
'use strict';
const path = require('path');
const Module = require('module');

const args = process.argv.slice(2);
const file = args[0];
const buildIndex = args.indexOf('--build');
const lib = path.resolve(buildIndex >= 0 ? args[buildIndex + 1] : path.join(__dirname, '..', 'build'), 'lib');
const cpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

const packages = new Map();
if (args.includes('--requires')) {
  const stack = [];
  const original = Module.prototype.require;
  Module.prototype.require = function require(id) {
    let filename;
    try {
      filename = Module._resolveFilename(id, this);
    } catch {
      return original.apply(this, arguments);
    }
    if (Module._cache[filename] !== undefined || !path.isAbsolute(filename)) return original.apply(this, arguments);
    const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(filename);
    const key = pkg ? pkg[1] : filename.includes(`${path.sep}imports${path.sep}`) ? 'imports/ (generated L1 classes)' : 'project';
    const frame = { children: 0 };
    stack.push(frame);
    const start = cpu();
    try {
      return original.apply(this, arguments);
    } finally {
      const inclusive = cpu() - start;
      stack.pop();
      if (stack.length > 0) stack[stack.length - 1].children += inclusive;
      packages.set(key, (packages.get(key) ?? 0) + inclusive - frame.children);
    }
  };
}

const times = {};
let last = cpu();
const lap = (stage) => {
  const now = cpu();
  times[stage] = Math.round(now - last);
  last = now;
};
// The modules `secure-mesh synth` loads (lib/cli/commands/synth.ts), then the pipeline of lib/cli/synth-chart.ts.
require(path.join(lib, 'cli', 'inputs'));
require(path.join(lib, 'cli', 'synth-definition'));
const { loadMeshFile } = require(path.join(lib, 'model', 'mesh-file-loader'));
const { synthesizeMesh } = require(path.join(lib, 'mesh', 'synthesize'));
const { validateObjects } = require(path.join(lib, 'checks', 'schema'));
const { rulePackErrors } = require(path.join(lib, 'checks', 'pack-errors'));
const { toYaml } = require(path.join(lib, 'serialize', 'yaml'));
lap('load');
const spec = loadMeshFile(file).content.spec;
lap('read');
const { mesh, objects } = synthesizeMesh(spec);
lap('synthesize');
const violations = validateObjects(objects);
lap('validate');
const errors = rulePackErrors(objects, { rootNamespace: mesh.istio ? mesh.istio.rootNamespace : undefined });
lap('checks');
const yaml = toYaml(objects);
lap('toYaml');
times.total = Object.values(times).reduce((a, b) => a + b, 0);
const out = { ...times, objects: objects.length, violations: violations.length, errors: errors.length, bytes: yaml.length };
if (packages.size > 0) out.requires = Object.fromEntries([...packages].sort((a, b) => b[1] - a[1]).map(([k, v]) => [k, Math.round(v)]));
process.stdout.write(`${JSON.stringify(out)}\n`);
