/**
 * Copies the generated modules of lib/ (`*.generated.js` and their `*.generated.d.ts`, written by the scripts/generate-*
 * generators) into build/lib/, next to the modules tsc compiles there. tsc does not emit them: allowJs is off, so it
 * reads only the declarations and neither type-checks nor re-emits ~1.4 MB of ajv standalone code
 * (docs/performance.md, "Generated validators as JavaScript"). Run by `npm run build` before tsc (tsc never writes
 * these files, and a tsc that reports a type error still emits: bench/run.ts goes on with that build, which then has
 * them too), and by test/package/pack.test.ts after its `tsc -b`. Plain Node, no dependency, any platform.
 */
const fs = require('fs');
const path = require('path');

const ROOT = path.join(__dirname, '..');
const GENERATED = /\.generated\.(js|d\.ts)$/;

/** Copies every generated module under `<root>/lib` to `<root>/build/lib`; returns the copied paths relative to lib. */
function copyGenerated(root = ROOT) {
  const from = path.join(root, 'lib');
  const to = path.join(root, 'build', 'lib');
  const copied = [];
  for (const rel of fs.readdirSync(from, { recursive: true })) {
    if (!GENERATED.test(rel)) continue;
    fs.mkdirSync(path.dirname(path.join(to, rel)), { recursive: true });
    fs.copyFileSync(path.join(from, rel), path.join(to, rel));
    copied.push(rel.split(path.sep).join('/'));
  }
  if (copied.length === 0) throw new Error(`no *.generated.js under ${from}: nothing to copy`);
  return copied.sort();
}

module.exports = { copyGenerated };

if (require.main === module) copyGenerated();
