/** Loading mesh files: header checks, YAML and JSON alike, and problems located at file:line:column. */
import * as YAML from 'yaml';
import { meshFile } from '../../bench/generate';
import { checkedSpec, MeshFileProblemsError, MeshFileReadError, parseMeshFile, parsePath, parseWithPositions } from '../../lib/model/mesh-file-loader';
import { resolveMesh } from '../../lib/model/resolve';

const YAML_FILE = `apiVersion: secure-mesh.io/v1alpha1
kind: SecureMesh
metadata:
  name: shop
spec:
  namespaces:
    - name: shop
  workloads:
    - name: web
      namespace: shop
    - name: api
      namespace: shop
      ports: [{ name: http, port: 9000 }]
      ingress:
        - from: { workload: wbe }
`;

function problemsOf(text: string, file = 'mesh.yaml'): string[] {
  try {
    checkedSpec(parseMeshFile(text, file), resolveMesh);
  } catch (error) {
    if (error instanceof MeshFileProblemsError) return error.message.split('\n').slice(1).map((l) => l.trim());
    throw error;
  }
  return [];
}

test('a problem of the definition is reported with the resolveMesh message, prefixed with spec., at its line and column', () => {
  const [problem, ...rest] = problemsOf(YAML_FILE);
  expect(rest).toEqual([]);
  expect(problem).toMatch(/^mesh\.yaml:15:\d+: spec\.workloads\[1\]\.ingress\[0\]\.from(\.workload)?: unknown workload "wbe".*did you mean "web"\?$/);
  // Same message as the TypeScript path gives.
  let tsMessage = '';
  try {
    resolveMesh(parseMeshFile(YAML_FILE, 'mesh.yaml').content.spec);
  } catch (error) {
    tsMessage = (error as Error).message;
  }
  expect(tsMessage).toContain(problem.replace(/^mesh\.yaml:15:\d+: spec\./, ''));
});

test('JSON files load the same way (JSON is YAML 1.2) with positions in the JSON text', () => {
  const json = JSON.stringify({ apiVersion: 'secure-mesh.io/v1alpha1', kind: 'SecureMesh', spec: { namespaces: [{ name: 'shop', isolaton: 'namespace' }] } }, null, 2);
  expect(problemsOf(json, 'mesh.json')).toEqual(['mesh.json:8:9: spec.namespaces[0].isolaton: unknown field — did you mean "isolation"?']);
});

test('warnings and problems deep in lists are located where yaml locates them, in block YAML, flow YAML and JSON', () => {
  const file = meshFile({ workloads: 30, namespaces: 6 });
  const warnings = resolveMesh(file.spec).warnings.map((w) => ({ path: `spec.${w.path}`, message: w.message }));
  expect(warnings.filter((w) => /^spec\.workloads\[\d+\]\.ingress\[\d+\]$/.test(w.path)).length).toBeGreaterThan(0);
  const broken = structuredClone(file) as unknown as { spec: { workloads: { ingress: unknown[] }[] } };
  broken.spec.workloads[25].ingress[1] = { from: { workload: 'no-such-workload' } };
  for (const [name, format] of [['mesh.yaml', YAML.stringify], ['flow.yaml', (v: unknown) => YAML.stringify(v, { collectionStyle: 'flow' })], ['mesh.json', (v: unknown) => JSON.stringify(v, null, 2)]] as const) {
    const text = format(file);
    expect(parseMeshFile(text, name).locateAll(warnings)).toEqual(parseWithPositions(text, name).locateAll(warnings));
    const brokenText = format(broken);
    const problem = problemsOf(brokenText, name).find((p) => p.includes('no-such-workload'));
    const where = parseWithPositions(brokenText, name).locate('spec.workloads[25].ingress[1].from.workload')!;
    expect(problem).toMatch(new RegExp(`^${name}:${where.line}:${where.column}: spec\\.workloads\\[25\\]\\.ingress\\[1\\]\\.from\\.workload: unknown workload`));
  }
});

test('a missing field points at its closest parent in the file', () => {
  const text = 'apiVersion: secure-mesh.io/v1alpha1\nkind: SecureMesh\nspec:\n  namespaces:\n    - managed: false\n';
  expect(problemsOf(text)).toEqual(['mesh.yaml:5:7: spec.namespaces[0].name: is required']);
});

test('header problems: unknown apiVersion names the supported one; wrong kind; not a mapping; unknown fields; missing spec', () => {
  expect(() => parseMeshFile('apiVersion: secure-mesh.io/v1\nkind: SecureMesh\nspec: {}\n', 'm.yaml'))
    .toThrow(new MeshFileReadError('m.yaml', 'apiVersion "secure-mesh.io/v1" is not supported: this version of secure-mesh reads apiVersion: secure-mesh.io/v1alpha1', { line: 1, column: 1 }));
  expect(() => parseMeshFile('apiVersion: secure-mesh.io/v1alpha1\nkind: Deployment\nspec: {}\n', 'm.yaml')).toThrow(/^m\.yaml:2:1: kind "Deployment" is not a mesh file: expected kind: SecureMesh$/);
  expect(() => parseMeshFile('- a\n- b\n', 'm.yaml')).toThrow(/is not a mesh file: expected a mapping/);
  expect(() => parseMeshFile('a: [\n', 'm.yaml')).toThrow(/^m\.yaml:\d+:\d+: not valid YAML or JSON: /);
  expect(() => parseMeshFile('a: 1\na: 2\n', 'm.yaml')).toThrow(/^m\.yaml:2:1: not valid YAML or JSON: Map keys must be unique/);
  expect(problemsOf('apiVersion: secure-mesh.io/v1alpha1\nkind: SecureMesh\nmetdata: {}\n')).toEqual([
    'mesh.yaml:3:1: metdata: unknown field — did you mean "metadata"?',
    'mesh.yaml:1:1: spec: is required: the secure-mesh definition',
  ]);
  expect(problemsOf('apiVersion: secure-mesh.io/v1alpha1\nkind: SecureMesh\nmetadata: { name: My_Mesh }\nspec: {}\n')).toEqual([
    'mesh.yaml:3:13: metadata.name: "My_Mesh" must be a DNS-1123 label (lowercase letters, digits and "-"), as it names the output file',
  ]);
});

test('the chart name is metadata.name, else the file name without extension', () => {
  const header = 'apiVersion: secure-mesh.io/v1alpha1\nkind: SecureMesh\n';
  expect(parseMeshFile(`${header}metadata: { name: shop }\nspec: {}\n`, 'dir/x.yaml').name).toBe('shop');
  expect(parseMeshFile(`${header}spec: {}\n`, 'dir/payments.yml').name).toBe('payments');
  expect(parseMeshFile(`${header}spec: {}\n`, 'dir/payments.json').name).toBe('payments');
});

test('field paths parse into keys and indexes', () => {
  expect(parsePath('spec.workloads[3].ingress[0].from')).toEqual(['spec', 'workloads', 3, 'ingress', 0, 'from']);
  expect(parsePath('spec.workloads[0].selector["app.kubernetes.io/name"]')).toEqual(['spec', 'workloads', 0, 'selector', 'app.kubernetes.io/name']);
});
