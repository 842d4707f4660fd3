/**
 * The Markdown summary of a large mesh (lib/report/render-summary.ts) and when `auto` picks it: counts checked
 * against the report's accesses counted here independently, the switch at 30 callers / destinations and at the
 * size limit, and byte-identical output for the same report in any order.
 */
import { platformDefinition } from '../../apps/platform';
import { generateMesh } from '../../bench/generate';
import { synthesizeMesh } from '../../lib/mesh/synthesize';
import { analyzeConnectivity, renderConnectivity, type Access, type ConnectivityReport } from '../../lib/report';
import { renderMarkdown } from '../../lib/report/render-markdown';

const platform = analyzeConnectivity(synthesizeMesh(platformDefinition).objects);
// 100 workloads over 20 namespaces: far more callers than a matrix shows, few enough namespaces for their matrix.
const medium = analyzeConnectivity(synthesizeMesh(generateMesh({ workloads: 100, namespaces: 20 })).objects);

/** Where the test expects a caller's row: its workload's namespace, the namespace it stands for, or outside. */
function callerRow(report: ConnectivityReport, id: string): string {
  const node = report.workloads.find((w) => w.id === id);
  if (node) return node.namespace;
  if (id.startsWith('namespace:')) return id.slice('namespace:'.length);
  return id === 'any' ? '(anyone)' : id;
}

/** A destination's column: its workload's namespace, or (outside the cluster: `cidr:`, `any`) itself, as for callers. */
function destinationNamespace(report: ConnectivityReport, id: string): string {
  return callerRow(report, id);
}

/** `{ accesses, plaintext, ports }` per `row\u0000column`, counted from the accesses. */
function expectedCells(report: ConnectivityReport): Map<string, { accesses: number; plaintext: number; ports: Set<number | string> }> {
  const out = new Map<string, { accesses: number; plaintext: number; ports: Set<number | string> }>();
  for (const a of report.access) {
    const key = `${callerRow(report, a.from)}\u0000${destinationNamespace(report, a.to)}`;
    const c = out.get(key) ?? { accesses: 0, plaintext: 0, ports: new Set() };
    c.accesses++;
    if (a.mtls === 'plaintext') c.plaintext++;
    if (a.ports.length === 0) c.ports.add('all');
    for (const p of a.ports) c.ports.add(p);
    out.set(key, c);
  }
  return out;
}

/** Table rows as cells, without the outer pipes (no cell of these reports holds an escaped `|`). */
function tableRows(md: string, header: string): string[][] {
  const lines = md.split('\n');
  const start = lines.findIndex((l) => l.startsWith(header));
  expect(start).toBeGreaterThanOrEqual(0);
  const rows: string[][] = [];
  for (let i = start + 2; i < lines.length && lines[i].startsWith('|'); i++) rows.push(lines[i].slice(2, -2).split(' | '));
  return [lines[start].slice(2, -2).split(' | '), ...rows];
}

const unquote = (s: string) => s.replace(/^`|`$/g, '');

describe('auto: the full matrix while it is readable, else the summary', () => {
  test('a small mesh keeps the matrix and every access with its reasons (the full renderer, byte for byte)', async () => {
    const auto = await renderConnectivity(platform, 'markdown');
    expect(auto).toBe(renderMarkdown(platform));
    expect(await renderConnectivity(platform, 'markdown', { detail: 'full' })).toBe(auto);
    expect(auto).toContain('### Access and why');
  });

  /** `n` callers in namespace `a`, each allowed to `b/dest` on 8080. */
  function fanIn(n: number): ConnectivityReport {
    const workloads = Array.from({ length: n }, (_, i) => ({ id: `a/c${i}`, namespace: 'a', name: `c${i}`, labels: {}, sidecar: true }));
    const dest = { id: 'b/dest', namespace: 'b', name: 'dest', labels: {}, sidecar: true };
    const access: Access[] = workloads.map((w) => ({ from: w.id, to: dest.id, ports: [8080], paths: [], methods: [], mtls: 'mutual', reasons: [] }));
    return { workloads: [...workloads, dest], access, notes: [] };
  }

  test('30 callers get the matrix, 31 the summary; --detail overrides either way', async () => {
    expect(await renderConnectivity(fanIn(30), 'markdown')).toBe(renderMarkdown(fanIn(30)));
    const summary = await renderConnectivity(fanIn(31), 'markdown');
    expect(summary).not.toBe(renderMarkdown(fanIn(31)));
    expect(summary).toContain('31 allowed accesses between 31 callers and 1 destination in 2 namespaces, 0 of them plaintext: a summary by namespace.');
    // Every caller of the namespace, no other: written once as `a/*`.
    expect(summary).toContain('- `b/dest`: `8080` ← `a/*`');
    expect(await renderConnectivity(fanIn(31), 'markdown', { detail: 'full' })).toBe(renderMarkdown(fanIn(31)));
    expect(await renderConnectivity(fanIn(2), 'markdown', { detail: 'summary' })).toContain('a summary by namespace');
  });

  test('a readable matrix that does not fit the size limit gives the summary', async () => {
    const full = renderMarkdown(platform);
    expect(await renderConnectivity(platform, 'markdown', { maxChars: full.length })).toBe(full);
    const summary = await renderConnectivity(platform, 'markdown', { maxChars: full.length - 1 });
    expect(summary).toContain('a summary by namespace');
    expect(summary.length).toBeLessThan(full.length);
  });

  test('an unknown detail is an error naming the choices', async () => {
    await expect(renderConnectivity(platform, 'markdown', { detail: 'most' as never })).rejects.toThrow('unknown report detail "most": use auto, summary or full');
  });
});

