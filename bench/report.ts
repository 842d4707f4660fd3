/**
 * `npm run bench:report` (`tsx bench/report.ts`): times the connectivity commands as users run them — the compiled CLI
 * (build/lib/cli/main.js) spawned once per run — on bench/generate.ts meshes, and writes one table to
 * bench/report-results.md (and stdout): `graph` (default Markdown, and JSON) and `diff` (Markdown) of two
 * meshes that differ in a few rules, with CPU time (user + sys), wall time, peak RSS and output size.
 *
 *   npm run bench:report                                  # npm run build first, 1,000 and 5,000 workloads, 3 runs
 *   npm run bench:report -- --no-build --sizes 1000 --runs 5
 *   npm run bench:report -- --no-build --sizes 5000 --against ../other-checkout   # and another build, alternating
 *
 * Runs alternate between the commands (run 1 of each, then run 2 of each, …), so load that comes and goes on a
 * shared machine spreads over all of them; numbers are medians. CPU time is the column to compare on a loaded
 * machine (wall time grows with the load, CPU time hardly does).
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as YAML from 'yaml';
import type { SecureMeshProps } from '../lib/model/definition';
import { BENCH_SIZES, meshFile, type MeshSize } from './generate';

const ROOT = path.join(__dirname, '..');
const CLI = path.join(ROOT, 'build', 'lib', 'cli', 'main.js');
const USAGE_PRELOAD = path.join(__dirname, 'max-rss.cjs');
const RESULTS = path.join(__dirname, 'report-results.md');

interface Args {
  readonly build: boolean;
  readonly sizes: readonly MeshSize[];
  readonly runs: number;
  /** Another checkout (built): each command also runs its CLI, alternating with ours, and the table gives the ratio. */
  readonly against?: string;
}

interface Run {
  readonly cpuMs: number;
  readonly wallMs: number;
  readonly rssMb: number;
  readonly bytes: number;
  /** What GitHub's comment limit counts (UTF-16 code units of the text, never fewer than its characters). */
  readonly chars: number;
}

interface Command {
  readonly label: string;
  /** Arguments of the CLI; each must exit 0 (`diff` without `--fail-on-widen`). */
  readonly args: (files: MeshFiles) => string[];
}

interface MeshFiles {
  readonly base: string;
  readonly changed: string;
}

const COMMANDS: readonly Command[] = [
  { label: 'graph (markdown, default detail)', args: (f) => ['graph', f.base] },
  { label: 'graph --format json', args: (f) => ['graph', f.base, '--format', 'json'] },
  { label: 'diff (markdown)', args: (f) => ['diff', f.base, f.changed] },
];

function parseArgs(argv: readonly string[]): Args {
  let build = true;
  let sizes = BENCH_SIZES.filter((s) => s.workloads >= 1000);
  let runs = 3;
  let against: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--no-build') build = false;
    else if (argv[i] === '--sizes') {
      const wanted = (argv[++i] ?? '').split(',').map(Number);
      sizes = BENCH_SIZES.filter((s) => wanted.includes(s.workloads));
    } else if (argv[i] === '--runs') runs = Math.max(1, Number(argv[++i]));
    else if (argv[i] === '--against') against = path.resolve(argv[++i] ?? '');
    else throw new Error(`unknown argument ${argv[i]} (use --no-build, --sizes 1000,5000, --runs 3, --against <built checkout>)`);
  }
  return { build, sizes, runs, against };
}

/**
 * The pull request the diff reviews (the same three edits as docs/performance.md "Connectivity report"): one caller
 * added, one ingress rule removed, one path added.
 */
export function changedDefinition(spec: SecureMeshProps): SecureMeshProps {
  const workloads = [...(spec.workloads ?? [])];
  // Three different workloads with ingress rules; the path goes to one whose HTTP rules the sidecar enforces (no app TLS).
  const withRules = workloads.map((w, i) => ({ w, i })).filter(({ w }) => (w.ingress?.length ?? 0) > 0);
  const [added, removed] = withRules;
  const narrowed = withRules.find(({ w, i }) => i !== added.i && i !== removed.i && !w.tls && w.ingress!.some((r) => r.paths && r.paths.length > 0))!;
  const callers = new Set(added.w.ingress!.flatMap((r) => (Array.isArray(r.from) ? r.from : [r.from])).map((p) => ('workload' in p ? p.workload : undefined)));
  const caller = workloads.find((w) => w.namespace === added.w.namespace && w.name !== added.w.name && !callers.has(w.name))!;
  workloads[added.i] = { ...added.w, ingress: [...added.w.ingress!, { from: { workload: caller.name }, ports: [added.w.ports![0].port] }] };
  workloads[removed.i] = { ...removed.w, ingress: removed.w.ingress!.slice(1) };
  const rule = narrowed.w.ingress!.findIndex((r) => r.paths && r.paths.length > 0);
  workloads[narrowed.i] = { ...narrowed.w, ingress: narrowed.w.ingress!.map((r, k) => (k === rule ? { ...r, paths: [...r.paths!, '/reviewed'] } : r)) };
  return { ...spec, workloads };
}

function writeMeshFiles(size: MeshSize, dir: string): MeshFiles {
  const file = meshFile(size);
  const base = path.join(dir, `mesh-${size.workloads}.yaml`);
  const changed = path.join(dir, `mesh-${size.workloads}-pr.yaml`);
  fs.writeFileSync(base, YAML.stringify(file));
  fs.writeFileSync(changed, YAML.stringify({ ...file, spec: changedDefinition(file.spec) }));
  return { base, changed };
}

