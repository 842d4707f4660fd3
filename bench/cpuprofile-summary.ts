/**
 * Sums the self time of a V8 `.cpuprofile` (from `node --cpu-prof`) per function and per file, so
 * the bottlenecks are measured, not guessed: `tsx bench/cpuprofile-summary.ts <file.cpuprofile> [top]`.
 */
import * as fs from 'fs';
import * as path from 'path';

interface CpuProfileNode {
  readonly id: number;
  readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number };
}
interface CpuProfile {
  readonly nodes: readonly CpuProfileNode[];
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

/** Self time in milliseconds per function (`name file:line`) and per file, largest first. */
export function summarizeProfile(profile: CpuProfile): { byFunction: [string, number][]; byFile: [string, number][]; totalMs: number } {
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
  const byFunction = new Map<string, number>();
  const byFile = new Map<string, number>();
  let total = 0;
  profile.samples.forEach((id, i) => {
    const ms = (profile.timeDeltas[i] ?? 0) / 1000;
    total += ms;
    const frame = nodes.get(id)!.callFrame;
    const file = frame.url ? shorten(frame.url) : '(native)';
    const fn = `${frame.functionName || '(anonymous)'} ${file}:${frame.lineNumber + 1}`;
    byFunction.set(fn, (byFunction.get(fn) ?? 0) + ms);
    byFile.set(file, (byFile.get(file) ?? 0) + ms);
  });
  const sorted = (m: Map<string, number>) => [...m].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  return { byFunction: sorted(byFunction), byFile: sorted(byFile), totalMs: total };
}

function shorten(url: string): string {
  const file = url.replace(/^file:\/\//, '');
  const rel = path.relative(process.cwd(), file);
  return rel.startsWith('..') ? file : rel;
}

if (require.main === module) {
  const [file, topArg] = process.argv.slice(2);
  if (!file) {
    process.stderr.write('usage: tsx bench/cpuprofile-summary.ts <file.cpuprofile> [top]\n');
    process.exit(2);
  }
  const top = Number(topArg ?? 25);
  const { byFunction, byFile, totalMs } = summarizeProfile(JSON.parse(fs.readFileSync(file, 'utf8')) as CpuProfile);
  const line = ([name, ms]: [string, number]) => `${ms.toFixed(0).padStart(8)} ms  ${((100 * ms) / totalMs).toFixed(1).padStart(5)} %  ${name}`;
  process.stdout.write(`total ${totalMs.toFixed(0)} ms\n\nself time by function:\n${byFunction.slice(0, top).map(line).join('\n')}\n\nself time by file:\n${byFile.slice(0, top).map(line).join('\n')}\n`);
}
