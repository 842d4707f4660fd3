/**
 * App TLS wiring for mesh files (lib/integrations/app-tls/wiring-files.ts): `secure-mesh synth` writes, per workload with
 * `tls`, a kustomize strategic-merge patch and Helm values that wire the user's own Deployment exactly as `AppTls.bind`
 * wires a cdk8s-plus one (one description: pod-wiring.ts); `tls: { preset: sentinel }` is `AppTlsPreset.sentinel()`.
 */
import * as fs from 'fs';
import * as path from 'path';
import { Chart } from 'cdk8s';
import { Deployment, ServiceAccount } from 'cdk8s-plus-28';
import { parse } from 'yaml';
import { sentinelDefinition } from '../../apps/sentinel';
import { SecureMesh, type SecureMeshProps } from '../../lib';
import { AppTls, AppTlsPreset } from '../../lib/integrations';
import { appTlsWiringFiles } from '../../lib/integrations/app-tls/wiring-files';
import type { K8sObject } from '../../lib/k8s-object';
import { synthesizeMesh } from '../../lib/mesh/synthesize';
import { testApp } from '../helpers/cdk8s';
import { strategicMerge } from '../helpers/strategic-merge';
import { runCliInProcess, tempDir } from '../cli/run-cli';

const quiet = process.env.SECURE_MESH_QUIET;
beforeAll(() => { process.env.SECURE_MESH_QUIET = '1'; });
afterAll(() => { if (quiet === undefined) delete process.env.SECURE_MESH_QUIET; else process.env.SECURE_MESH_QUIET = quiet; });

/** The user's Deployment of `w` as cdk8s-plus writes it, bound with AppTls.bind or not. */
function deploymentOf(definition: SecureMeshProps, w: { name: string; namespace: string }, bind: boolean, container = w.name): K8sObject {
  const chart = new Chart(testApp(), 'app', { disableResourceNameHashes: true });
  const mesh = new SecureMesh(chart, 'mesh', definition);
  const deployment = new Deployment(chart, w.name, {
    metadata: { name: w.name, namespace: w.namespace },
    containers: [
      { name: 'log-shipper', image: 'example/shipper:1', envVariables: {} },
      { name: container, image: `example/${w.name}:1` },
    ],
  });
  if (bind) AppTls.bind(mesh, deployment, deployment.containers[1], w);
  return (chart.toJson() as K8sObject[]).find((o) => o.kind === 'Deployment')!;
}

function wiring(definition: SecureMeshProps, file: string): Record<string, unknown> {
  const { mesh, integrations } = synthesizeMesh(definition);
  const found = appTlsWiringFiles('sentinel', mesh, integrations.appTls).find((f) => f.path.endsWith(file));
  if (!found) throw new Error(`no ${file}`);
  return parse(found.text) as Record<string, unknown>;
}

describe.each([
  ['mtls-on', sentinelDefinition],
  ['certificates-issued', { ...sentinelDefinition, appTls: { phase: 'certificates-issued' } } as SecureMeshProps],
  ['mtls-off', { ...sentinelDefinition, appTls: { phase: 'mtls-off' } } as SecureMeshProps],
  ['without the trust bundle', { ...sentinelDefinition, pki: { ...sentinelDefinition.pki, trustBundle: false } } as SecureMeshProps],
])('phase %s', (_, definition) => {
  test.each((definition.workloads ?? []).map((w) => [w.name, w] as const))('the patch turns the plain Deployment of %s into the one AppTls.bind makes', (name, w) => {
    const patch = wiring(definition, `/${w.namespace}.${name}.patch.yaml`);
    const plain = deploymentOf(definition, w, false);
    const bound = deploymentOf(definition, w, true);
    expect(bound).not.toEqual(plain);
    // The patch names the object kustomize applies it to.
    expect(patch).toMatchObject({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: name, namespace: w.namespace } });
    expect(strategicMerge(plain, patch)).toEqual(bound);
  });

  test('the Helm values carry the same pod fields', () => {
    const w = definition.workloads![0];
    const values = wiring(definition, `/${w.namespace}.${w.name}.values.yaml`);
    const bound = deploymentOf(definition, w, true) as unknown as { metadata: { annotations?: Record<string, string> }; spec: { template: { metadata: { labels: Record<string, string> }; spec: Record<string, unknown> & { containers: Record<string, unknown>[] } } } };
    const pod = bound.spec.template.spec;
    expect(values.volumes).toEqual(pod.volumes ?? []);
    expect(values.volumeMounts).toEqual(pod.containers[1].volumeMounts ?? []);
    expect(values.env).toEqual(pod.containers[1].env ?? []);
    expect(values.serviceAccount).toEqual({ name: pod.serviceAccountName });
    for (const [k, v] of Object.entries(values.podLabels as Record<string, string>)) expect(bound.spec.template.metadata.labels[k]).toBe(v);
    expect(values.deploymentAnnotations).toEqual(bound.metadata.annotations ?? {});
  });
});

