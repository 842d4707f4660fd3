/**
 * `graph` decides between a mesh file and manifests by the first document's kind; a text that merely mentions
 * `kind: SecureMesh` (which sends it to the mesh-file loader first, lib/cli/inputs.ts) is still read as manifests,
 * and a broken mesh file still gets the loader's error.
 */
import * as fs from 'fs';
import * as path from 'path';
import { runCliInProcess, tempDir } from './run-cli';

const POLICY = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: { name: api, namespace: shop, annotations: { note: "kind: SecureMesh" } }
spec:
  podSelector: { matchLabels: { app: api } }
  policyTypes: [Ingress]
  ingress:
    - from: [{ podSelector: { matchLabels: { app: web } } }]
      ports: [{ port: 9000 }]
`;

let dir: string;
beforeAll(() => {
  dir = tempDir('graph-input');
  fs.writeFileSync(path.join(dir, 'manifests.yaml'), `# generated from a kind: SecureMesh file\n${POLICY}---\n${POLICY.replace(/: api\b/g, ': db')}`);
  fs.writeFileSync(path.join(dir, 'broken.yaml'), 'apiVersion: secure-mesh.io/v1alpha1\nkind: SecureMesh\nspec: [\n');
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

test('manifests that mention kind: SecureMesh are read as manifests', async () => {
  const result = await runCliInProcess(['graph', 'manifests.yaml', '--format', 'json'], dir);
  expect(result).toMatchObject({ code: 0, stderr: '' });
  // The policies' caller is known only from their selectors: the analysis of these two objects found it.
  const report = JSON.parse(result.stdout) as { workloads: { id: string }[]; notes: string[] };
  expect(report.workloads.map((w) => w.id)).toEqual(['shop/web']);
  expect(report.notes).toContain('only callers whose egress policies name them are shown towards shop/web (their own policies are not among the objects)');
});

test('a mesh file that cannot be parsed is reported as one, with its position', async () => {
  const result = await runCliInProcess(['graph', 'broken.yaml'], dir);
  expect(result).toMatchObject({ code: 2, stdout: '' });
  expect(result.stderr).toMatch(/^secure-mesh: broken\.yaml:\d+:\d+: not valid YAML or JSON/);
});

test('a mesh file\'s declared workloads are in the graph even when no object names them (Mayastor: istio off, no isolation)', async () => {
  const { REPO } = await import('./run-cli');
  const { parseWithMermaid } = await import('../helpers/mermaid');
  const json = await runCliInProcess(['graph', path.join(REPO, 'examples/mayastor.yaml'), '--format', 'json'], dir);
  expect(json.code).toBe(0);
  const report = JSON.parse(json.stdout);
  const components = ['mayastor-agent-core', 'mayastor-api-rest', 'mayastor-etcd', 'mayastor-io-engine'];
  expect(report.workloads.map((w: { id: string }) => w.id).sort()).toEqual(components.map((c) => `mayastor/${c}`));
  // Nothing isolates the namespace: every component reaches every other, plaintext (no mesh), on any port.
  const access = report.access as { from: string; to: string; mtls: string }[];
  expect(access.some((a) => a.from === 'mayastor/mayastor-api-rest' && a.to === 'mayastor/mayastor-etcd')).toBe(true);
  const mermaid = await runCliInProcess(['graph', path.join(REPO, 'examples/mayastor.yaml'), '--format', 'mermaid'], dir);
  for (const c of components) expect(mermaid.stdout).toContain(`["${c}"]`);
  expect(parseWithMermaid({ mayastor: mermaid.stdout }).mayastor).toMatchObject({ ok: true, type: 'flowchart-v2' });
}, 60_000);
