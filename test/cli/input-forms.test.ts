/**
 * Every input form kubectl reads, read by `validate`, `graph`, `diff` and the cdk8s plugin alike (issue 13 §2):
 * `List` and typed lists (`NetworkPolicyList` whose items name no kind, as the API server writes them), and real
 * repositories whose directories hold other YAML and JSON files (skipped with a note; `--strict` refuses them).
 */
import * as fs from 'fs';
import * as path from 'path';
import { SecureMeshValidation } from '../../lib/checks/cdk8s-plugin';
import { fakeContext } from '../helpers/plugin-context';
import { runCliInProcess, tempDir } from './run-cli';

const DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata: { name: api, namespace: shop }
spec:
  selector: { matchLabels: { app: api } }
  template:
    metadata: { labels: { app: api } }
    spec: { containers: [{ name: app, image: api:1, ports: [{ name: http, containerPort: 8080 }] }] }
`;

/** `kubectl get --raw /apis/networking.k8s.io/v1/namespaces/shop/networkpolicies`, as YAML: items without kind. */
const TYPED_LIST = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicyList
metadata: { resourceVersion: "4711" }
items:
  - metadata: { name: api, namespace: shop }
    spec:
      podSelector: { matchLabels: { app: api } }
      policyTypes: [Ingress]
      ingress: [{ from: [{ podSelector: { matchLabels: { app: web } } }], ports: [{ port: 8080 }] }]
  - metadata: { name: typo, namespace: shop }
    spec:
      podSelector: {}
      policyTyps: [Ingress]
`;

/** `kubectl get deploy,svc -o yaml`: a List whose items carry their kinds, one of them a List itself. */
const LIST = `apiVersion: v1
kind: List
metadata: { resourceVersion: "" }
items:
${DEPLOYMENT.replace(/^/gm, '    ').replace(/^ {4}/, '  - ').replace(/ +$/, '')}
  - apiVersion: v1
    kind: List
    items:
      - apiVersion: v1
        kind: ServiceAccount
        metadata: { name: api, namespace: shop }
`;