test('tls.container names the container the patch wires; the others stay as they were', () => {
  const definition: SecureMeshProps = {
    ...sentinelDefinition,
    workloads: sentinelDefinition.workloads!.map((w) => (w.name === 'control-api' ? { ...w, tls: { ...w.tls, container: 'app' } } : w)),
  };
  const w = definition.workloads!.find((x) => x.name === 'control-api')!;
  const patch = wiring(definition, '/sentinel-system.control-api.patch.yaml') as { spec: { template: { spec: { containers: { name: string }[] } } } };
  expect(patch.spec.template.spec.containers.map((c) => c.name)).toEqual(['app']);
  expect(strategicMerge(deploymentOf(definition, w, false, 'app'), patch)).toEqual(deploymentOf(definition, w, true, 'app'));
});

test('AppTls.bind sets the service account, and refuses a Deployment running as another one', () => {
  const chart = new Chart(testApp(), 'app', { disableResourceNameHashes: true });
  const mesh = new SecureMesh(chart, 'mesh', sentinelDefinition);
  const w = { name: 'control-api', namespace: 'sentinel-system' };
  const other = new Deployment(chart, 'other', {
    metadata: w, serviceAccount: ServiceAccount.fromServiceAccountName(chart, 'sa', 'someone-else'), containers: [{ image: 'x' }],
  });
  expect(() => AppTls.bind(mesh, other, other.containers[0], w)).toThrow(/runs as service account "someone-else".*"control-api"/);
});

test('tls: { preset: sentinel } is AppTlsPreset.sentinel(), overrides included', () => {
  const withPreset = (extra: Record<string, unknown>) => ({
    ...sentinelDefinition,
    workloads: sentinelDefinition.workloads!.map((w) => ({ ...w, tls: { preset: 'sentinel' as const, ...extra } })),
  });
  const withFunction = (extra: Record<string, unknown>) => ({
    ...sentinelDefinition,
    workloads: sentinelDefinition.workloads!.map((w) => ({ ...w, tls: AppTlsPreset.sentinel(extra) })),
  });
  for (const extra of [{}, { extraDnsNames: ['*.sentinel-system.svc.cluster.local'], mountPath: '/certs' }]) {
    const a = synthesizeMesh(withPreset(extra));
    const b = synthesizeMesh(withFunction(extra));
    expect(a.objects).toEqual(b.objects);
    const files = (m: typeof a) => appTlsWiringFiles('s', m.mesh, m.integrations.appTls);
    expect(files(a)).toEqual(files(b));
  }
  // Not a no-op: the preset's RSA key (the default is ECDSA).
  const cert = synthesizeMesh(withPreset({})).objects.find((o) => o.kind === 'Certificate' && o.metadata.name === 'control-api-tls') as unknown as { spec: Record<string, unknown> };
  expect(cert.spec).toMatchObject({ privateKey: { algorithm: 'RSA', size: 2048 } });
});

