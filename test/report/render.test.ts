/** Renderers and the diff, on the platform example and on a widened / narrowed copy of it. */
import { platformDefinition } from '../../apps/platform';
import { synthesizeMesh } from '../../lib/mesh/synthesize';
import { Peer, type SecureMeshProps } from '../../lib';
import { accessWidens, analyzeConnectivity, diffConnectivity, renderConnectivity, renderDiff } from '../../lib/report';

const report = analyzeConnectivity(synthesizeMesh(platformDefinition).objects);

function withWorkloads(change: (w: NonNullable<SecureMeshProps['workloads']>[number]) => typeof w | undefined): SecureMeshProps {
  return { ...platformDefinition, workloads: (platformDefinition.workloads ?? []).map(change).filter((w): w is NonNullable<typeof w> => w !== undefined) };
}

describe('renderers', () => {
  test('markdown: a matrix with callers as rows, destinations as columns, then every access with its reasons', async () => {
    const md = await renderConnectivity(report, 'markdown');
    expect(md).toContain('| caller \\ destination |');
    const row = md.split('\n').find((l) => l.startsWith('| `storefront/web` |'))!;
    expect(row).toContain('8080 · GET POST /orders /orders/*');
    expect(md).toContain('- `storefront/web` → `orders/orders`: port 8080; methods GET, POST; paths `/orders`, `/orders/*` (mTLS)');
    expect(md).toContain('  - authorization: `AuthorizationPolicy/orders/orders` rules[0]');
  });

  test('mermaid: flowchart LR, a subgraph per namespace, labelled edges, plaintext dotted', async () => {
    const mm = await renderConnectivity(report, 'mermaid');
    const lines = mm.trim().split('\n');
    expect(lines[0]).toBe('flowchart LR');
    expect(lines.filter((l) => l.trim().startsWith('subgraph')).length).toBe(lines.filter((l) => l.trim() === 'end').length);
    expect(mm).toMatch(/subgraph ns\d+\["orders"\]/);
    // After the legend (mermaid's own parser checks the whole syntax in mermaid.test.ts).
    expect(lines.slice(1, 5).join('\n')).toMatch(/^ {2}subgraph legend\["Legend"\]\n.*\n.*\n {2}end$/);
    for (const l of lines.slice(5)) expect(l).toMatch(/^\s+(subgraph ns\d+\["[^"]*"\]|end|n\d+\["[^"]*"\]|n\d+\(\["[^"]*"\]\)|n(s?)\d+ (-->|-\.->)\|"[^"]*"\| ns?\d+)$/);
    expect(mm).toMatch(/-\.->\|"8080 · GET \/orders\/\*"\|/);
  });

  test('dot and svg: deterministic, svg starts with <svg', async () => {
    const dot = await renderConnectivity(report, 'dot');
    expect(dot.startsWith('digraph connectivity {')).toBe(true);
    expect(dot).toContain('style=dashed');
    const svg = await renderConnectivity(report, 'svg');
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg).toContain('payments');
    expect(await renderConnectivity(report, 'svg')).toBe(svg);
  });

  test('json: stable and parseable back to the report', async () => {
    const json = await renderConnectivity(report, 'json');
    expect(JSON.parse(json)).toEqual(report);
    const shuffled = { ...report, access: [...report.access].reverse(), workloads: [...report.workloads].reverse() };
    expect(await renderConnectivity(shuffled, 'json')).toBe(json);
  });
});

describe('diff', () => {
  test('an added caller widens access; the markdown lists it under "Access added"', () => {
    const after = analyzeConnectivity(synthesizeMesh(withWorkloads((w) => (w.name === 'billing-worker' ? { ...w, ingress: [...(w.ingress ?? []), { from: Peer.workload('web', 'storefront'), ports: [9000] }] } : w))).objects);
    const diff = diffConnectivity(report, after);
    expect(diff.added.map((a) => `${a.from} → ${a.to} ${a.ports}`)).toContain('storefront/web → orders/billing-worker 9000');
    expect(accessWidens(diff)).toBe(true);
    const md = renderDiff(diff, 'markdown');
    expect(md).toContain('### Access added');
    expect(md).toContain('`storefront/web` → `orders/billing-worker`: port 9000 (mTLS)');
  });

  test('a removed access does not widen; narrowing paths is a change that does not widen, adding one does', () => {
    const removed = analyzeConnectivity(synthesizeMesh(withWorkloads((w) => (w.name === 'catalog' ? { ...w, ingress: [] } : w))).objects);
    const d1 = diffConnectivity(report, removed);
    expect(d1.removed.map((a) => `${a.from} → ${a.to}`)).toContain('storefront/web → storefront/catalog');
    expect(d1.added).toEqual([]);
    expect(accessWidens(d1)).toBe(false);
    expect(renderDiff(d1, 'markdown')).toContain('### Access removed');
    const d2 = diffConnectivity(removed, report);
    expect(accessWidens(d2)).toBe(true);
    const morePaths = analyzeConnectivity(synthesizeMesh(withWorkloads((w) => (w.name === 'orders'
      ? { ...w, ingress: (w.ingress ?? []).map((i, n) => (n === 0 ? { ...i, paths: [...(i.paths ?? []), '/admin'] } : i)) } : w))).objects);
    const d3 = diffConnectivity(report, morePaths);
    expect(d3.changed.map((c) => [c.before.paths, c.after.paths])).toEqual([[['/orders', '/orders/*'], ['/admin', '/orders', '/orders/*']]]);
    expect(accessWidens(d3)).toBe(true);
    expect(accessWidens(diffConnectivity(morePaths, report))).toBe(false);
    expect(renderDiff(d3, 'markdown')).toContain('**widens**');
    expect(diffConnectivity(report, report)).toEqual({ added: [], removed: [], changed: [] });
    expect(renderDiff(diffConnectivity(report, report), 'markdown')).toBe('No change in who may call whom.\n');
  });
});
