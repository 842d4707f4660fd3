import { meshFile } from '../../bench/generate';
import { Peer, RootOfTrust, SecureMeshError, TlsEnv, resolveMesh, type SecureMeshProps } from '../../lib';
import { smallMesh } from '../helpers/definitions';

/** Every object and array reachable from `value` that is not frozen, by path. */
function unfrozen(value: unknown, path = 'mesh', seen = new Set<object>()): string[] {
  if (typeof value !== 'object' || value === null || seen.has(value)) return [];
  seen.add(value);
  const own = Object.isFrozen(value) ? [] : [path];
  return [...own, ...Object.entries(value).flatMap(([key, member]) => unfrozen(member, `${path}.${key}`, seen))];
}

// Built at run time: no certificate header text in the repository's sources.
const PEM = ['-----BEGIN CERTIFICATE-----', 'MIIB', '-----END CERTIFICATE-----'].join('\n');

/** Definitions reaching every part of a resolved mesh: TLS with env names, every kind of caller, CIDR exceptions, warnings, rotation, monitoring. */
const DEFINITIONS: readonly [string, SecureMeshProps][] = [
  ['generated 60-workload mesh', meshFile({ workloads: 60, namespaces: 8 }).spec as SecureMeshProps],
  ['every kind of caller', smallMesh({
    namespaces: [{ name: 'shop', labels: { team: 'a' } }, { name: 'pay', isolation: 'namespace' }, { name: 'legacy', managed: false, sidecarInjection: false }, { name: 'monitoring', managed: false }],
    workloads: [
      { name: 'web', namespace: 'shop', ports: [{ name: 'http', port: 8080 }], selector: { app: 'web', tier: 'front' } },
      { name: 'node-agent', namespace: 'shop', hostNetwork: true, ports: [{ port: 9100 }] },
      {
        name: 'api', namespace: 'pay', ports: [{ name: 'http', port: 9000 }], tls: { env: TlsEnv.sentinel(), extraDnsNames: ['api.example.com'] },
        ingress: [
          { from: [Peer.workload('web', 'shop'), Peer.workload('node-agent', 'shop')], paths: ['/api/*'], methods: ['GET', 'POST'] },
          { from: Peer.namespace('legacy'), ports: ['http'] },
          { from: Peer.cidr('10.0.0.0/8', ['10.1.0.0/16']) },
          { from: [Peer.system('prometheus'), Peer.system('istio-ingressgateway'), Peer.system('knative-serving')] },
        ],
        egress: [{ to: Peer.cidr('203.0.113.0/24'), ports: [443] }, { to: { namespace: 'legacy' } }],
      },
    ],
    monitoring: {},
    pki: { trustBundle: { additionalCertificates: [PEM] }, rotation: { phase: 'trust-both', newRoot: { type: 'selfSigned', commonName: 'mesh root CA 2' } } },
  })],
  ['vault root, no Istio', smallMesh({ istio: false, pki: { root: RootOfTrust.vault({ server: 'https://vault:8200', path: 'pki_int/sign/mesh', auth: { role: 'mesh' }, caSecretName: 'vault-ca' }) } })],
];

describe('resolveMesh returns deeply frozen data', () => {
  test.each(DEFINITIONS)('%s: every object and array of the result is frozen', (_name, definition) => {
    const mesh = resolveMesh(definition);
    expect(mesh.workloads.length).toBeGreaterThan(0);
    expect(unfrozen(mesh)).toEqual([]);
  });

  test('the definitions reach warnings, TLS env names, CIDR exceptions and system callers', () => {
    const mesh = resolveMesh(DEFINITIONS[1][1]);
    expect(mesh.warnings.length).toBeGreaterThan(0);
    const api = mesh.workloads.find((w) => w.name === 'api')!;
    expect(api.tls?.env).toEqual(TlsEnv.sentinel());
    expect(api.ingress.flatMap((r) => r.from).map((p) => p.kind).sort()).toEqual(['cidr', 'namespace', 'system', 'system', 'system', 'workload', 'workload']);
    expect(api.egress.map((r) => r.to.kind)).toEqual(['cidr', 'namespace']);
  });

  test('the result references its own copy of the definition, frozen; the caller\'s objects are never frozen (model/snapshot.ts)', () => {
    const definition = smallMesh({ namespaces: [{ name: 'shop', labels: { team: 'a' } }, { name: 'pay' }, { name: 'legacy', managed: false }] });
    const broken: SecureMeshProps = { ...definition, workloads: [...definition.workloads!, { name: 'Bad_Name', namespace: 'shop' }] };
    expect(() => resolveMesh(broken)).toThrow(SecureMeshError);
    expect(Object.isFrozen(definition.namespaces![0].labels)).toBe(false);
    const mesh = resolveMesh(definition);
    expect(mesh.namespaces[0].labels).toEqual(definition.namespaces![0].labels);
    expect(mesh.namespaces[0].labels).not.toBe(definition.namespaces![0].labels);
    expect(Object.isFrozen(mesh.namespaces[0].labels)).toBe(true);
    expect(Object.isFrozen(definition.namespaces![0].labels)).toBe(false);
  });

  test('rules naming the same caller share one frozen peer object', () => {
    const mesh = resolveMesh(DEFINITIONS[0][1]);
    const peers = mesh.workloads.flatMap((w) => w.ingress.flatMap((r) => r.from)).filter((p) => p.kind === 'workload');
    const distinct = new Set(peers);
    const callers = new Set(peers.map((p) => (p.kind === 'workload' ? `${p.namespace}/${p.name}` : '')));
    expect(distinct.size).toBe(callers.size);
    expect(peers.length).toBeGreaterThan(distinct.size);
  });
});
