/**
 * No two objects a definition synthesizes to may share an identity (API group, kind, namespace, name): `kubectl apply`
 * keeps the last of each, so a workload named like the namespace's baseline would silently replace it. Refused in the
 * model with both definition fields named (lib/model/reserved-names.ts), after emission for everything else
 * (lib/mesh/identities.ts), and across meshes of one app (lib/mesh/meshes-in-app.ts).
 */
import { ApiObject, Chart, Testing } from 'cdk8s';
import { Peer, RootOfTrust, SecureMesh, SecureMeshError, synthesizeMesh, type SecureMeshProps } from '../../lib';
import type { K8sObject } from '../../lib/k8s-object';
import { IdentityMap } from '../../lib/identity-map';
import { objectIdentity } from '../../lib/k8s-object';
import { duplicateIdentityProblems } from '../../lib/mesh/identities';
import { NAMESPACE_OBJECT_NAMES } from '../../lib/model/object-names';
import { testApp } from '../helpers/cdk8s';

const quiet = process.env.SECURE_MESH_QUIET;
beforeAll(() => { process.env.SECURE_MESH_QUIET = '1'; });
afterAll(() => { if (quiet === undefined) delete process.env.SECURE_MESH_QUIET; else process.env.SECURE_MESH_QUIET = quiet; });

/** The problems of a refused definition (fails the test if it is accepted or fails otherwise). */
function problemsOf(definition: unknown): ReadonlyArray<{ path: string; message: string }> {
  try {
    synthesizeMesh(definition);
  } catch (error) {
    if (error instanceof SecureMeshError) return error.problems;
    throw error;
  }
  throw new Error('the definition was accepted');
}

/** A workload called from its own namespace, so it gets every per-workload policy. */
function shop(workloadName: string, isolation: 'workload' | 'namespace' | 'none' = 'workload', extra: Partial<SecureMeshProps> = {}): SecureMeshProps {
  return {
    namespaces: [{ name: 'other' }, { name: 'shop', isolation }],
    workloads: [
      { name: 'web', namespace: 'shop', ports: [{ name: 'http', port: 8080 }] },
      { name: workloadName, namespace: 'shop', sidecar: false, ports: [{ name: 'http', port: 8080 }], ingress: [{ from: Peer.workload('web'), ports: [8080] }] },
    ],
    ...extra,
  };
}

