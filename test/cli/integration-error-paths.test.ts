/**
 * Problems found in what an integration section expands to name the field the user wrote, with `spec.` and the
 * file's line in the CLI (lib/integrations/origins.ts), never the expanded `workloads[0].ingress[3].from[0]` of a file
 * that has no `workloads`; `diff` says which of its two files failed.
 */
import * as fs from 'fs';
import * as path from 'path';
import { synthesizeMesh } from '../../lib/mesh/synthesize';
import { SecureMeshError } from '../../lib/model/errors';
import { FieldOrigins } from '../../lib/integrations/origins';
import { runCliInProcess, tempDir } from './run-cli';

const KSERVE = `apiVersion: secure-mesh.io/v1alpha1
kind: SecureMesh
metadata: { name: isvc }
spec:
  namespaces:
    - { name: knative-serving, managed: false, sidecarInjection: true }
  kserve:
    inferenceServices:
      - name: iris
        namespace: user1
        bypassActivator: true
        callers:
          - namespace: user2
`;

const MODELMESH = `apiVersion: secure-mesh.io/v1alpha1
kind: SecureMesh
metadata: { name: mm }
spec:
  modelmesh:
    controllerNamespace: modelmesh-serving
    etcd: { cidrs: [10.0.0.10/32] }
    clients:
      - { workload: frontend, namespace: shop }
`;

let dir: string;
beforeAll(() => {
  dir = tempDir('integration-paths');
  fs.writeFileSync(path.join(dir, 'good.yaml'), KSERVE.replace('          - namespace: user2\n', '          - namespace: user1\n'));
  fs.writeFileSync(path.join(dir, 'bad.yaml'), KSERVE);
  fs.writeFileSync(path.join(dir, 'mm.yaml'), MODELMESH);
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function problemsOf(definition: unknown): string[] {
  try {
    synthesizeMesh(definition);
  } catch (error) {
    if (error instanceof SecureMeshError) return error.problems.map((p) => p.path);
    throw error;
  }
  return [];
}

test('the construct names the InferenceService caller, not the expanded workload', () => {
  const paths = problemsOf({
    namespaces: [{ name: 'knative-serving', managed: false, sidecarInjection: true }],
    kserve: { inferenceServices: [{ name: 'iris', namespace: 'user1', bypassActivator: true, callers: [{ namespace: 'user2' }] }] },
  });
  expect(paths).toEqual(['kserve.inferenceServices[0].callers[0].namespace']);
});

test('ModelMesh clients are named as modelmesh.clients', () => {
  const paths = problemsOf({ modelmesh: { controllerNamespace: 'modelmesh-serving', etcd: { cidrs: ['10.0.0.10/32'] }, clients: [{ workload: 'frontend', namespace: 'shop' }] } });
  expect(paths.length).toBeGreaterThan(0);
  for (const p of paths) expect(p).toMatch(/^modelmesh\.clients\[0\]/);
});

test('synth locates the caller in the file, with spec., and writes nothing', async () => {
  const result = await runCliInProcess(['synth', 'bad.yaml', '-o', 'out'], dir);
  expect(result.code).toBe(1);
  // callers[0].namespace is on line 13, column 13 (the key `namespace:`).
  expect(result.stderr).toContain('bad.yaml:13:13: spec.kserve.inferenceServices[0].callers[0].namespace: unknown namespace "user2"');
  expect(result.stderr).not.toMatch(/workloads\[/);
  expect(fs.existsSync(path.join(dir, 'out'))).toBe(false);
});

test('synth locates a ModelMesh client', async () => {
  const result = await runCliInProcess(['synth', 'mm.yaml', '-o', 'out-mm'], dir);
  expect(result.code).toBe(1);
  expect(result.stderr).toMatch(/mm\.yaml:9:\d+: spec\.modelmesh\.clients\[0\]/);
  expect(result.stderr).not.toMatch(/workloads\[/);
});

test('diff names the file that failed, on either side', async () => {
  const newSide = await runCliInProcess(['diff', 'good.yaml', 'bad.yaml'], dir);
  expect(newSide.code).toBe(1);
  expect(newSide.stderr).toContain('bad.yaml:13:13: spec.kserve.inferenceServices[0].callers[0].namespace');
  const oldSide = await runCliInProcess(['diff', 'bad.yaml', 'good.yaml'], dir);
  expect(oldSide.code).toBe(1);
  expect(oldSide.stderr).toContain('bad.yaml:13:13: spec.kserve.inferenceServices[0].callers[0].namespace');
  const manifests = await runCliInProcess(['diff', 'good.yaml', 'missing-dir'], dir);
  expect(manifests.stderr).toContain('missing-dir');
});

test('warnings about what an InferenceService expands to name its fields too', () => {
  const { warnings } = synthesizeMesh({
    namespaces: [
      { name: 'knative-serving', managed: false, sidecarInjection: true },
      { name: 'legacy', managed: false, sidecarInjection: false },
    ],
    kserve: { inferenceServices: [{ name: 'iris', namespace: 'user1', bypassActivator: true, callers: [{ namespace: 'legacy' }] }] },
  });
  expect(warnings.length).toBeGreaterThan(0);
  for (const w of warnings) expect(w.path).not.toMatch(/^workloads\[|^namespaces\[[1-9]/);
  expect(warnings.map((w) => w.path)).toContain('kserve.inferenceServices[0].callers');
});

test('FieldOrigins replaces the longest recorded prefix at a field boundary', () => {
  const o = new FieldOrigins();
  o.add('workloads[3]', 'kserve.inferenceServices[1]');
  o.add('workloads[3].ingress[2].from', 'kserve.inferenceServices[1].callers', true);
  expect(o.translate('workloads[3].ingress[2].from[0].namespace')).toBe('kserve.inferenceServices[1].callers[0].namespace');
  // A part the user did not write is reported at the field it was generated from, never at an invented path.
  expect(o.translate('workloads[3].ports[0]')).toBe('kserve.inferenceServices[1]');
  // workloads[31] is not under workloads[3]; the user's own entries keep their paths.
  expect(o.translate('workloads[31].name')).toBe('workloads[31].name');
  expect(o.translate('workloads[0].name')).toBe('workloads[0].name');
});
