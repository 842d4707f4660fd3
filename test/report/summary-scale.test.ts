/**
 * The default Markdown of the 5,000-workload bench mesh fits a pull-request comment (the full matrix is 103 MB).
 * One synthesis and analysis for the whole file (~5 s of CPU); every test reads the same report.
 */
import { generateMesh } from '../../bench/generate';
import { synthesizeMesh } from '../../lib/mesh/synthesize';
import { analyzeConnectivity, renderConnectivity, type ConnectivityReport } from '../../lib/report';
import { parseWithMermaid } from '../helpers/mermaid';

const GITHUB_COMMENT_LIMIT = 65536;

let report: ConnectivityReport;
let md: string;

beforeAll(async () => {
  report = analyzeConnectivity(synthesizeMesh(generateMesh({ workloads: 5000, namespaces: 200 })).objects);
  md = await renderConnectivity(report, 'markdown', { command: 'secure-mesh graph m5000.yaml' });
});

test('the default Markdown fits a GitHub comment and ends with a truncation line counting what was left out', () => {
  expect(report.access.length).toBeGreaterThan(60000);
  expect(md.length).toBeLessThanOrEqual(GITHUB_COMMENT_LIMIT);
  const lines = md.trimEnd().split('\n');
  const destinations = new Set(report.access.map((a) => a.to)).size;
  const kept = lines.filter((l) => /^- `[^`]+`: /.test(l)).length;
  expect(lines.slice(-3)).toEqual([
    '---',
    '',
    `**Truncated to fit a pull-request comment (65536 characters): left out ${destinations - kept} of ${destinations} destination lines.** ` +
      'To see every access and why: `secure-mesh graph m5000.yaml --detail full` (the caller × destination matrix and the reasons) or `secure-mesh graph m5000.yaml --format json`.',
  ]);
  expect(kept).toBeGreaterThan(50);
  for (const n of report.notes) expect(md).toContain(`- ${n}`);
});

test('one row per destination namespace; its counts are the accesses to that namespace, and add up to all accesses', () => {
  const namespaceOf = new Map(report.workloads.map((w) => [w.id, w.namespace]));
  const expected = new Map<string, { accesses: number; plaintext: number; destinations: Set<string> }>();
  for (const a of report.access) {
    const ns = namespaceOf.get(a.to) ?? (a.to === 'any' ? '(anyone)' : a.to); // outside the cluster: its own row
    const e = expected.get(ns) ?? { accesses: 0, plaintext: 0, destinations: new Set() };
    e.accesses++;
    if (a.mtls === 'plaintext') e.plaintext++;
    e.destinations.add(a.to);
    expected.set(ns, e);
  }
  const lines = md.split('\n');
  const start = lines.indexOf('| destination namespace | accesses | plaintext | ports | workloads called | caller namespaces |');
  const rows = lines.slice(start + 2, lines.indexOf('', start)).map((l) => l.slice(2, -2).split(' | '));
  expect(rows.map((r) => r[0].slice(1, -1))).toEqual([...expected.keys()].sort());
  let sum = 0;
  for (const [ns, accesses, plaintext, , called] of rows) {
    const e = expected.get(ns.slice(1, -1))!;
    expect([Number(accesses), Number(plaintext), Number(called)]).toEqual([e.accesses, e.plaintext, e.destinations.size]);
    sum += Number(accesses);
  }
  expect(sum).toBe(report.access.length);
});

test('each destination namespace shown starts with its callers per namespace pair, counted from the accesses', () => {
  const namespaceOf = new Map(report.workloads.map((w) => [w.id, w.namespace]));
  const callerGroup = (id: string) => namespaceOf.get(id) ?? (id.startsWith('namespace:') ? id.slice('namespace:'.length) : id === 'any' ? '(anyone)' : id);
  const pairs = new Map<string, number>();
  for (const a of report.access) {
    const key = `${callerGroup(a.from)} → ${callerGroup(a.to)}`;
    pairs.set(key, (pairs.get(key) ?? 0) + 1);
  }
  const lines = md.split('\n');
  let sections = 0;
  for (let i = 0; i < lines.length; i++) {
    const heading = lines[i].match(/^#### `([^`]+)`$/);
    if (!heading) continue;
    sections++;
    const from = lines[i + 2];
    expect(from).toMatch(/^From /);
    const counted = [...from.matchAll(/`([^`]+)` (\d+) · /g)].map((m): [string, number] => [`${m[1]} → ${heading[1]}`, Number(m[2])]);
    expect(new Map(counted)).toEqual(new Map([...pairs].filter(([k]) => k.endsWith(` → ${heading[1]}`))));
  }
  expect(sections).toBeGreaterThan(1);
});

test('deterministic: rendering again gives the same bytes', async () => {
  expect(await renderConnectivity(report, 'markdown', { command: 'secure-mesh graph m5000.yaml' })).toBe(md);
});

test('the default Mermaid diagram of 5,000 workloads stays within mermaid\'s limits and mermaid parses it', async () => {
  const diagram = await renderConnectivity(report, 'mermaid', { command: 'secure-mesh graph m5000.yaml' });
  expect(diagram.split('\n').filter((l) => /-\.?->\|/.test(l)).length).toBeLessThanOrEqual(500);
  expect(diagram.length).toBeLessThanOrEqual(50000);
  expect(parseWithMermaid({ m5000: diagram }).m5000).toMatchObject({ ok: true, type: 'flowchart-v2' });
}, 60_000);