describe('workloads named like the namespace\'s own objects are refused, naming both fields', () => {
  test.each([
    ['default-deny', 'workload', ['AuthorizationPolicy/shop/default-deny', 'NetworkPolicy/shop/default-deny']],
    ['allow-same-namespace', 'namespace', ['AuthorizationPolicy/shop/allow-same-namespace']],
    ['default', 'workload', ['PeerAuthentication/shop/default', 'DestinationRule/shop/default']],
  ] as const)('"%s" (isolation: %s)', (name, isolation, objects) => {
    const problems = problemsOf(shop(name, isolation));
    expect(problems).toHaveLength(1);
    expect(problems[0].path).toBe('workloads[1].name');
    expect(problems[0].message).toContain('namespaces[1]');
    for (const o of objects) expect(problems[0].message).toContain(o);
  });

  test('the reserved names are refused whatever the namespace emits today (a later isolation change must not open it)', () => {
    expect(problemsOf(shop('allow-same-namespace', 'workload'))[0].path).toBe('workloads[1].name');
    expect(problemsOf(shop('default-deny', 'none'))[0].path).toBe('workloads[1].name');
  });

  test('a name that only looks alike is fine', () => {
    for (const name of ['default-deny-2', 'defaults', 'allow-same-namespaces', 'deny-all']) {
      expect(() => synthesizeMesh(shop(name))).not.toThrow();
    }
  });

  test('the construct raises the same SecureMeshError, not cdk8s\' "There is already a Construct with name"', () => {
    const chart = new Chart(testApp(), 'c');
    let caught: unknown;
    try {
      new SecureMesh(chart, 'mesh', shop('default-deny'));
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(SecureMeshError);
    expect((caught as SecureMeshError).problems[0].path).toBe('workloads[1].name');
    // Nothing joined the tree: a corrected definition is accepted under the same id.
    expect(() => new SecureMesh(chart, 'mesh', shop('gate'))).not.toThrow();
  });
});

describe('a workload certificate never writes a CA\'s Secret', () => {
  const inPki = (tls: object, pki: SecureMeshProps['pki'] = {}): SecureMeshProps => ({
    pki,
    namespaces: [{ name: 'cert-manager' }],
    workloads: [{ name: 'agent', namespace: 'cert-manager', tls }],
  });

  test.each([
    ['the intermediate CA', { secretName: 'mesh-intermediate-ca' }, {}, 'pki.intermediate'],
    ['the self-signed root', { secretName: 'mesh-root-ca' }, {}, 'pki.root'],
    ['an existing root Secret', { secretName: 'corp-ca' }, { root: RootOfTrust.fromSecret('corp-ca') }, 'pki.root.secretName'],
    ['the new root of a rotation', { secretName: 'mesh-root-ca-b' }, { rotation: { phase: 'trust-both', newRoot: RootOfTrust.selfSigned({ commonName: 'new root' }) } }, 'pki.rotation.newRoot'],
  ] as const)('%s', (_what, tls, pki, caPath) => {
    const problems = problemsOf(inPki(tls, pki as SecureMeshProps['pki']));
    expect(problems).toHaveLength(1);
    expect(problems[0].path).toBe('workloads[0].tls.secretName');
    expect(problems[0].message).toContain(`(${caPath})`);
  });

  test('the default <workload>-tls too', () => {
    const problems = problemsOf({ ...inPki({}, { root: RootOfTrust.fromSecret('agent-tls') }) });
    expect(problems.map((p) => p.path)).toEqual(['workloads[0].tls.secretName']);
  });

  test('the same name in another namespace is another Secret', () => {
    expect(() => synthesizeMesh({ namespaces: [{ name: 'shop' }], workloads: [{ name: 'agent', namespace: 'shop', tls: { secretName: 'mesh-intermediate-ca' } }] })).not.toThrow();
  });

  test('two CAs never share a Secret', () => {
    const problems = problemsOf({ pki: { root: RootOfTrust.fromSecret('mesh-intermediate-ca') } });
    expect(problems.map((p) => p.path)).toEqual(['pki.intermediate']);
    expect(problems[0].message).toContain('pki.root.secretName');
  });
});

describe('integration objects against the definition\'s own (checked after emission)', () => {
  test('a workload certificate named like a Mayastor CA', () => {
    const problems = problemsOf({ namespaces: [{ name: 'mayastor' }], workloads: [{ name: 'x', namespace: 'mayastor', tls: { secretName: 'mayastor-root-ca' } }], mayastor: { tls: true } });
    expect(problems).toHaveLength(1);
    expect(problems[0].path).toBe('workloads[0].tls.secretName');
    expect(problems[0].message).toContain('Certificate/mayastor/mayastor-root-ca');
    expect(problems[0].message).toContain('the mayastor section');
  });

  test('a workload whose default <name>-tls is the ModelMesh certificate', () => {
    const problems = problemsOf({
      istio: false, namespaces: [{ name: 'modelmesh-serving' }],
      workloads: [{ name: 'modelmesh-serving', namespace: 'modelmesh-serving', tls: {} }],
      modelmesh: { runtimeNamespaces: ['runtimes'], etcd: { cidrs: ['10.0.0.1/32'] } },
    });
    expect(problems.map((p) => p.path)).toEqual(['workloads[0].tls.secretName']);
    expect(problems[0].message).toContain('the modelmesh section');
  });

  test.each([
    ['KServe\'s gateway credential', { kserve: { disableIstioVirtualHost: false, localGateway: { namespace: 'cert-manager', credentialName: 'corp-ca' }, inferenceServices: [] } }, 'kserve'],
    ['ModelMesh\'s certificate', { istio: false, modelmesh: { controllerNamespace: 'cert-manager', tls: { secretName: 'corp-ca' }, etcd: { cidrs: ['10.0.0.1/32'] } } }, 'modelmesh'],
  ])('%s never writes the root CA Secret the mesh signs with', (_what, section, path) => {
    const problems = problemsOf({ pki: { root: RootOfTrust.fromSecret('corp-ca') }, namespaces: [{ name: 'cert-manager' }], ...section });
    expect(problems).toHaveLength(1);
    expect(problems[0].path).toBe(path);
    expect(problems[0].message).toContain('writing Secret "corp-ca", which ClusterIssuer/mesh-root (the pki section) signs with');
  });

  test('the mesh PKI and Mayastor\'s CA in one namespace under one name', () => {
    const problems = problemsOf({ name: 'mayastor', pki: { namespace: 'mayastor' }, istio: false, mayastor: { tls: true } });
    expect(problems).toHaveLength(1);
    expect(problems[0].message).toContain('Certificate/mayastor/mayastor-root-ca');
    expect(problems[0].message).toMatch(/the mayastor section .*the pki section|the pki section .*the mayastor section/);
  });
});

describe('duplicateIdentityProblems', () => {
  const cert = (name: string, secretName: string, namespace = 'shop'): K8sObject => ({ apiVersion: 'cert-manager.io/v1', kind: 'Certificate', metadata: { name, namespace }, spec: { secretName } });

  test('the identity is group, kind, namespace and name (not the version)', () => {
    const identityOf = objectIdentity;
    const map = new IdentityMap<number>();
    map.set({ apiVersion: 'security.istio.io/v1', kind: 'PeerAuthentication', metadata: { name: 'default', namespace: 'a' } }, 1);
    expect(map.get({ apiVersion: 'security.istio.io/v1beta1', kind: 'PeerAuthentication', metadata: { name: 'default', namespace: 'a' } })).toBe(1);
    expect(map.get({ apiVersion: 'security.istio.io/v1', kind: 'PeerAuthentication', metadata: { name: 'default', namespace: 'b' } })).toBeUndefined();
    expect(map.get({ apiVersion: 'networking.istio.io/v1', kind: 'PeerAuthentication', metadata: { name: 'default', namespace: 'a' } })).toBeUndefined();
    expect(identityOf({ apiVersion: 'security.istio.io/v1', kind: 'PeerAuthentication', metadata: { name: 'default', namespace: 'a' } }))
      .toBe(identityOf({ apiVersion: 'security.istio.io/v1beta1', kind: 'PeerAuthentication', metadata: { name: 'default', namespace: 'a' } }));
    expect(identityOf({ apiVersion: 'networking.istio.io/v1', kind: 'Gateway', metadata: { name: 'g', namespace: 'a' } }))
      .not.toBe(identityOf({ apiVersion: 'gateway.networking.k8s.io/v1', kind: 'Gateway', metadata: { name: 'g', namespace: 'a' } }));
  });

  test('two Certificates writing one Secret under different names', () => {
    const problems = duplicateIdentityProblems([cert('a', 'shared'), cert('b', 'shared')], ['kserve', 'modelmesh'], {});
    expect(problems).toHaveLength(1);
    expect(problems[0].message).toContain('Secret/shop/shared');
  });

  test('the trust bundle\'s ConfigMap in every namespace it targets', () => {
    const bundle: K8sObject = {
      apiVersion: 'trust.cert-manager.io/v1alpha1', kind: 'Bundle', metadata: { name: 'model-serving-config' },
      spec: { sources: [], target: { configMap: { key: 'ca.crt' }, namespaceSelector: { matchLabels: { trust: 'yes' } } } },
    };
    const ns = (name: string, labels: Record<string, string>): K8sObject => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels } });
    const configMap: K8sObject = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'model-serving-config', namespace: 'models' } };
    const objects = [bundle, ns('models', { trust: 'yes' }), ns('plain', {}), configMap];
    const problems = duplicateIdentityProblems(objects, ['pki.trustBundle', 'x', 'y', 'modelmesh'], {});
    expect(problems).toHaveLength(1);
    expect(problems[0].message).toContain('ConfigMap/models/model-serving-config');
  });
});

