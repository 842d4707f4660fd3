/**
 * `npm run bench`: synthesizes generated meshes of 10 to 5,000 workloads and writes one table to
 * bench/results.md (and stdout): whole-process `secure-mesh synth` time and peak RSS, the in-process
 * stages, objects and bytes, and the ratio to two floors measured in the same run on the same
 * objects (cdk8s' own synth of them as plain ApiObjects, and a plain js-yaml dump).
 *
 *   npm run bench                          # builds (npm run build) first, all sizes
 *   npm run bench -- --no-build --sizes 10,1000
 *   npm run bench -- --no-build --sizes 5000 --against ../other-checkout   # CLI ratios against another build
 *
 * Whole-process runs: medians of 5 spawned runs at every size; in-process stages and floors: medians of 5 runs (3 for 5,000 workloads).
 * The whole-process columns spawn the compiled CLI (build/lib/cli/main.js) and bench/synth-fast.cjs (the same pipeline as a bare script: no commander, located checks or atomic swap).
 * `--against <dir>` (a checkout of another commit, built) adds the ratio of this CLI to that one's on the same mesh
 * file, from spawns that alternate between the two (AGAINST_RUNS each): load that comes and goes on a shared machine
 * then weighs on both alike, which two separate bench runs cannot promise (they differed by up to ±8 %).
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as v8 from 'v8';
import * as vm from 'vm';
import { ApiObject, App, Chart } from 'cdk8s';
import * as jsyaml from 'js-yaml';
import * as YAML from 'yaml';
import { validateObjects } from '../lib/checks/schema';
import { buildIntentGraph } from '../lib/intent/graph';
import type { K8sObject } from '../lib/k8s-object';
import { emitObjects } from '../lib/mesh/synthesize';
import { resolveMesh } from '../lib/model/resolve';
import type { ResolvedMesh } from '../lib/model/resolved';
import { toYaml } from '../lib/serialize/yaml';
import { BENCH_SIZES, generateMesh, meshFile, type MeshSize } from './generate';

const ROOT = path.join(__dirname, '..');
const CLI = path.join(ROOT, 'build', 'lib', 'cli', 'main.js');
const FAST_SCRIPT = path.join(__dirname, 'synth-fast.cjs');
const RSS_PRELOAD = path.join(__dirname, 'max-rss.cjs');
const RESULTS = path.join(__dirname, 'results.md');

/** The issue's targets for 5,000 workloads / 200 namespaces on a 2-core machine. */
const TARGET = { wholeProcessMs: 3000, peakRssMb: 600, libraryShareOfCdk8s: 0.3, growthPer10x: 11, perWorkload: 3, perNamespace: 6 };

type RulePack = (objects: readonly K8sObject[]) => unknown;

interface Args {
  readonly build: boolean;
  readonly sizes: readonly MeshSize[];
  readonly out: string;
  /** Another checkout (built) to compare the CLI with, alternating spawns. */
  readonly against?: string;
}

/** This CLI against another build's on the largest mesh: medians of alternating spawns. */
interface Against {
  readonly dir: string;
  readonly workloads: number;
  readonly runs: number;
  readonly ours: ProcessRun;
  readonly theirs: ProcessRun;
}

interface Row {
  readonly size: MeshSize;
  readonly objects: number;
  readonly bytes: number;
  readonly identical: boolean;
  readonly stages: Record<Stage, number>;
  readonly cdk8sMs: number;
  readonly jsYamlMs: number;
  readonly cli?: ProcessRun;
  readonly fast?: ProcessRun;
  readonly hosts?: { readonly without: number; readonly avg: number; readonly max: number; readonly proxies: number };
}

interface ProcessRun {
  readonly ms: number;
  /** User + system CPU time of the process: robust to a busy machine, unlike wall time. */
  readonly cpuMs: number;
  readonly rssMb: number;
  readonly bytes: number;
  readonly ok: boolean;
  readonly error?: string;
}

