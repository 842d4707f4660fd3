/**
 * Marks the package's `bin` entries executable after `tsc` writes them (tsc emits 0644 files). npm sets the bit
 * itself when it links an installed package, but not for the project it runs in: without this, `npx secure-mesh`
 * in a fresh clone (after `npm ci`, whose `prepare` runs the build) fails with "Permission denied".
 * Run by `npm run build`. Plain Node, no dependency.
 */
const fs = require('fs');
const path = require('path');

const ROOT = path.join(__dirname, '..');

function markBinsExecutable(root = ROOT) {
  const { bin } = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
  const entries = typeof bin === 'string' ? [bin] : Object.values(bin ?? {});
  for (const rel of entries) {
    const file = path.join(root, rel);
    fs.chmodSync(file, fs.statSync(file).mode | 0o111);
  }
  return entries;
}

module.exports = { markBinsExecutable };

if (require.main === module) markBinsExecutable();