describe('the namespace-level names are complete (lib/model/object-names.ts)', () => {
  test('every object a managed namespace gets that is not named after one of its workloads is listed', () => {
    const definition: SecureMeshProps = {
      namespaces: [{ name: 'a' }, { name: 'b', isolation: 'namespace' }, { name: 'c', isolation: 'none' }, { name: 'd', sidecarInjection: false }],
      workloads: [
        { name: 'w', namespace: 'a', ports: [{ name: 'http', port: 80 }], ingress: [{ from: Peer.workload('v', 'd'), ports: [80] }], tls: {} },
        { name: 'v', namespace: 'd', sidecar: true, ports: [{ name: 'http', port: 80 }], ingress: [{ from: Peer.namespace('b') }] },
        { name: 'u', namespace: 'b', sidecar: false, ports: [{ name: 'http', port: 80 }], ingress: [{ from: Peer.cidr('10.0.0.0/8') }] },
      ],
      monitoring: {},
    };
    const { objects, mesh } = synthesizeMesh(definition);
    const perWorkload = new Set(mesh.workloads.flatMap((w) => [`${w.namespace}/${w.name}`, ...(w.tls ? [`${w.namespace}/${w.tls.secretName}`] : [])]));
    const managed = new Set(mesh.namespaces.filter((n) => n.managed).map((n) => n.name));
    const listed = new Set(NAMESPACE_OBJECT_NAMES.map((n) => `${n.kind}/${n.name}`));
    const namespaceLevel = objects.filter((o) => o.metadata.namespace && managed.has(o.metadata.namespace) && !perWorkload.has(`${o.metadata.namespace}/${o.metadata.name}`));
    expect(namespaceLevel.length).toBeGreaterThan(10);
    for (const o of namespaceLevel) expect(listed).toContain(`${o.kind}/${o.metadata.name}`);
  });
});

