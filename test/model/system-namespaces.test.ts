import * as fs from 'fs';
import * as path from 'path';
import { buildCharts } from '../../apps/main';
import { runCliInProcess, tempDir } from '../cli/run-cli';
import { App } from 'cdk8s';
import { Peer, SecureMesh, synthesizeMesh, type NamespaceProps, type SecureMeshProps } from '../../lib';

/**
 * Declaring a control-plane namespace as managed puts the mesh's defaults on it (default-deny, sidecar injection,
 * STRICT): warned with what breaks (issue 12 §8). Only the user's declarations count, not the integrations'.
 */

process.env.SECURE_MESH_QUIET = '1';

const systemWarnings = (def: SecureMeshProps) => synthesizeMesh(def).warnings.filter((w) => w.message.includes('is a system namespace'));
const declaring = (ns: NamespaceProps, extra: Partial<SecureMeshProps> = {}): SecureMeshProps => ({ namespaces: [{ name: 'shop' }, ns], ...extra });

describe('system namespaces declared managed', () => {
  test('kube-system: the default-deny stops the cluster\'s DNS, and injection puts sidecars on its pods', () => {
    const warnings = systemWarnings(declaring({ name: 'kube-system' }));
    expect(warnings).toHaveLength(1);
    expect(warnings[0].path).toBe('namespaces[1]');
    expect(warnings[0].message).toContain('"kube-system" is a system namespace (CoreDNS');
    expect(warnings[0].message).toContain('every pod of the cluster resolves names through CoreDNS on port 53');
    expect(warnings[0].message).toContain('istio-injection: enabled label injects sidecars');
    expect(warnings[0].message).toContain('managed: false');
  });

  test('cert-manager (the PKI namespace): the API server cannot reach the webhook, and no Certificate is issued', () => {
    const [w] = systemWarnings(declaring({ name: 'cert-manager' }));
    expect(w.message).toContain('cert-manager\'s webhook (port 10250)');
    expect(w.message).toContain('no Certificate is issued');
    expect(w.message).toContain('STRICT mTLS refuses the API server');
    // The configured PKI namespace is the one that counts.
    expect(systemWarnings(declaring({ name: 'pki' }, { pki: { namespace: 'pki' } }))).toHaveLength(1);
  });

  test('knative-serving, kserve (or the kserve section\'s namespace) and a separate istiod namespace', () => {
    expect(systemWarnings(declaring({ name: 'knative-serving' }))[0].message).toContain('activator (port 8012)');
    expect(systemWarnings(declaring({ name: 'kserve' }))[0].message).toContain('9443');
    expect(systemWarnings(declaring({ name: 'istio-control' }, { istio: { istiodNamespace: 'istio-control' } }))[0].message).toContain('15017');
  });

  test('what is said follows the declaration: isolation "none" leaves only injection, no sidecars and no NetworkPolicies nothing', () => {
    const [injectionOnly] = systemWarnings(declaring({ name: 'kube-system', isolation: 'none' }));
    expect(injectionOnly.message).not.toContain('default-deny');
    expect(injectionOnly.message).toContain('injects sidecars');
    expect(systemWarnings(declaring({ name: 'kube-system', isolation: 'none', sidecarInjection: false }))).toEqual([]);
    expect(systemWarnings(declaring({ name: 'kube-system', isolation: 'none' }, { istio: false }))).toEqual([]);
    expect(systemWarnings(declaring({ name: 'kube-system' }, { istio: false, networkPolicies: false }))).toEqual([]);
  });

  test('unmanaged declarations, ordinary namespaces and the integrations\' own declarations are not warned', () => {
    expect(systemWarnings(declaring({ name: 'kube-system', managed: false }))).toEqual([]);
    expect(systemWarnings(declaring({ name: 'monitoring' }))).toEqual([]);
    // KServe declares knative-serving (unmanaged) itself; ModelMesh its controller namespace (managed, on purpose).
    expect(systemWarnings({
      namespaces: [{ name: 'user1' }],
      kserve: { inferenceServices: [{ name: 'iris', namespace: 'user1' }] },
      workloads: [{ name: 'httpbin', namespace: 'user1', ingress: [{ from: Peer.namespace('user1') }] }],
    })).toEqual([]);
  });

  test('no example app (the seeds) is warned', () => {
    const app = new App({ outdir: '/tmp/unused-system-namespaces' });
    buildCharts(app);
    const meshes = app.node.findAll().filter((c): c is SecureMesh => c instanceof SecureMesh);
    expect(meshes.length).toBeGreaterThan(3);
    for (const mesh of meshes) expect(mesh.warnings.filter((w) => w.message.includes('is a system namespace'))).toEqual([]);
  });
});

describe('the CLI', () => {
  test('synth writes the manifests and prints the warning at the namespace\'s line in the mesh file', async () => {
    const dir = tempDir('system-namespaces');
    fs.writeFileSync(path.join(dir, 'mesh.yaml'), [
      'apiVersion: secure-mesh.io/v1alpha1',
      'kind: SecureMesh',
      'metadata: { name: shop }',
      'spec:',
      '  namespaces:',
      '    - { name: shop }',
      '    - { name: cert-manager }',
      '  workloads: [{ name: web, namespace: shop }]',
      '',
    ].join('\n'));
    const result = await runCliInProcess(['synth', 'mesh.yaml', '-o', 'out'], dir);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('warning: mesh.yaml:7:7: spec.namespaces[1]: "cert-manager" is a system namespace');
    expect(fs.existsSync(path.join(dir, 'out', 'shop.k8s.yaml'))).toBe(true);
  });
});
