import * as fs from 'fs';
import * as path from 'path';
import { stringify } from 'yaml';
import { sentinelDefinition } from '../../apps/sentinel';
import { runCli } from '../../lib/cli/program';
import { synthesizeMesh } from '../../lib/mesh/synthesize';
import { SecureMeshError } from '../../lib/model/errors';
import { renderRotationPlan, rotationPlan } from '../../lib/rotation';
import { captureIo, tempDir } from '../cli/run-cli';

/** `rotate plan --kind ca` names every consumer that cannot trust two roots: refused without a bundle, warned otherwise. */

const TLS_MESH = { name: 'm', namespaces: [{ name: 'apps' }], workloads: [{ name: 'api', namespace: 'apps', tls: {} }, { name: 'web', namespace: 'apps' }] };

test('without the trust bundle, a CA rotation with application TLS consumers is refused, naming each', () => {
  const definition = { ...TLS_MESH, pki: { trustBundle: false } };
  expect(() => rotationPlan('ca', definition)).toThrow(SecureMeshError);
  expect(() => rotationPlan('ca', definition)).toThrow(/pki\.trustBundle: is off, so workloads\[0\]\.tls \(application TLS of apps\/api \(AppTls\.bind\)\) trust only the one CA in their own Secret/);
  // Nothing of ours verifies mesh-CA certificates: nothing to break, the plan is written.
  expect(rotationPlan('ca', { ...definition, workloads: [{ name: 'web', namespace: 'apps' }] })).toHaveLength(3);
});

test('synthesis warns for application TLS without a trust bundle, naming the workload', () => {
  const warnings = synthesizeMesh({ ...TLS_MESH, pki: { trustBundle: false } }).warnings.map((w) => `${w.path}: ${w.message}`);
  expect(warnings).toContainEqual(expect.stringMatching(/^workloads\[0\]\.tls: trusts only the CA in its own Secret's ca\.crt because pki\.trustBundle is off/));
  expect(synthesizeMesh(TLS_MESH).warnings.some((w) => w.path === 'workloads[0].tls')).toBe(false);
});

test('every consumer of the Sentinel app trusts the bundle: no warning', () => {
  const plan = rotationPlan('ca', sentinelDefinition);
  expect(plan.flatMap((s) => s.warnings ?? [])).toEqual([]);
  expect(plan[1].description).toContain('Consumers that trust the trust bundle "sentinel-trust" keep both roots');
});

test('ModelMesh Serving\'s own runtimes trust their Secret only: step 2 warns, naming modelmesh.tls', () => {
  const definition = { name: 'm', istio: false, modelmesh: { etcd: { cidrs: ['10.0.0.0/24'] } } };
  const plan = rotationPlan('ca', definition);
  expect(plan.map((s) => (s.warnings ?? []).length)).toEqual([0, 1, 0]);
  expect(plan[1].warnings?.[0]).toMatch(/^modelmesh\.tls: ModelMesh Serving.s runtime pods and its modelmesh-controller .*\. Trusted: only their Secret "modelmesh-serving-tls" \(the controller sets MM_TLS_TRUST_CERT_PATH .*\. Fix: restart the controller and every runtime together/);
  expect(plan[1].description).toContain('(except the 1 listed in the warnings, which trust a single CA)');
  expect(renderRotationPlan(plan, 'text')).toMatch(/\n {2}WARNING: modelmesh\.tls: ModelMesh Serving's runtime pods/);
});

test('the CLI refuses with one message naming the field, and writes no plan', async () => {
  const dir = tempDir('rotate-refusal');
  try {
    const file = path.join(dir, 'mesh.yaml');
    fs.writeFileSync(file, stringify({ apiVersion: 'secure-mesh.io/v1alpha1', kind: 'SecureMesh', spec: { ...TLS_MESH, pki: { trustBundle: false } } }));
    const io = captureIo();
    const code = await runCli(['rotate', 'plan', file], io);
    expect(code).toBe(1); // a definition problem (exit codes: docs/cli.md)
    expect(io.stdout).toBe('');
    expect(io.stderr).toContain('pki.trustBundle: is off, so workloads[0].tls');
    expect(io.stderr).not.toMatch(/\n\s+at /); // no stack trace
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('notes for TLS we wire that verifies no mesh-CA certificate: the HTTPS kserve-local-gateway and Mayastor', () => {
  const definition = { name: 'm', mayastor: { tls: true }, kserve: { localGateway: { protocol: 'HTTPS' } } };
  const [, step2] = rotationPlan('ca', definition);
  expect(step2.description).toContain('The kserve-local-gateway\'s certificate (Secret "kserve-cluster-local-tls" in "istio-system") is re-issued from the new chain in step 2');
  expect(step2.description).toContain('Mayastor\'s components trust their own root ("mayastor-root-ca" in "mayastor"), which this rotation does not change.');
  expect(step2.warnings).toBeUndefined();
});

test('the ModelMesh key rotation plan lists the trust bundle volume next to the Secrets', () => {
  const plan = rotationPlan('modelmesh', { name: 'm', istio: false, modelmesh: { etcd: { cidrs: ['10.0.0.0/24'] } } });
  expect(plan.map((s) => s.container?.trustBundle?.file)).toEqual(Array(3).fill('/opt/kserve/mmesh/trust/ca.crt'));
  expect(plan[0].container?.env).toContainEqual({ name: 'MM_TLS_TRUST_CERT_PATH', value: '/opt/kserve/mmesh/tls/tls.crt,/opt/kserve/mmesh/tls/ca.crt,/opt/kserve/mmesh/trust/ca.crt' });
  expect(renderRotationPlan(plan, 'text')).toContain('    trust-bundle: ConfigMap m-trust (key ca.crt) at /opt/kserve/mmesh/trust\n');
});