/** One spawned run: CPU and peak RSS from the child itself (bench/max-rss.cjs), stdout into a file for its size. */
function runOnce(args: readonly string[], work: string, cli = CLI): Run {
  const usageFile = path.join(work, 'usage.json');
  const outFile = path.join(work, 'stdout');
  const out = fs.openSync(outFile, 'w');
  const start = performance.now();
  const r = spawnSync(process.execPath, ['-r', USAGE_PRELOAD, cli, ...args], {
    cwd: ROOT, stdio: ['ignore', out, 'pipe'], encoding: 'utf8', env: { ...process.env, SECURE_MESH_BENCH_RSS_FILE: usageFile },
  });
  const wallMs = performance.now() - start;
  fs.closeSync(out);
  if (r.status !== 0) throw new Error(`secure-mesh ${args.join(' ')} exited ${r.status}: ${String(r.stderr).slice(0, 500)}`);
  const usage = JSON.parse(fs.readFileSync(usageFile, 'utf8')) as { maxRSS: number; cpuMicros: number };
  const bytes = fs.statSync(outFile).size;
  const chars = fs.readFileSync(outFile, 'utf8').length;
  fs.rmSync(usageFile);
  fs.rmSync(outFile);
  return { cpuMs: usage.cpuMicros / 1000, wallMs, rssMb: usage.maxRSS / 1024, bytes, chars };
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function bytesText(n: number): string {
  return n >= 1e6 ? `${(n / 1e6).toFixed(1)} MB` : n >= 1e3 ? `${(n / 1e3).toFixed(1)} kB` : `${n} B`;
}

function main(): void {
  const args = parseArgs(process.argv.slice(2));
  if (args.build) {
    process.stderr.write('npm run build…\n');
    const b = spawnSync('npm', ['run', 'build', '--silent'], { cwd: ROOT, encoding: 'utf8' });
    if (b.status !== 0) throw new Error(`npm run build exited ${b.status}:\n${b.stdout}${b.stderr}`.slice(0, 2000));
  }
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'secure-mesh-bench-report-'));
  try {
    const lines = [
      '# Connectivity report benchmark',
      '',
      `\`npx tsx bench/report.ts\` on ${new Date().toISOString().slice(0, 10)}: the compiled CLI spawned per run, ${args.runs} runs per cell (alternating between the commands), medians; ` +
        `CPU = user + sys of the child; load average at the start ${os.loadavg().map((l) => l.toFixed(1)).join(' / ')} on ${os.cpus().length} cores.`,
      '',
      '| workloads / namespaces | command | CPU | wall | peak RSS | output | characters |',
      '|---|---|---:|---:|---:|---:|---:|',
    ];
    const theirCli = args.against ? path.join(args.against, 'build', 'lib', 'cli', 'main.js') : undefined;
    if (theirCli && !fs.existsSync(theirCli)) throw new Error(`--against ${args.against}: no build/lib/cli/main.js (run npm ci and npm run build there)`);
    const compared: string[] = [];
    for (const size of args.sizes) {
      const files = writeMeshFiles(size, work);
      const runs = new Map<Command, Run[]>(COMMANDS.map((c) => [c, []]));
      const theirs = new Map<Command, Run[]>(COMMANDS.map((c) => [c, []]));
      for (let i = 0; i < args.runs; i++) {
        for (const c of COMMANDS) {
          process.stderr.write(`${size.workloads} workloads, ${c.label}, run ${i + 1}/${args.runs}…\n`);
          runs.get(c)!.push(runOnce(c.args(files), work));
          // The other build right after ours, on the same files: load that comes and goes weighs on both alike.
          if (theirCli) theirs.get(c)!.push(runOnce(c.args(files), work, theirCli));
        }
      }
      if (theirCli) {
        for (const c of COMMANDS) {
          const [ours, other] = [runs.get(c)!, theirs.get(c)!].map((r) => median(r.map((x) => x.cpuMs)));
          const [oursWall, otherWall] = [runs.get(c)!, theirs.get(c)!].map((r) => median(r.map((x) => x.wallMs)));
          const change = (a: number, b: number) => `${a >= b ? '+' : ''}${(100 * (a / b - 1)).toFixed(1)} %`;
          compared.push(`| ${size.workloads} / ${size.namespaces} | \`${c.label}\` | ${ours.toFixed(0)} ms | ${other.toFixed(0)} ms | ${change(ours, other)} | ${change(oursWall, otherWall)} |`);
        }
      }
      for (const c of COMMANDS) {
        const r = runs.get(c)!;
        lines.push(`| ${size.workloads} / ${size.namespaces} | \`${c.label}\` | ${median(r.map((x) => x.cpuMs)).toFixed(0)} ms | ${median(r.map((x) => x.wallMs)).toFixed(0)} ms | ${median(r.map((x) => x.rssMb)).toFixed(0)} MB | ${bytesText(r[0].bytes)} | ${r[0].chars} |`);
      }
    }
    if (theirCli) {
      const commit = spawnSync('git', ['-C', args.against!, 'rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).stdout?.trim();
      lines.push('', `Against \`${commit ? `${path.basename(args.against!)} @ ${commit}` : args.against}\` (\`--against\`: its CLI run right after ours, each time; CPU medians):`, '');
      lines.push('| workloads / namespaces | command | CPU, this build | CPU, that build | CPU change | wall change |', '|---|---|---:|---:|---:|---:|', ...compared);
    }
    lines.push('', `Load average at the end: ${os.loadavg().map((l) => l.toFixed(1)).join(' / ')}.`, '');
    const text = `${lines.join('\n')}`;
    fs.writeFileSync(RESULTS, text);
    process.stdout.write(text);
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

if (require.main === module) main();
