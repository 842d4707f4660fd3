/**
 * `graph --format mermaid` as mermaid (and GitHub, which renders with it) takes it: every diagram is parsed by
 * mermaid's own parser with its default limits (500 edges, 50,000 characters) in a child process
 * (test/report/mermaid-parse.mjs: mermaid is an ES module), at every size, with a legend; the plumbing collapsed
 * per namespace, and past the limits a diagram by namespace that still accounts for every access.
 */
import { readdirSync } from 'node:fs';
import * as path from 'node:path';
import { generateMesh } from '../../bench/generate';
import { synthesizeMesh } from '../../lib/mesh/synthesize';
import { loadMeshFile } from '../../lib/model/mesh-file-loader';
import { analyzeConnectivity, renderConnectivity, type ConnectivityReport } from '../../lib/report';
import { parseWithMermaid, type Parsed } from '../helpers/mermaid';

const EXAMPLES = path.join(__dirname, '..', '..', 'examples');

const edges = (text: string): string[] => text.split('\n').filter((l) => /-\.?->\|/.test(l));

const reports = new Map<string, ConnectivityReport>();
const diagrams: Record<string, string> = {};
let parsed: Record<string, Parsed>;

beforeAll(async () => {
  for (const file of readdirSync(EXAMPLES).filter((f) => f.endsWith('.yaml')).sort()) {
    const { content } = loadMeshFile(path.join(EXAMPLES, file));
    reports.set(`example-${path.basename(file, '.yaml')}`, analyzeConnectivity(synthesizeMesh(content.spec).objects));
  }
  for (const [workloads, namespaces] of [[30, 5], [150, 15], [1000, 100]]) {
    reports.set(`generated-${workloads}`, analyzeConnectivity(synthesizeMesh(generateMesh({ workloads, namespaces })).objects));
  }
  for (const [name, report] of reports) {
    diagrams[name] = await renderConnectivity(report, 'mermaid', { command: `secure-mesh graph ${name}.yaml` });
  }
  // The whole picture of the 150-workload mesh, as `--detail full` draws it: beyond mermaid's edge limit.
  diagrams['generated-150-full'] = await renderConnectivity(reports.get('generated-150')!, 'mermaid', { detail: 'full' });
  parsed = parseWithMermaid(diagrams);
}, 120_000);

test('mermaid parses the default diagram of every example and of meshes of 30 to 1,000 workloads, within its limits', () => {
  const defaults = Object.keys(diagrams).filter((n) => !n.endsWith('-full'));
  expect(defaults.length).toBeGreaterThanOrEqual(8);
  for (const name of defaults) {
    expect({ name, ...parsed[name] }).toEqual({ name, file: expect.any(String), ok: true, type: 'flowchart-v2' });
    expect(edges(diagrams[name]).length).toBeLessThanOrEqual(500);
    expect(diagrams[name].length).toBeLessThanOrEqual(50000);
  }
});

test('the limits are real: mermaid refuses the uncollapsed diagram of 150 workloads (--detail full)', () => {
  expect(edges(diagrams['generated-150-full']).length).toBeGreaterThan(500);
  expect(parsed['generated-150-full']).toMatchObject({ ok: false, error: expect.stringMatching(/Edge limit exceeded/) });
});

test('every diagram has a legend saying what solid and dotted edges mean', () => {
  for (const text of Object.values(diagrams)) {
    expect(text).toMatch(/subgraph legend\["Legend"\]\n.*-->\|"Istio mutual TLS[^\n]*\n.*-\.->\|"no mesh mTLS/);
  }
});

test('plumbing (DNS 53, istiod 15012) is drawn once per namespace, not once per workload', () => {
  const text = diagrams['generated-30'];
  const full = reports.get('generated-30')!;
  const toIstiod = full.access.filter((a) => a.to.endsWith('/istiod'));
  expect(toIstiod.length).toBeGreaterThan(20);
  const drawn = edges(text).filter((l) => /\|"15012"\|/.test(l));
  // One edge per namespace subgraph whose workloads dial istiod.
  expect(drawn.length).toBeGreaterThan(0);
  expect(drawn.every((l) => /^ {2}ns\d+ /.test(l))).toBe(true);
  const namespaceOf = (id: string): string => full.workloads.find((w) => w.id === id)?.namespace ?? id.replace(/^namespace:/, '');
  expect(drawn.length).toBe(new Set(toIstiod.map((a) => namespaceOf(a.from))).size);
  // Every other access keeps its own edge.
  const workloadEdges = edges(text).filter((l) => /^ {2}n\d+ /.test(l));
  expect(workloadEdges.length).toBeGreaterThan(50);
});

test('past the limits, the diagram is by namespace and its edges account for every access', () => {
  const text = diagrams['generated-150'];
  const report = reports.get('generated-150')!;
  expect(text).not.toMatch(/^\s+n\d+\["svc-/m);
  const counted = edges(text).map((l) => /\|"(\d+) access(?:es)? · /.exec(l)).filter((m) => m !== null).reduce((n, m) => n + Number(m![1]), 0);
  expect(counted).toBe(report.access.length);
});

test('at 1,000 workloads the busiest namespace pairs are drawn and a node says how many were left out', () => {
  const text = diagrams['generated-1000'];
  expect(edges(text).length).toBe(500);
  expect(text).toMatch(/leftOut\["\d+ of \d+ namespace pairs left out to stay within mermaid's limits; every access: secure-mesh graph generated-1000\.yaml --format markdown --detail full"\]/);
});
