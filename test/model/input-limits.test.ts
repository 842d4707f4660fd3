/**
 * Values accepted on main that must be refused with the field path: control and bidirectional characters in any
 * string (HTTP paths above all: they reach AuthorizationPolicies), a Vault `server` that is more than one http(s)
 * URL, and DNS names over DNS's limits once the cluster domain is added.
 */
import { Peer, resolveMesh, SecureMeshError, synthesizeMesh, validateObjects, type SecureMeshProps } from '../../lib';
import { checkedSpec, MeshFileProblemsError, parseMeshFile } from '../../lib/model/mesh-file-loader';
import { smallMesh } from '../helpers/definitions';

function problemsOf(props: unknown): { path: string; message: string }[] {
  try {
    resolveMesh(props);
  } catch (error) {
    if (error instanceof SecureMeshError) return [...error.problems];
    throw error;
  }
  return [];
}

const withPath = (path: string): SecureMeshProps =>
  smallMesh({
    workloads: [
      { name: 'web', namespace: 'shop', ports: [{ name: 'http', port: 8080 }] },
      { name: 'api', namespace: 'shop', ports: [{ name: 'http', port: 9000 }], ingress: [{ from: Peer.workload('web'), paths: [path] }] },
    ],
  });

describe('control and bidirectional characters are refused in every string, with the field path', () => {
  test.each([
    ['NUL', '/admin\u0000/public'],
    ['ESC', '/api/\u001b[2J'],
    ['RIGHT-TO-LEFT OVERRIDE', '/api/\u202e/nimda'],
    ['RIGHT-TO-LEFT ISOLATE', '/api/\u2067x'],
    ['a newline', '/api\n/admin'],
    ['DEL', '/api\u007f'],
  ])('%s in an HTTP path', (name, path) => {
    const problems = problemsOf(withPath(path));
    expect(problems).toEqual([{ path: 'workloads[1].ingress[0].paths[0]', message: expect.stringContaining(name) }]);
    expect(() => synthesizeMesh(withPath(path))).toThrow(SecureMeshError);
  });

  test('in other strings too: a certificate common name, a mount path', () => {
    const problems = problemsOf(smallMesh({
      pki: { root: { type: 'selfSigned', commonName: 'root \u001b]0;pwned\u0007' } },
      workloads: [{ name: 'web', namespace: 'shop', ports: [{ name: 'http', port: 80 }], tls: { mountPath: '/etc/tls\n/x' } }],
    }));
    expect(problems.map((p) => p.path)).toEqual(['pki.root.commonName', 'workloads[0].tls.mountPath']);
  });

  test('PEM certificates keep their newlines, not a bidirectional override', () => {
    const pem = ['-----BEGIN CERTIFICATE-----', 'MIIB', '-----END CERTIFICATE-----'].join('\n');
    expect(problemsOf(smallMesh({ pki: { trustBundle: { additionalCertificates: [pem] } } }))).toEqual([]);
    expect(problemsOf(smallMesh({ pki: { trustBundle: { additionalCertificates: [`${pem}\u202e`] } } })).map((p) => p.path)).toEqual(['pki.trustBundle.additionalCertificates[0]']);
  });

  test('in a mesh file: located at the field, file:line', () => {
    const text = 'apiVersion: secure-mesh.io/v1alpha1\nkind: SecureMesh\nspec:\n  namespaces: [{name: shop}]\n  workloads:\n    - name: api\n      namespace: shop\n      ports: [{name: http, port: 80}]\n      ingress:\n        - from: {namespace: shop}\n          paths: ["/api/\\u202e/x"]\n';
    const loaded = parseMeshFile(text, 'mesh.yaml');
    let error: unknown;
    try {
      checkedSpec(loaded, resolveMesh);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(MeshFileProblemsError);
    expect((error as Error).message).toContain('mesh.yaml:11:19: spec.workloads[0].ingress[0].paths[0]: holds a bidirectional formatting character, U+202E (RIGHT-TO-LEFT OVERRIDE)');
  });
});

describe("a Vault server is one absolute http(s) URL", () => {
  const vault = (server: string) => smallMesh({ pki: { root: { type: 'vault', server, path: 'pki_int/sign/mesh', auth: { role: 'mesh' }, caSecretName: 'vault-ca' } } });
  test.each([
    ['a newline and a second URL', 'https://vault.example.com:8200\nhttps://evil.example.com'],
    ['a space and a second URL', 'https://vault.example.com:8200 https://evil.example.com'],
    ['credentials', 'https://root:token@vault.example.com:8200'],
    ['another scheme', 'ftp://vault.example.com'],
    ['a fragment', 'https://vault.example.com:8200#x'],
  ])('%s is refused', (_name, server) => {
    expect(problemsOf(vault(server)).map((p) => p.path)).toEqual(['pki.root.server']);
  });

  test('a plain URL is accepted', () => {
    expect(problemsOf(vault('https://vault.example.com:8200'))).toEqual([]);
    expect(problemsOf(vault('http://vault.vault.svc:8200/'))).toEqual([]);
  });
});

describe('DNS names stay within 253 characters (63 per label) once the cluster domain is added', () => {
  const domain = (n: number) => Array.from({ length: Math.ceil(n / 50) }, (_, i) => `d${i}`.padEnd(49, 'x')).join('.').slice(0, n).replace(/\.$/, 'x');

  test('a Service name with the cluster domain', () => {
    const clusterDomain = domain(245); // valid alone (a DNS-1123 subdomain of 245 characters)
    const problems = problemsOf(smallMesh({ clusterDomain }));
    expect(problems.map((p) => p.path)).toEqual(expect.arrayContaining(['workloads[0].name', 'workloads[2].name', 'namespaces[0].name']));
    expect(problems.find((p) => p.path === 'workloads[0].name')!.message).toMatch(/is 2\d\d characters: a DNS name is at most 253/);
  });

  test('a cluster domain or extra DNS name with a label over 63 characters', () => {
    expect(problemsOf(smallMesh({ clusterDomain: `${'a'.repeat(64)}.local` })).map((p) => p.path)).toEqual(['clusterDomain']);
    const problems = problemsOf(smallMesh({ workloads: [{ name: 'web', namespace: 'shop', ports: [{ name: 'http', port: 80 }], tls: { extraDnsNames: [`${'a'.repeat(64)}.example.com`] } }] }));
    expect(problems.map((p) => p.path)).toEqual(['workloads[0].tls.extraDnsNames[0]']);
  });

  test('names within the limits are accepted', () => {
    expect(problemsOf(smallMesh({ clusterDomain: domain(150) }))).toEqual([]);
  });
});

test('names at their longest (63-character namespaces, workloads, service accounts; a 40-character mesh name) emit objects Kubernetes accepts', () => {
  const long = (p: string) => `${p}-${'x'.repeat(63)}`.slice(0, 63);
  const { objects } = synthesizeMesh({
    name: 'm'.repeat(40),
    namespaces: [{ name: long('ns') }, { name: long('other') }],
    workloads: [
      { name: long('wl'), namespace: long('ns'), serviceAccount: long('sa'), ports: [{ name: 'http', port: 80 }], tls: {}, ingress: [{ from: Peer.workload(long('caller'), long('other')) }] },
      { name: long('caller'), namespace: long('other'), ports: [{ name: 'http', port: 80 }] },
    ],
    pki: { intermediate: { commonName: 'int' }, rotation: { phase: 'trust-both', newRoot: { type: 'selfSigned', commonName: 'x' }, suffix: 'bbbbbbbb' } },
    monitoring: { certificateAlerts: {} },
  });
  expect(validateObjects(objects)).toEqual([]);
});

test('a cluster domain over 253 characters is reported once', () => {
  const problems = problemsOf(smallMesh({ clusterDomain: `${'a.'.repeat(127)}b` }));
  expect(problems.filter((p) => p.path === 'clusterDomain')).toHaveLength(1);
  expect(problems.map((p) => p.path)).toEqual(['clusterDomain']);
});