describe('objects users add next to the mesh', () => {
  test('a user object taking a mesh object\'s identity fails synthesis with SM-KA-003', () => {
    const chart = new Chart(testApp(), 'c', { disableResourceNameHashes: true });
    new SecureMesh(chart, 'mesh', { namespaces: [{ name: 'shop' }] });
    new ApiObject(chart, 'mine', { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'default-deny', namespace: 'shop' }, spec: { podSelector: { matchLabels: { app: 'x' } }, ingress: [{}] } });
    expect(() => Testing.synth(chart)).toThrow(/\[SM-KA-003\] NetworkPolicy\/shop\/default-deny: has the identity of an earlier NetworkPolicy\/shop\/default-deny/);
  });
});

describe('several meshes in one app', () => {
  const mesh = (props: SecureMeshProps) => ({ ...props });

  test('identical shared objects are fine (the mesh-wide PeerAuthentication of each example app)', () => {
    const app = testApp();
    new SecureMesh(new Chart(app, 'one'), 'mesh', mesh({ name: 'one', namespaces: [{ name: 'a' }] }));
    expect(() => new SecureMesh(new Chart(app, 'two'), 'mesh', mesh({ name: 'two', namespaces: [{ name: 'b' }] }))).not.toThrow();
    const pas = app.charts.flatMap((c) => c.toJson() as K8sObject[]).filter((o) => o.kind === 'PeerAuthentication' && o.metadata.namespace === 'istio-system');
    expect(pas).toHaveLength(2);
    expect(pas[0]).toEqual(pas[1]);
  });

  test('differing objects of one identity are refused, naming both constructs and the difference', () => {
    const app = testApp();
    new SecureMesh(new Chart(app, 'strict'), 'mesh', mesh({ namespaces: [{ name: 'a' }] }));
    const chart = new Chart(app, 'open');
    let caught: unknown;
    try {
      new SecureMesh(chart, 'mesh', mesh({ istio: { mtls: 'DISABLE' }, pki: { root: RootOfTrust.selfSigned({ commonName: 'another root' }) }, namespaces: [{ name: 'b' }] }));
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(SecureMeshError);
    const message = (caught as Error).message;
    expect(message).toContain('SecureMesh "open/mesh"');
    expect(message).toContain('"strict/mesh"');
    expect(message).toContain('PeerAuthentication/istio-system/default: emitted by strict/mesh and by open/mesh, which differ at spec.mtls.mode ("STRICT" vs "DISABLE")');
    expect(message).toContain('Certificate/cert-manager/mesh-root-ca');
    expect(message).toContain('give each mesh its own name');
    // The refused mesh left nothing behind: corrected, it joins.
    expect(() => new SecureMesh(chart, 'mesh', mesh({ name: 'open', namespaces: [{ name: 'b' }] }))).not.toThrow();
  });

  test('two meshes in one chart are checked the same way', () => {
    const chart = new Chart(testApp(), 'c');
    new SecureMesh(chart, 'one', mesh({ name: 'one', namespaces: [{ name: 'a' }] }));
    expect(() => new SecureMesh(chart, 'two', mesh({ name: 'two', namespaces: [{ name: 'a', isolation: 'namespace' }] }))).toThrow(/NetworkPolicy\/a\/default-deny: emitted by c\/one and by c\/two/);
  });

  test('a namespace is managed by one mesh only, even when both declare it alike', () => {
    const app = testApp();
    new SecureMesh(new Chart(app, 'one'), 'mesh', mesh({ name: 'one', namespaces: [{ name: 'a' }] }));
    expect(() => new SecureMesh(new Chart(app, 'two'), 'mesh', mesh({ name: 'two', namespaces: [{ name: 'a' }] })))
      .toThrow(/Namespace\/a: emitted by one\/mesh and by two\/mesh, which both manage the namespace/);
    expect(() => new SecureMesh(new Chart(app, 'three'), 'mesh', mesh({ name: 'three', namespaces: [{ name: 'a', managed: false }, { name: 'b' }] }))).not.toThrow();
  });

  test('separate apps never see each other', () => {
    new SecureMesh(new Chart(testApp(), 'x'), 'mesh', mesh({ namespaces: [{ name: 'a' }] }));
    expect(() => new SecureMesh(new Chart(testApp(), 'y'), 'mesh', mesh({ istio: { mtls: 'DISABLE' }, namespaces: [{ name: 'a' }] }))).not.toThrow();
  });
});
