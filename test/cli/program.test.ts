/** The program in process: help, version and usage errors (cheap to check without a process each). */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { createProgram, runCli } from '../../lib/cli/program';
import { captureIo, REPO, tempDir } from './run-cli';

async function run(...args: string[]) {
  const io = captureIo();
  const code = await runCli(args, io);
  return { code, stdout: io.stdout, stderr: io.stderr };
}

test('every command has --help with examples', async () => {
  const program = createProgram(captureIo());
  const names = ['synth', 'schema', 'validate', 'graph', 'diff', 'dev-certs', 'rotate plan', 'rollout plan'];
  for (const name of names) {
    const result = await run(...name.split(' '), '--help');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`Usage: secure-mesh ${name}`);
    expect(result.stdout).toContain('Examples:');
  }
  const top = await run('--help');
  expect(top.stdout).toContain('Exit codes:');
  expect(program.commands.map((c) => c.name()).sort()).toEqual(['dev-certs', 'diff', 'graph', 'import', 'rollout', 'rotate', 'schema', 'synth', 'validate']);
});

test('--version prints the package version', async () => {
  const pkg = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8')) as { version: string };
  expect(await run('--version')).toEqual({ code: 0, stdout: `${pkg.version}\n`, stderr: '' });
});

test('usage errors exit 2 with a hint, never a stack trace', async () => {
  const unknown = await run('synht', 'mesh.yaml');
  expect(unknown.code).toBe(2);
  expect(unknown.stderr).toContain("unknown command 'synht'");
  expect(unknown.stderr).toContain('(Did you mean synth?)');
  const option = await run('synth', '--bogus', 'mesh.yaml');
  expect(option.code).toBe(2);
  expect(option.stderr).toContain("unknown option '--bogus'");
  const format = await run('graph', 'x.yaml', '--format', 'png');
  expect(format.code).toBe(2);
  expect(format.stderr).toMatch(/argument 'png' is invalid\. Allowed choices are markdown, mermaid, json, dot, svg/);
  const none = await run();
  expect(none.code).toBe(2);
  expect(none.stderr).toContain('Usage: secure-mesh');
});

test('an unparseable or missing file exits 2 naming the file (and line)', async () => {
  const dir = tempDir('program');
  try {
    const broken = path.join(dir, 'broken.yaml');
    fs.writeFileSync(broken, 'apiVersion: secure-mesh.io/v1alpha1\nkind: SecureMesh\nspec:\n  name: [\n');
    const result = await run('synth', broken, '-o', path.join(dir, 'out'));
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(new RegExp(`^secure-mesh: ${broken.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}:\\d+:\\d+: not valid YAML or JSON: `));
    const missing = await run('synth', path.join(dir, 'nope.yaml'));
    expect(missing).toEqual({ code: 2, stdout: '', stderr: `secure-mesh: ${path.join(dir, 'nope.yaml')}: cannot read mesh file: no such file\n` });
    expect(fs.readdirSync(dir)).toEqual(['broken.yaml']);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('rotate plan prints the ordered steps of a CA rotation with their manifests', async () => {
  const result = await run('rotate', 'plan', path.join(REPO, 'examples', 'platform.yaml'), '--format', 'json');
  expect(result.code).toBe(0);
  const steps = JSON.parse(result.stdout) as { number: number; title: string; manifests: { kind: string; metadata: { name: string }; spec?: { sources?: unknown[] } }[] }[];
  expect(steps.map((s) => s.number)).toEqual([1, 2, 3]);
  // Step 1 trusts both roots; the last step trusts only the new one.
  const sources = (step: (typeof steps)[number]) => step.manifests.find((m) => m.kind === 'Bundle')!.spec!.sources!.length;
  expect(sources(steps[0])).toBe(2);
  expect(sources(steps[2])).toBe(1);
});

test('the CLI entry loads no parser, schema or cdk8s module until a command runs (--version and --help stay fast)', () => {
  // A fresh process: which packages does loading the program (what `--version` loads) pull in? (docs/performance.md)
  const { execFileSync } = require('child_process') as typeof import('child_process');
  const tsx = require.resolve('tsx', { paths: [REPO] });
  const loaded = execFileSync(process.execPath, ['--import', require('url').pathToFileURL(tsx).href, '-e',
    "require('./lib/cli/program.ts'); console.log(JSON.stringify(Object.keys(require.cache).map((k) => /node_modules\\/((?:@[^/]+\\/)?[^/]+)\\//.exec(k)?.[1]).filter(Boolean)))"],
  { cwd: REPO, encoding: 'utf8' });
  const packages = new Set(JSON.parse(loaded) as string[]);
  for (const heavy of ['yaml', 'js-yaml', 'ajv', 'cdk8s', 'cdk8s-plus-28', '@peculiar/x509', 'fastest-levenshtein']) expect(packages).not.toContain(heavy);
  expect(packages).toContain('commander');
});

test('synth of a YAML mesh file loads no second YAML reader, no ajv and no JSON scanner (each ~6-30 ms of every run)', () => {
  // The fast reader (js-yaml), the precompiled validators and the fast serializer do the whole job for a mesh file
  // like examples/platform.yaml; `yaml`, ajv and jsonc-parser are loaded on their slower paths only (lib/yaml-package.ts).
  const { execFileSync } = require('child_process') as typeof import('child_process');
  const tsx = require.resolve('tsx', { paths: [REPO] });
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'sm-synth-modules-'));
  try {
    const loaded = execFileSync(process.execPath, ['--import', require('url').pathToFileURL(tsx).href, '-e', [
      "const { loadCheckedDefinition } = require('./lib/cli/synth-definition.ts');",
      "const { synthChart } = require('./lib/cli/synth-chart.ts');",
      "require('./lib/cli/inputs.ts');",
      "const { loaded, spec, synthesized } = loadCheckedDefinition('examples/platform.yaml');",
      `synthChart(loaded.name, spec, ${JSON.stringify(out)}, synthesized);`,
      "console.log(JSON.stringify(Object.keys(require.cache).filter((k) => k.includes('node_modules')).map((k) => k.replace(/.*node_modules\\//, ''))))",
    ].join('\n')], { cwd: REPO, encoding: 'utf8', env: { ...process.env, SECURE_MESH_QUIET: '1' } });
    const files = JSON.parse(loaded.trim().split('\n').pop()!) as string[];
    const packages = new Set(files.map((f) => /^((?:@[^/]+\/)?[^/]+)\//.exec(f)?.[1]));
    expect(packages).toContain('js-yaml');
    for (const unneeded of ['yaml', 'jsonc-parser']) expect(packages).not.toContain(unneeded);
    // The precompiled validators need ajv's small runtime helpers only, not ajv itself (its compiler: 61 modules).
    expect(files.filter((f) => f.startsWith('ajv/') && !f.startsWith('ajv/dist/runtime/'))).toEqual([]);
    expect(fs.readdirSync(out)).toEqual(['platform.k8s.yaml']);
  } finally {
    fs.rmSync(out, { recursive: true, force: true });
  }
});