const STAGES = ['resolve', 'intent', 'emit', 'validate', 'checks', 'serialize'] as const;
type Stage = (typeof STAGES)[number];

function main(): void {
  const args = parseArgs(process.argv.slice(2));
  const gc = exposeGc();
  if (args.build) build();
  const rulePack = loadRulePack();
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'secure-mesh-bench-'));
  const rows: Row[] = [];
  let against: Against | undefined;
  try {
    for (const size of args.sizes) {
      process.stderr.write(`${size.workloads} workloads / ${size.namespaces} namespaces…\n`);
      rows.push(benchSize(size, work, gc, rulePack));
    }
    if (args.against) against = compareWith(args.against, args.sizes[args.sizes.length - 1], work);
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
  const report = render(rows, rulePack !== undefined, against);
  process.stdout.write(report);
  fs.writeFileSync(args.out, report);
  process.stderr.write(`wrote ${path.relative(process.cwd(), args.out)}\n`);
}

function parseArgs(argv: readonly string[]): Args {
  let buildFirst = true;
  let sizes = BENCH_SIZES;
  let out = RESULTS;
  let against: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--no-build') buildFirst = false;
    else if (argv[i] === '--sizes') {
      const wanted = (argv[++i] ?? '').split(',').map(Number);
      sizes = BENCH_SIZES.filter((s) => wanted.includes(s.workloads));
    } else if (argv[i] === '--out') out = path.resolve(argv[++i]);
    else if (argv[i] === '--against') against = path.resolve(argv[++i] ?? '');
    else throw new Error(`unknown argument ${argv[i]} (use --no-build, --sizes 10,100,1000,5000, --out <file>, --against <built checkout>)`);
  }
  return { build: buildFirst, sizes, out, against };
}

/** `global.gc` without asking the caller for --expose-gc, so runs start from a collected heap. */
function exposeGc(): () => void {
  v8.setFlagsFromString('--expose-gc');
  return vm.runInNewContext('gc') as () => void;
}

function build(): void {
  process.stderr.write('npm run build…\n');
  const r = spawnSync('npm', ['run', 'build', '--silent'], { cwd: ROOT, encoding: 'utf8' });
  // tsc emits even when a file being edited elsewhere has a type error; say so, and go on.
  if (r.status !== 0) process.stderr.write(`npm run build exited ${r.status}; using what it emitted\n${r.stdout}${r.stderr}`.slice(0, 2000));
}