describe('secure-mesh synth', () => {
  let dir: string;
  beforeAll(() => { dir = tempDir('app-tls-wiring'); });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  const meshFile = (tls: string) => [
    'apiVersion: secure-mesh.io/v1alpha1', 'kind: SecureMesh', 'metadata: { name: shop }', 'spec:',
    '  namespaces: [{ name: shop }]',
    '  workloads:',
    '    - name: api',
    '      namespace: shop',
    '      ports: [{ name: https, port: 8443 }]',
    `      tls: ${tls}`,
    '',
  ].join('\n');

  test('writes the patch and values next to the manifests, with mountPath and env as written, and accepts its own output next time', async () => {
    fs.writeFileSync(path.join(dir, 'mesh.yaml'), meshFile('{ mountPath: /var/run/certs, env: { certPath: CERT, keyPath: KEY, caPath: CA }, container: server }'));
    for (let run = 0; run < 2; run++) {
      const result = await runCliInProcess(['synth', 'mesh.yaml', '-o', 'out', '--app-tls-wiring'], dir);
      expect(result).toMatchObject({ code: 0, stderr: '' });
      expect(result.stdout).toContain(`wrote ${path.join('out', 'shop.app-tls')}${path.sep} (app TLS wiring of 1 workload`);
    }
    const patch = parse(fs.readFileSync(path.join(dir, 'out', 'shop.app-tls', 'shop.api.patch.yaml'), 'utf8'));
    expect(patch.spec.template.spec.containers).toEqual([{
      name: 'server',
      env: [{ name: 'CERT', value: '/var/run/certs/tls.crt' }, { name: 'KEY', value: '/var/run/certs/tls.key' }, { name: 'CA', value: '/etc/secure-mesh/trust/ca.crt' }],
      volumeMounts: [{ name: 'tls', mountPath: '/var/run/certs', readOnly: true }, { name: 'trust-bundle', mountPath: '/etc/secure-mesh/trust', readOnly: true }],
    }]);
    expect(fs.existsSync(path.join(dir, 'out', 'shop.app-tls', 'shop.api.values.yaml'))).toBe(true);
    const component = parse(fs.readFileSync(path.join(dir, 'out', 'shop.app-tls', 'kustomization.yaml'), 'utf8'));
    expect(component).toEqual({ apiVersion: 'kustomize.config.k8s.io/v1alpha1', kind: 'Component', patches: [{ path: 'shop.api.patch.yaml' }] });
    // The wiring is not manifests: validate and graph read the directory synth wrote without it.
    const validate = await runCliInProcess(['validate', 'out'], dir);
    expect(validate.code).toBe(0);
    expect(validate.stdout).not.toContain('app-tls');
    expect((await runCliInProcess(['graph', 'out', '--format', 'json'], dir)).code).toBe(0);
    const json = await runCliInProcess(['synth', 'mesh.yaml', '-o', 'out', '--format', 'json', '--app-tls-wiring'], dir);
    expect(JSON.parse(json.stdout).files).toContain(path.join('out', 'shop.app-tls', 'shop.api.patch.yaml'));
  });

  test('accepts tls: { preset: sentinel }', async () => {
    fs.writeFileSync(path.join(dir, 'preset.yaml'), meshFile('{ preset: sentinel }'));
    const result = await runCliInProcess(['synth', 'preset.yaml', '-o', 'out-preset', '--app-tls-wiring'], dir);
    expect(result.code).toBe(0);
    const values = parse(fs.readFileSync(path.join(dir, 'out-preset', 'shop.app-tls', 'shop.api.values.yaml'), 'utf8'));
    expect(values.env.map((e: { name: string }) => e.name)).toEqual(['MTLS_ENABLED', 'MTLS_CERT_PATH', 'MTLS_KEY_PATH', 'MTLS_CA_CERT_PATH']);
    expect(values.volumeMounts[0].mountPath).toBe('/etc/sentinel/certs');
  });

  test('refuses a container name that is not one, at its field and line', async () => {
    fs.writeFileSync(path.join(dir, 'bad.yaml'), meshFile('{ container: Not_A_Name }'));
    const result = await runCliInProcess(['synth', 'bad.yaml', '-o', 'out-bad'], dir);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/bad\.yaml:10:\d+: spec\.workloads\[0\]\.tls\.container: /);
    expect(fs.existsSync(path.join(dir, 'out-bad'))).toBe(false);
  });
});