let dir: string;
beforeAll(() => {
  dir = tempDir('input-forms');
  fs.mkdirSync(path.join(dir, 'deploy'));
  fs.writeFileSync(path.join(dir, 'deploy', 'policies.yaml'), TYPED_LIST);
  fs.writeFileSync(path.join(dir, 'deploy', 'workloads.yaml'), LIST);
  fs.writeFileSync(path.join(dir, 'deploy', 'values.yaml'), 'replicaCount: 2\nimage:\n  repository: api\n  tag: "1"\n');
  // Istio's MeshConfig (the `mesh` key of the istio ConfigMap, as a file): no apiVersion, no kind.
  fs.writeFileSync(path.join(dir, 'deploy', 'meshconfig.yaml'), 'defaultConfig:\n  holdApplicationUntilProxyStarts: true\ntrustDomain: cluster.local\n');
  fs.writeFileSync(path.join(dir, 'deploy', 'Chart.yaml'), 'apiVersion: v2\nname: api\nversion: 0.1.0\n');
  fs.writeFileSync(path.join(dir, 'deploy', 'package.json'), '{"name": "api", "version": "1.0.0"}\n');
  fs.writeFileSync(path.join(dir, 'deploy', 'tsconfig.json'), '{\n  // comments are not JSON\n  "compilerOptions": { "strict": true }\n}\n');
  fs.mkdirSync(path.join(dir, 'before'));
  fs.writeFileSync(path.join(dir, 'before', 'workloads.yaml'), LIST);
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('List and typed lists', () => {
  test('validate reads typed-list items as the list\'s kind, each located on its own line', async () => {
    const r = await runCliInProcess(['validate', 'deploy/policies.yaml', '--format', 'json'], dir);
    expect(r.code).toBe(1);
    const findings = (JSON.parse(r.stdout) as { findings: { object: string; message: string; line: number }[] }).findings;
    // The second item's typo is a schema error of a NetworkPolicy, at the item's line.
    expect(findings).toContainEqual(expect.objectContaining({ object: 'NetworkPolicy/shop/typo', line: 10, message: expect.stringContaining('spec.policyTyps: unknown field') }));
  });

  test('graph reads a typed list and a List (nested Lists too) as their items', async () => {
    const r = await runCliInProcess(['graph', 'deploy/policies.yaml', '--format', 'json'], dir);
    expect(r.code).toBe(0);
    // The policies' caller is known only from the first item's selector: the items were read as NetworkPolicies.
    const report = JSON.parse(r.stdout) as { workloads: { id: string }[] };
    expect(report.workloads.map((w) => w.id)).toEqual(['shop/web']);
    const list = await runCliInProcess(['graph', 'deploy/workloads.yaml', '--format', 'json'], dir);
    expect(list.code).toBe(0);
    expect((JSON.parse(list.stdout) as { workloads: { id: string; serviceAccount: string }[] }).workloads).toEqual([expect.objectContaining({ id: 'shop/api', serviceAccount: 'default' })]);
  });

  test('diff compares a List with a typed list', async () => {
    const r = await runCliInProcess(['diff', 'deploy/workloads.yaml', 'deploy/policies.yaml', '--format', 'json'], dir);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
  });

  test('the cdk8s plugin reads typed lists', async () => {
    const ctx = fakeContext([path.join(dir, 'deploy', 'policies.yaml')]);
    await new SecureMeshValidation().validate(ctx);
    expect(ctx.status).toBe('failure');
    expect(ctx.violations.map((v) => v.recommendation).join('\n')).toContain('NetworkPolicy/shop/typo: spec.policyTyps: unknown field');
  });
});

describe('files of a directory that hold no Kubernetes object', () => {
  const SKIPPED = ['deploy/Chart.yaml', 'deploy/meshconfig.yaml', 'deploy/package.json', 'deploy/tsconfig.json', 'deploy/values.yaml'];

  test('validate skips them with a note each and counts them in the summary', async () => {
    const r = await runCliInProcess(['validate', 'deploy'], dir);
    expect(r.code).toBe(1); // the typo in policies.yaml: the rest of the directory was checked
    for (const file of SKIPPED) expect(r.stdout).toContain(`note: ${file}: skipped`);
    expect(r.stdout).toMatch(/\d+ errors?, \d+ warnings?, \d+ info; 5 files skipped \(no Kubernetes object\)\n$/);
    expect(r.stdout).toContain('NetworkPolicy/shop/typo');
  });

  test('machine output stays parseable: the notes go to stderr; JSON lists the files', async () => {
    const r = await runCliInProcess(['validate', 'deploy', '--format', 'sarif'], dir);
    expect(() => JSON.parse(r.stdout)).not.toThrow();
    for (const file of SKIPPED) expect(r.stderr).toContain(`note: ${file}: skipped`);
    const j = await runCliInProcess(['validate', 'deploy', '--format', 'json'], dir);
    const out = JSON.parse(j.stdout) as { summary: { skipped: number }; skipped: { file: string }[] };
    expect(out.summary.skipped).toBe(5);
    expect(out.skipped.map((f) => f.file)).toEqual(SKIPPED);
  });

  test('--strict refuses them (exit 2)', async () => {
    const r = await runCliInProcess(['validate', 'deploy', '--strict'], dir);
    expect(r).toMatchObject({ code: 2, stdout: '' });
    expect(r.stderr).toMatch(/^error: deploy\/Chart\.yaml:1: a manifest needs apiVersion and kind/);
    expect((await runCliInProcess(['graph', 'deploy', '--strict'], dir)).code).toBe(2);
  });

  test('a file named on the command line is always read as manifests', async () => {
    const r = await runCliInProcess(['validate', 'deploy/values.yaml'], dir);
    expect(r).toMatchObject({ code: 2, stdout: '' });
    expect(r.stderr).toContain('deploy/values.yaml:1: a manifest needs apiVersion and kind');
  });

  test('graph and diff skip them with a note on stderr', async () => {
    const g = await runCliInProcess(['graph', 'deploy', '--format', 'json'], dir);
    expect(g.code).toBe(0);
    expect((JSON.parse(g.stdout) as { workloads: { id: string }[] }).workloads.map((w) => w.id)).toContain('shop/api');
    for (const file of SKIPPED) expect(g.stderr).toContain(`note: ${file}: skipped`);
    const d = await runCliInProcess(['diff', 'before', 'deploy', '--format', 'json'], dir);
    expect(d.code).toBe(0);
    expect(d.stderr.split('\n').filter((l) => l.startsWith('note: '))).toHaveLength(SKIPPED.length);
  });

  test('a broken manifest in a directory is still refused, not skipped', async () => {
    const broken = tempDir('input-forms-broken');
    try {
      fs.writeFileSync(path.join(broken, 'ok.yaml'), DEPLOYMENT);
      // apiVersion and metadata but no kind: meant as an object.
      fs.writeFileSync(path.join(broken, 'nokind.yaml'), 'apiVersion: v1\nmetadata: { name: x }\n');
      const r = await runCliInProcess(['validate', broken], dir);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain('nokind.yaml:1: a manifest needs apiVersion and kind');
      fs.writeFileSync(path.join(broken, 'nokind.yaml'), 'kind: Deployment\nmetadata: { name: x }\n');
      expect((await runCliInProcess(['validate', broken], dir)).code).toBe(2);
      // Invalid YAML in a .yaml file may be a manifest with a typo: refused too.
      fs.writeFileSync(path.join(broken, 'nokind.yaml'), 'kind: [\n');
      expect((await runCliInProcess(['graph', broken], dir)).code).toBe(2);
    } finally {
      fs.rmSync(broken, { recursive: true, force: true });
    }
  });

  test('a directory with nothing but such files is an error that lists them', async () => {
    const only = tempDir('input-forms-only');
    try {
      fs.writeFileSync(path.join(only, 'values.yaml'), 'a: 1\n');
      const v = await runCliInProcess(['validate', only], dir);
      expect(v.code).toBe(2);
      expect(v.stderr).toContain('1 file skipped (no Kubernetes object)');
      expect((await runCliInProcess(['graph', only], dir)).code).toBe(2);
    } finally {
      fs.rmSync(only, { recursive: true, force: true });
    }
  });
});

