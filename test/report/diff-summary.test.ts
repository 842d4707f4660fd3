/**
 * `diff` Markdown of a change touching hundreds of accesses: grouped by namespace pair (counts checked against the
 * diff, counted here independently), pairs that widen access first, cut to the size limit like the graph summary;
 * small diffs keep today's three lists, and JSON is the diff as data.
 */
import { generateMesh } from '../../bench/generate';
import { synthesizeMesh } from '../../lib/mesh/synthesize';
import type { SecureMeshProps } from '../../lib/model/definition';
import { accessWidens, analyzeConnectivity, diffConnectivity, renderDiff, type Access, type ConnectivityDiff } from '../../lib/report';
import { changeWidens } from '../../lib/report/diff';

const base: SecureMeshProps = generateMesh({ workloads: 300, namespaces: 20 });
/** Three namespaces opened to all their own pods (`isolation: namespace`), one workload's callers removed. */
const opened: SecureMeshProps = {
  ...base,
  namespaces: base.namespaces!.map((n, i) => (i < 3 ? { ...n, isolation: 'namespace' } : n)),
  workloads: base.workloads!.map((w, i) => (i === 7 ? { ...w, ingress: [] } : w)),
};
const before = analyzeConnectivity(synthesizeMesh(base).objects);
const diff = diffConnectivity(before, analyzeConnectivity(synthesizeMesh(opened).objects));
const total = diff.added.length + diff.removed.length + diff.changed.length;

const namespaceOf = (id: string) => (id.startsWith('namespace:') ? id.slice('namespace:'.length) : id.includes('/') && !id.startsWith('cidr:') ? id.split('/')[0] : id === 'any' ? '(anyone)' : id);
const pairOf = (a: Access) => `${namespaceOf(a.from)} → ${namespaceOf(a.to)}`;

test('the change is large enough to group', () => {
  expect(total).toBeGreaterThan(100);
  expect(diff.removed.length).toBeGreaterThan(0);
});

test('grouped by namespace pair: each row counts its pair\'s added, removed, changed and widening accesses; rows add up to the diff', () => {
  const md = renderDiff(diff, 'markdown', { maxChars: Infinity });
  expect(md).toContain('### Access changes by namespace pair');
  expect(md).toContain(`${total} changes in who may call whom (${diff.added.length} added, ${diff.removed.length} removed, ${diff.changed.length} changed;`);
  const expected = new Map<string, number[]>();
  const count = (key: string, column: number) => {
    const row = expected.get(key) ?? [0, 0, 0, 0];
    row[column]++;
    expected.set(key, row);
  };
  for (const a of diff.added) (count(pairOf(a), 0), count(pairOf(a), 3));
  for (const a of diff.removed) count(pairOf(a), 1);
  for (const c of diff.changed) (count(pairOf(c.before), 2), changeWidens(c.before, c.after) && count(pairOf(c.before), 3));
  const lines = md.split('\n');
  const start = lines.indexOf('| caller namespace | destination namespace | added | removed | changed | widens |');
  const rows = lines.slice(start + 2, lines.indexOf('', start)).map((l) => l.slice(2, -2).split(' | '));
  const shown = new Map(rows.map(([from, to, ...n]) => [`${from.slice(1, -1)} → ${to.slice(1, -1)}`, n.map(Number)]));
  expect(shown).toEqual(expected);
  expect(rows.reduce((n, r) => n + Number(r[2]) + Number(r[3]) + Number(r[4]), 0)).toBe(total);
  // Pairs whose access widens come first.
  const widens = rows.map((r) => Number(r[5]) > 0);
  expect(widens.indexOf(false)).toBeGreaterThan(0);
  expect(widens.slice(widens.indexOf(false))).not.toContain(true);
  // Every change appears once, under its pair's heading.
  expect(lines.filter((l) => /^- (\*\*added\*\*|removed|changed|\*\*changed, widens\*\*): /.test(l)).length).toBe(total);
  for (const a of diff.removed) expect(md).toContain(`- removed: \`${a.from}\` → \`${a.to}\``);
});

test('cut to the size limit at line boundaries with a truncation line; --detail full lists every change', () => {
  const whole = renderDiff(diff, 'markdown', { maxChars: Infinity, command: 'secure-mesh diff a.yaml b.yaml' });
  const maxChars = 6000;
  const cut = renderDiff(diff, 'markdown', { maxChars, command: 'secure-mesh diff a.yaml b.yaml' });
  expect(cut.length).toBeLessThanOrEqual(maxChars);
  const lines = cut.trimEnd().split('\n');
  const kept = lines.filter((l) => /^- (\*\*added\*\*|removed|changed|\*\*changed, widens\*\*): /.test(l)).length;
  expect(lines[lines.length - 1]).toMatch(new RegExp(`^\\*\\*Truncated to fit a pull-request comment \\(6000 characters\\): left out (\\d+ of \\d+ namespace pairs, )?${total - kept} of ${total} changes\\.\\*\\* To see every change in one list: \`secure-mesh diff a\\.yaml b\\.yaml --detail full\``));
  const wholeLines = new Set(whole.split('\n'));
  for (const l of lines.slice(0, -3)) expect(wholeLines.has(l)).toBe(true);

  const full = renderDiff(diff, 'markdown', { detail: 'full' });
  expect(full.startsWith('### Access added\n')).toBe(true);
  expect(full.split('\n').filter((l) => l.startsWith('- ')).length).toBe(total);
});

test('a small diff keeps the three lists; JSON and widening do not depend on the detail', () => {
  const small: ConnectivityDiff = { added: diff.added.slice(0, 2), removed: diff.removed.slice(0, 1), changed: [] };
  const md = renderDiff(small, 'markdown');
  expect(md).toBe(renderDiff(small, 'markdown', { detail: 'full' }));
  expect(md.split('\n').filter((l) => l.startsWith('### '))).toEqual(['### Access added', '### Access removed']);
  expect(renderDiff(small, 'markdown', { detail: 'summary' })).toContain('### Access changes by namespace pair');
  expect(renderDiff(diff, 'json', { detail: 'summary', maxChars: 10 })).toBe(`${JSON.stringify(diff, null, 2)}\n`);
  expect(accessWidens(diff)).toBe(true);
});

test('deterministic: the same diff renders to the same bytes', () => {
  expect(renderDiff(diff, 'markdown')).toBe(renderDiff(diffConnectivity(before, analyzeConnectivity(synthesizeMesh(opened).objects)), 'markdown'));
});