/** The rule pack's entry point, if it has landed (lib/checks/engine.ts `runPack`). */
function loadRulePack(): RulePack | undefined {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const engine = require('../lib/checks/engine') as { runPack?: RulePack };
    return typeof engine.runPack === 'function' ? engine.runPack : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Spawned whole-process runs per size: five at every size, because the 5,000-workload CLI time is the number the
 * target is about and single runs on a shared 2-core machine vary by ±30 %.
 */
const PROCESS_RUNS = 5;

function benchSize(size: MeshSize, work: string, gc: () => void, rulePack: RulePack | undefined): Row {
  const runs = size.workloads >= 5000 ? 3 : 5;
  const definition = generateMesh(size);
  const file = path.join(work, `bench-${size.workloads}.yaml`);
  fs.writeFileSync(file, YAML.stringify(meshFile(size)));

  const samples: Record<Stage | 'cdk8s' | 'jsyaml', number[]> = { resolve: [], intent: [], emit: [], validate: [], checks: [], serialize: [], cdk8s: [], jsyaml: [] };
  let objects: K8sObject[] = [];
  let mesh: ResolvedMesh | undefined;
  let yaml = '';
  let cdk8sYaml = '';
  for (let run = 0; run < runs; run++) {
    // Drop the previous run's results first: kept alive, they (two 16.5 MB strings and 12,000 objects at 5,000
    // workloads) made every later run collect a larger heap, which showed up as superlinear growth.
    [objects, mesh, yaml, cdk8sYaml] = [[], undefined, '', ''];
    gc();
    let t = performance.now();
    const lap = (stage: keyof typeof samples) => {
      const now = performance.now();
      samples[stage].push(now - t);
      t = now;
    };
    mesh = resolveMesh(definition);
    lap('resolve');
    const graph = buildIntentGraph(mesh);
    lap('intent');
    objects = emitObjects(mesh, graph);
    lap('emit');
    const violations = validateObjects(objects);
    lap('validate');
    if (violations.length > 0) throw new Error(`${violations.length} schema violations in the ${size.workloads}-workload mesh`);
    rulePack?.(objects);
    lap('checks');
    yaml = toYaml(objects);
    lap('serialize');
    gc();
    t = performance.now();
    cdk8sYaml = cdk8sSynth(objects, work);
    lap('cdk8s');
    gc();
    t = performance.now();
    objects.map((o) => jsyaml.dump(o)).join('---\n');
    lap('jsyaml');
  }
  const stages = Object.fromEntries(STAGES.map((s) => [s, median(samples[s])])) as Record<Stage, number>;
  return {
    size,
    objects: objects.length,
    bytes: Buffer.byteLength(yaml),
    identical: yaml === cdk8sYaml,
    stages,
    cdk8sMs: median(samples.cdk8s),
    jsYamlMs: median(samples.jsyaml),
    cli: fs.existsSync(CLI) ? spawnRuns(PROCESS_RUNS, work, [CLI, 'synth', file, '-o']) : undefined,
    fast: fs.existsSync(path.join(ROOT, 'build', 'lib', 'serialize', 'yaml.js')) ? spawnRuns(PROCESS_RUNS, work, [FAST_SCRIPT, file]) : undefined,
    hosts: hostsPerProxy(mesh!, objects),
  };
}

/** cdk8s' own synth of the same objects: one ApiObject each in a chart, `app.synthYaml()`. */
function cdk8sSynth(objects: readonly K8sObject[], work: string): string {
  const app = new App({ outdir: path.join(work, 'cdk8s') });
  const chart = new Chart(app, 'c', { disableResourceNameHashes: true });
  objects.forEach((obj, i) => new ApiObject(chart, `o${i}`, obj));
  return app.synthYaml();
}

/** Spawns per CLI for `--against`, alternating: ours, theirs, ours, … */
const AGAINST_RUNS = 11;

/** This CLI and `dir`'s (`<dir>/build/lib/cli/main.js`) on the same mesh file, spawns alternating between them. */
function compareWith(dir: string, size: MeshSize, work: string): Against {
  const theirs = path.join(dir, 'build', 'lib', 'cli', 'main.js');
  if (!fs.existsSync(theirs)) throw new Error(`--against ${dir}: no ${path.relative(dir, theirs)} (run npm ci and npm run build there)`);
  const file = path.join(work, `bench-${size.workloads}.yaml`);
  process.stderr.write(`against ${dir}: ${AGAINST_RUNS} alternating runs each…\n`);
  const ours: ProcessRun[] = [];
  const other: ProcessRun[] = [];
  for (let run = 0; run < AGAINST_RUNS; run++) {
    ours.push(spawnRuns(1, work, [CLI, 'synth', file, '-o']));
    other.push(spawnRuns(1, work, [theirs, 'synth', file, '-o']));
  }
  const medianRun = (runs: readonly ProcessRun[]): ProcessRun => runs.find((r) => !r.ok) ?? { ms: median(runs.map((r) => r.ms)), cpuMs: median(runs.map((r) => r.cpuMs)), rssMb: median(runs.map((r) => r.rssMb)), bytes: runs[0].bytes, ok: true };
  // Named by its commit when it is a git checkout, so the table says what it was compared with.
  const commit = spawnSync('git', ['-C', dir, 'rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).stdout?.trim();
  return { dir: commit ? `${path.basename(dir)} @ ${commit}` : dir, workloads: size.workloads, runs: AGAINST_RUNS, ours: medianRun(ours), theirs: medianRun(other) };
}

/** Median wall time and peak RSS of `node -r max-rss <argv> <fresh out dir>`, and the bytes it wrote. */
function spawnRuns(runs: number, work: string, argv: readonly string[]): ProcessRun {
  const results: ProcessRun[] = [];
  for (let run = 0; run < runs; run++) {
    const outdir = path.join(work, `out-${process.hrtime.bigint()}`);
    const rssFile = path.join(work, 'rss');
    const start = performance.now();
    const r = spawnSync(process.execPath, ['-r', RSS_PRELOAD, ...argv, outdir], {
      cwd: ROOT, encoding: 'utf8', env: { ...process.env, SECURE_MESH_BENCH_RSS_FILE: rssFile, SECURE_MESH_QUIET: '1' },
    });
    const ms = performance.now() - start;
    const ok = r.status === 0;
    const bytes = ok ? fs.readdirSync(outdir).reduce((sum, f) => sum + fs.statSync(path.join(outdir, f)).size, 0) : 0;
    const usage = fs.existsSync(rssFile) ? (JSON.parse(fs.readFileSync(rssFile, 'utf8')) as { maxRSS: number; cpuMicros: number }) : undefined;
    fs.rmSync(rssFile, { force: true });
    const rssMb = usage ? usage.maxRSS / 1024 : NaN;
    const cpuMs = usage ? usage.cpuMicros / 1000 : NaN;
    results.push({ ms, cpuMs, rssMb, bytes, ok, ...(ok ? {} : { error: `${r.stderr}`.trim().split('\n').slice(0, 3).join(' ') }) });
    fs.rmSync(outdir, { recursive: true, force: true });
  }
  const failed = results.find((r) => !r.ok);
  if (failed) return failed;
  return { ms: median(results.map((r) => r.ms)), cpuMs: median(results.map((r) => r.cpuMs)), rssMb: median(results.map((r) => r.rssMb)), bytes: results[0].bytes, ok: true };
}

/**
 * Hosts each sidecar proxy is configured with. Without scoping: every service of the mesh. With:
 * the hosts of the Sidecar of its namespace (`ns/*` counted as the services of that namespace, at
 * least one). Undefined while no Sidecar is emitted.
 */
function hostsPerProxy(mesh: ResolvedMesh, objects: readonly K8sObject[]): Row['hosts'] {
  const sidecars = new Map(objects.filter((o) => o.kind === 'Sidecar').map((o) => [o.metadata.namespace ?? '', o]));
  if (sidecars.size === 0) return undefined;
  const servicesIn = new Map<string, number>();
  for (const w of mesh.workloads) servicesIn.set(w.namespace, (servicesIn.get(w.namespace) ?? 0) + 1);
  const all = mesh.workloads.length;
  const counts = mesh.workloads.filter((w) => w.sidecar).map((w) => {
    const sidecar = sidecars.get(w.namespace);
    if (!sidecar) return all;
    const egress = ((sidecar as { spec?: { egress?: { hosts?: string[] }[] } }).spec?.egress ?? []);
    const hosts = egress.flatMap((e) => e.hosts ?? []);
    return hosts.reduce((sum, h) => {
      const [ns, name] = h.split('/');
      if (ns === '*') return sum + all;
      return sum + (name === '*' ? Math.max(1, servicesIn.get(ns === '.' ? w.namespace : ns) ?? 0) : 1);
    }, 0);
  });
  if (counts.length === 0) return undefined;
  return { without: all, avg: counts.reduce((a, b) => a + b, 0) / counts.length, max: Math.max(...counts), proxies: counts.length };
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

// ---------------------------------------------------------------------------------------------
// Report

function render(rows: readonly Row[], withChecks: boolean, against?: Against): string {
  const cpu = os.cpus();
  const ms = (n: number) => (Number.isFinite(n) ? n.toFixed(n < 10 ? 1 : 0) : 'n/a');
  const proc = (r: ProcessRun | undefined) => (r === undefined ? 'n/a' : r.ok ? `${ms(r.ms)} ms (CPU ${ms(r.cpuMs)} ms) / ${r.rssMb.toFixed(0)} MB` : `failed: ${r.error}`);
  const library = (r: Row) => r.stages.resolve + r.stages.intent + r.stages.emit + r.stages.validate + r.stages.checks;
  const lines: string[] = [];
  lines.push('# secure-mesh benchmark results', '');
  lines.push(`Machine: ${cpu[0]?.model ?? 'unknown CPU'}, ${cpu.length} cores, Node ${process.version}, ${os.platform()} ${os.arch()}; load average at the end ${os.loadavg().map((l) => l.toFixed(1)).join(' / ')} (1/5/15 min: other work on the machine inflates wall times, not CPU times).`);
  lines.push(`Written by \`npm run bench\` (bench/run.ts). Whole-process columns: medians of ${PROCESS_RUNS} spawned runs; in-process columns: medians of 5 runs (3 for 5,000 workloads), warm runs after the first.`, '');
  lines.push('## Whole process (`synth <mesh file> -o <dir>`): wall time (CPU time) / peak RSS', '');
  lines.push('| workloads | namespaces | objects | bytes written | CLI (build/lib/cli/main.js) | bare pipeline (bench/synth-fast.cjs) |');
  lines.push('|---:|---:|---:|---:|---|---|');
  for (const r of rows) lines.push(`| ${r.size.workloads} | ${r.size.namespaces} | ${r.objects} | ${r.cli?.ok ? r.cli.bytes : r.fast?.bytes ?? r.bytes} | ${proc(r.cli)} | ${proc(r.fast)} |`);
  lines.push('', '## In process (ms): stages and floors on the same objects', '');
  lines.push(`| workloads | resolve | intent | emit | validate | checks${withChecks ? '' : ' (not landed)'} | library total | serialize (toYaml) | cdk8s synth floor | js-yaml dump floor | library / cdk8s | toYaml / js-yaml | toYaml == cdk8s bytes |`);
  lines.push('|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|:---:|');
  for (const r of rows) {
    const s = r.stages;
    lines.push(`| ${r.size.workloads} | ${ms(s.resolve)} | ${ms(s.intent)} | ${ms(s.emit)} | ${ms(s.validate)} | ${ms(s.checks)} | ${ms(library(r))} | ${ms(s.serialize)} | ${ms(r.cdk8sMs)} | ${ms(r.jsYamlMs)} | ${(library(r) / r.cdk8sMs).toFixed(2)} | ${(s.serialize / r.jsYamlMs).toFixed(2)} | ${r.identical ? 'yes' : '**NO**'} |`);
  }
  lines.push('', '## Shape of the output', '');
  lines.push(`| workloads | namespaces | objects / workload | objects / namespace | objects − ${TARGET.perWorkload}·W − ${TARGET.perNamespace}·N | hosts per proxy without Sidecar scoping | with scoping: avg / max |`);
  lines.push('|---:|---:|---:|---:|---:|---:|---|');
  for (const r of rows) {
    const h = r.hosts;
    lines.push(`| ${r.size.workloads} | ${r.size.namespaces} | ${(r.objects / r.size.workloads).toFixed(2)} | ${(r.objects / r.size.namespaces).toFixed(1)} | ${r.objects - TARGET.perWorkload * r.size.workloads - TARGET.perNamespace * r.size.namespaces} | ${h ? h.without : r.size.workloads} | ${h ? `${h.avg.toFixed(1)} / ${h.max} (${h.proxies} proxies)` : 'n/a (no Sidecar emitted)'} |`);
  }
  if (against) {
    const { ours, theirs } = against;
    const ratio = (a: number, b: number) => `${a / b >= 1 ? '+' : ''}${(100 * (a / b - 1)).toFixed(1)} %`;
    lines.push('', `## Against \`${against.dir}\` (\`--against\`: ${against.workloads} workloads, ${against.runs} spawns each, alternating)`, '');
    lines.push('| CLI `synth` | this build | that build | change |', '|---|---:|---:|---:|');
    if (ours.ok && theirs.ok) {
      lines.push(`| wall (median) | ${ms(ours.ms)} ms | ${ms(theirs.ms)} ms | ${ratio(ours.ms, theirs.ms)} |`);
      lines.push(`| CPU (median) | ${ms(ours.cpuMs)} ms | ${ms(theirs.cpuMs)} ms | ${ratio(ours.cpuMs, theirs.cpuMs)} |`);
      lines.push(`| peak RSS (median) | ${ours.rssMb.toFixed(0)} MB | ${theirs.rssMb.toFixed(0)} MB | ${ratio(ours.rssMb, theirs.rssMb)} |`);
    } else lines.push(`| failed | ${proc(ours)} | ${proc(theirs)} | |`);
  }
  lines.push('', '## Against the targets', '');
  lines.push(...targets(rows).map((t) => `- ${t}`), '');
  return `${lines.join('\n')}\n`;
}

function targets(rows: readonly Row[]): string[] {
  const out: string[] = [];
  const big = rows.find((r) => r.size.workloads === 5000);
  const library = (r: Row) => r.stages.resolve + r.stages.intent + r.stages.emit + r.stages.validate + r.stages.checks;
  const verdict = (ok: boolean) => (ok ? 'met' : '**missed**');
  if (big) {
    for (const [label, run] of [['CLI', big.cli], ['bare pipeline', big.fast]] as const) {
      if (run?.ok) out.push(`5,000 workloads, ${label}: ${run.ms.toFixed(0)} ms wall, ${run.cpuMs.toFixed(0)} ms CPU (target ≤ ${TARGET.wholeProcessMs}) ${verdict(run.ms <= TARGET.wholeProcessMs)} (wall) / ${verdict(run.cpuMs <= TARGET.wholeProcessMs)} (CPU); peak RSS ${run.rssMb.toFixed(0)} MB (target ≤ ${TARGET.peakRssMb}) ${verdict(run.rssMb <= TARGET.peakRssMb)}.`);
    }
    const share = library(big) / big.cdk8sMs;
    out.push(`Library's own work at 5,000 workloads: ${(100 * share).toFixed(0)} % of cdk8s' synth of the same objects (target ≤ ${100 * TARGET.libraryShareOfCdk8s} %) ${verdict(share <= TARGET.libraryShareOfCdk8s)}.`);
  }
  for (let i = 1; i < rows.length; i++) {
    const [a, b] = [rows[i - 1], rows[i]];
    const workloadRatio = b.size.workloads / a.size.workloads;
    const timeRatio = (library(b) + b.stages.serialize) / (library(a) + a.stages.serialize);
    if (a.size.workloads >= 100) out.push(`Growth ${a.size.workloads} → ${b.size.workloads} workloads (×${workloadRatio}): in-process time ×${timeRatio.toFixed(1)} (target ≤ ×${(TARGET.growthPer10x * workloadRatio / 10).toFixed(1)}) ${verdict(timeRatio <= (TARGET.growthPer10x * workloadRatio) / 10)}.`);
  }
  const residues = rows.map((r) => r.objects - TARGET.perWorkload * r.size.workloads - TARGET.perNamespace * r.size.namespaces);
  out.push(`Objects ≤ ${TARGET.perWorkload}·workloads + ${TARGET.perNamespace}·namespaces + a constant: residue ${residues.join(', ')} ${verdict(Math.max(...residues) <= Math.max(0, residues[0]) + 10)}.`);
  return out;
}

main();