describe('summary', () => {
  test('namespace matrix: every cell is the count, ports and plaintext of its accesses; the cells add up to all accesses', async () => {
    const md = await renderConnectivity(medium, 'markdown');
    const [header, ...rows] = tableRows(md, '| caller \\ destination |');
    const columns = header.slice(1).map(unquote);
    const expected = expectedCells(medium);
    let sum = 0;
    let cells = 0;
    for (const row of rows) {
      const from = unquote(row[0]);
      row.slice(1).forEach((text, i) => {
        const want = expected.get(`${from}\u0000${columns[i]}`);
        if (!want) return expect(text).toBe('');
        cells++;
        const ports = want.ports.has('all') ? 'all ports' : [...want.ports].sort((x, y) => parseInt(String(x), 10) - parseInt(String(y), 10)).join(', ');
        expect(text).toBe(`${want.accesses} · ${ports}${want.plaintext ? ` · ${want.plaintext} plaintext` : ''}`);
        sum += Number(text.split(' · ')[0]);
      });
    }
    expect(cells).toBe(expected.size);
    expect(sum).toBe(medium.access.length);
    expect(medium.access.length).toBeGreaterThan(100);
  });

  test('who may call what: one line per destination, its callers grouped by terms, exactly the report\'s accesses', async () => {
    const md = await renderConnectivity(medium, 'markdown');
    expect(md).not.toContain('Truncated');
    const destinations = new Set(medium.access.map((a) => a.to));
    const lines = md.split('\n').filter((l) => /^- `[^`]+`: /.test(l));
    expect(lines.length).toBe(destinations.size);
    // Expand each line back into (caller, destination, terms) and compare with the report.
    const seen: string[] = [];
    for (const line of lines) {
      const to = line.match(/^- `([^`]+)`: /)![1];
      for (const group of line.slice(line.indexOf(': ') + 2).split('; ')) {
        const [terms, callers] = group.split(' ← ');
        for (const c of callers.split(', ').map(unquote)) {
          const expanded = c.endsWith('/*') ? medium.workloads.filter((w) => w.namespace === c.slice(0, -2) && w.id !== to).map((w) => w.id) : [c];
          for (const from of expanded) seen.push(`${from} → ${to}: ${terms}`);
        }
      }
    }
    const label = (a: Access) => `\`${[a.ports.length ? a.ports.join(', ') : 'all ports', [...a.methods, ...a.paths].join(' ')].filter(Boolean).join(' · ')}\`${a.mtls === 'plaintext' ? ' (plaintext)' : a.mtls === 'app-tls' ? ' (app TLS)' : ''}`;
    const expected = medium.access.map((a) => `${a.from} → ${a.to}: ${label(a)}`);
    expect(seen.sort()).toEqual([...new Set(expected)].sort());
  });

  test('deterministic: the same report in any order gives the same bytes', async () => {
    const md = await renderConnectivity(medium, 'markdown');
    const shuffled = { ...medium, access: [...medium.access].reverse(), workloads: [...medium.workloads].reverse() };
    expect(await renderConnectivity(shuffled, 'markdown')).toBe(md);
    expect(await renderConnectivity(medium, 'markdown')).toBe(md);
  });

  test('the header says how to see everything, with the command it was given', async () => {
    const md = await renderConnectivity(medium, 'markdown', { command: 'secure-mesh graph mesh.yaml' });
    expect(md).toContain('`secure-mesh graph mesh.yaml --detail full`');
    expect(md).toContain('`secure-mesh graph mesh.yaml --format json`');
  });

  test('cut to the size limit at line boundaries, ending with what was left out; the notes are kept', async () => {
    const whole = await renderConnectivity(medium, 'markdown', { detail: 'summary', maxChars: Infinity });
    // Room for the namespace matrix and some of the destinations after it.
    const maxChars = whole.indexOf('### Who may call what') + 3000;
    expect(whole.length).toBeGreaterThan(maxChars + 3000);
    const cut = await renderConnectivity(medium, 'markdown', { detail: 'summary', maxChars });
    expect(cut.length).toBeLessThanOrEqual(maxChars);
    const lines = cut.trimEnd().split('\n');
    const last = lines[lines.length - 1];
    const kept = lines.filter((l) => /^- `[^`]+`: /.test(l)).length;
    const total = new Set(medium.access.map((a) => a.to)).size;
    expect(last).toMatch(new RegExp(`^\\*\\*Truncated to fit a pull-request comment \\(${maxChars} characters\\): left out ${total - kept} of ${total} destination lines\\.\\*\\* To see every access`));
    expect(kept).toBeGreaterThan(0);
    // Never a cut line: every line before the truncation block is a line of the whole summary.
    const wholeLines = new Set(whole.split('\n'));
    for (const l of lines.slice(0, -3)) expect(wholeLines.has(l)).toBe(true);
    expect(medium.notes.length).toBeGreaterThan(0);
    for (const n of medium.notes) expect(cut).toContain(`- ${n}`);
  });
});
