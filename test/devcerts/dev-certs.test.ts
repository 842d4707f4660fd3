import { execFileSync } from 'node:child_process';
import { X509Certificate, createPrivateKey } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { writeDevCertificates, type DevCertsResult } from '../../lib/devcerts';
import { SecureMeshError } from '../../lib/model/errors';
import { DEV_MESH } from './fixtures';

/** `^-----BEGIN <label>-----` built at run time, so no key-like header text sits in the repository. */
function pemHeader(label: string): RegExp {
  return new RegExp(`^-{5}BEGIN ${label}-{5}\\n`);
}

/** openssl is on PATH here (/usr/bin/openssl); elsewhere the openssl tests are skipped with a logged reason. */
const HAS_OPENSSL = (() => {
  try {
    execFileSync('openssl', ['version'], { stdio: 'ignore' });
    return true;
  } catch {
    console.warn('openssl is not on PATH: skipping the tests that run it');
    return false;
  }
})();
const withOpenssl = HAS_OPENSSL ? test : test.skip;

const NOW = new Date('2030-01-01T12:00:00Z');
let out: string;
let result: DevCertsResult;
const tmpDirs: string[] = [];

function tmpDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'secure-mesh-devcerts-'));
  tmpDirs.push(dir);
  return dir;
}
const read = (rel: string) => fs.readFileSync(path.join(out, rel), 'utf8');
const pemCerts = (pem: string): string[] => pem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
const x509Of = (rel: string, index = 0) => new X509Certificate(pemCerts(read(rel))[index]);

beforeAll(async () => {
  out = path.join(tmpDir(), 'certs');
  result = await writeDevCertificates(DEV_MESH, out, { now: NOW });
});
afterAll(() => {
  for (const dir of tmpDirs) fs.rmSync(dir, { recursive: true, force: true });
});

describe('layout', () => {
  test('CA files, then tls.crt / tls.key / ca.crt per TLS workload, in definition order', () => {
    expect(result.workloads).toEqual(['sentinel-system/control-api', 'sentinel-system/pipeline-controller', 'modelmesh-serving/modelmesh-serving', 'sentinel-system/edge']);
    expect(result.files.slice(0, 3)).toEqual([
      { path: 'ca/root.crt', kind: 'ca-cert' }, { path: 'ca/intermediate.crt', kind: 'ca-cert' }, { path: 'ca/ca-bundle.crt', kind: 'bundle' },
    ]);
    expect(result.files.slice(3, 6)).toEqual([
      { path: 'sentinel-system/control-api/tls.crt', kind: 'cert', workload: 'sentinel-system/control-api' },
      { path: 'sentinel-system/control-api/tls.key', kind: 'key', workload: 'sentinel-system/control-api' },
      { path: 'sentinel-system/control-api/ca.crt', kind: 'ca-cert', workload: 'sentinel-system/control-api' },
    ]);
    expect(result.files).toHaveLength(3 + 4 * 3);
    for (const f of result.files) expect(fs.existsSync(path.join(out, f.path))).toBe(true);
  });

  test('private keys are 0600, certificates 0644', () => {
    for (const f of result.files) {
      const mode = fs.statSync(path.join(out, f.path)).mode & 0o777;
      expect([f.path, mode]).toEqual([f.path, f.kind === 'key' ? 0o600 : 0o644]);
    }
  });

  test('the structure is deterministic; the key material is not', async () => {
    const again = path.join(tmpDir(), 'certs');
    const second = await writeDevCertificates(DEV_MESH, again, { now: NOW });
    expect(second).toEqual(result);
    expect(fs.readFileSync(path.join(again, 'ca/root.crt'), 'utf8')).not.toEqual(read('ca/root.crt'));
  });

  test('includeAllWorkloads issues a leaf for workloads without tls, with the Service names as SANs', async () => {
    const dir = path.join(tmpDir(), 'all');
    const all = await writeDevCertificates(DEV_MESH, dir, { now: NOW, includeAllWorkloads: true });
    expect(all.workloads).toContain('sentinel-system/worker');
    const leaf = new X509Certificate(pemCerts(fs.readFileSync(path.join(dir, 'sentinel-system/worker/tls.crt'), 'utf8'))[0]);
    expect(leaf.subjectAltName).toBe('DNS:worker, DNS:worker.sentinel-system, DNS:worker.sentinel-system.svc, DNS:worker.sentinel-system.svc.cluster.local, URI:spiffe://cluster.local/ns/sentinel-system/sa/worker');
  });
});

describe('what cert-manager would issue', () => {
  test('tls.crt is leaf + intermediate, ca.crt and ca-bundle.crt are the root', () => {
    const chain = pemCerts(read('sentinel-system/control-api/tls.crt'));
    expect(chain).toHaveLength(2);
    expect(chain[1]).toBe(pemCerts(read('ca/intermediate.crt'))[0]);
    expect(read('sentinel-system/control-api/ca.crt')).toBe(read('ca/root.crt'));
    expect(read('ca/ca-bundle.crt')).toBe(read('ca/root.crt'));
    const leaf = new X509Certificate(chain[0]);
    const intermediate = x509Of('ca/intermediate.crt');
    const root = x509Of('ca/root.crt');
    expect(leaf.checkIssued(intermediate)).toBe(true);
    expect(leaf.verify(intermediate.publicKey)).toBe(true);
    expect(intermediate.verify(root.publicKey)).toBe(true);
    expect(root.verify(root.publicKey)).toBe(true);
  });

  test('SANs, common name and SPIFFE URI as lib/pki/workload-certificate.ts emits them', () => {
    const leaf = x509Of('modelmesh-serving/modelmesh-serving/tls.crt');
    expect(leaf.subjectAltName).toBe('DNS:modelmesh-serving, DNS:modelmesh-serving.modelmesh-serving, DNS:modelmesh-serving.modelmesh-serving.svc, '
      + 'DNS:modelmesh-serving.modelmesh-serving.svc.cluster.local, URI:spiffe://cluster.local/ns/modelmesh-serving/sa/modelmesh');
    expect(leaf.subject).toBe('CN=modelmesh-serving.modelmesh-serving.svc.cluster.local');
    expect(x509Of('ca/root.crt').subject).toBe('CN=dev root CA');
    expect(x509Of('ca/intermediate.crt').subject).toBe('CN=dev intermediate CA');
  });

  test('algorithms and key encodings follow the definition', () => {
    const keyOf = (w: string) => read(`${w}/tls.key`);
    expect(keyOf('sentinel-system/control-api')).toMatch(pemHeader('PRIVATE KEY'));
    expect(x509Of('sentinel-system/control-api/tls.crt').publicKey.asymmetricKeyDetails).toEqual({ namedCurve: 'prime256v1' });
    expect(keyOf('sentinel-system/pipeline-controller')).toMatch(pemHeader('RSA PRIVATE KEY'));
    expect(createPrivateKey(keyOf('sentinel-system/pipeline-controller')).asymmetricKeyDetails?.modulusLength).toBe(2048);
    expect(keyOf('sentinel-system/edge')).toMatch(pemHeader('PRIVATE KEY'));
    expect(x509Of('sentinel-system/edge/tls.crt').publicKey.asymmetricKeyType).toBe('ed25519');
    // The default root key: ECDSA P-384.
    expect(x509Of('ca/root.crt').publicKey.asymmetricKeyDetails).toEqual({ namedCurve: 'secp384r1' });
  });

  test('ModelMesh-style leaves (PKCS8 requested) load as PKCS8', () => {
    const pem = read('modelmesh-serving/modelmesh-serving/tls.key');
    expect(pem).toMatch(pemHeader('PRIVATE KEY'));
    const key = createPrivateKey({ key: pem, format: 'pem', type: 'pkcs8' });
    expect(key.asymmetricKeyType).toBe('rsa');
    // The key belongs to the certificate.
    expect(x509Of('modelmesh-serving/modelmesh-serving/tls.crt').checkPrivateKey(key)).toBe(true);
  });

  test('lifetimes come from the definition, valid from five minutes before issuing', () => {
    const leaf = x509Of('sentinel-system/control-api/tls.crt');
    expect(new Date(leaf.validFrom).getTime()).toBe(NOW.getTime() - 5 * 60_000);
    expect(new Date(leaf.validTo).getTime()).toBe(NOW.getTime() + 720 * 3600_000);
    expect(new Date(x509Of('sentinel-system/pipeline-controller/tls.crt').validTo).getTime()).toBe(NOW.getTime() + 2160 * 3600_000);
    expect(new Date(x509Of('ca/intermediate.crt').validTo).getTime()).toBe(NOW.getTime() + 8760 * 3600_000);
    expect(new Date(x509Of('ca/root.crt').validTo).getTime()).toBe(NOW.getTime() + 87600 * 3600_000);
  });

  withOpenssl('RFC 5280: CA constraints, key usages, EKUs, key identifiers, positive unique serials', () => {
    const text = (rel: string) => execFileSync('openssl', ['x509', '-noout', '-text', '-in', path.join(out, rel)], { encoding: 'utf8' });
    const root = text('ca/root.crt');
    expect(root).toMatch(/Basic Constraints: critical\s+CA:TRUE, pathlen:1/);
    expect(root).toMatch(/Key Usage: critical\s+Digital Signature, Certificate Sign, CRL Sign/);
    expect(root).toMatch(/Subject Key Identifier/);
    const intermediate = text('ca/intermediate.crt');
    expect(intermediate).toMatch(/Basic Constraints: critical\s+CA:TRUE, pathlen:0/);
    expect(intermediate).toMatch(/Authority Key Identifier/);
    const rsaLeaf = text('sentinel-system/pipeline-controller/tls.crt');
    expect(rsaLeaf).toMatch(/Basic Constraints: critical\s+CA:FALSE/);
    expect(rsaLeaf).toMatch(/Key Usage: critical\s+Digital Signature, Key Encipherment\n/);
    expect(rsaLeaf).toMatch(/Extended Key Usage:\s+TLS Web Server Authentication, TLS Web Client Authentication/);
    expect(text('sentinel-system/control-api/tls.crt')).toMatch(/Key Usage: critical\s+Digital Signature\n/);
    const serials = result.files.filter((f) => f.kind === 'cert' || f.path === 'ca/root.crt' || f.path === 'ca/intermediate.crt')
      .map((f) => x509Of(f.path).serialNumber);
    expect(new Set(serials).size).toBe(serials.length);
    for (const s of serials) expect(parseInt(s.slice(0, 2), 16)).toBeLessThan(0x80);
  });
});

describe('openssl accepts the chain', () => {
  withOpenssl('openssl verify -x509_strict with the root as CA file and the intermediate as untrusted', () => {
    for (const workload of result.workloads) {
      const dir = path.join(out, ...workload.split('/'));
      // The leaf alone (first certificate of tls.crt), so the intermediate must come from -untrusted.
      const leafFile = path.join(dir, 'leaf.pem');
      fs.writeFileSync(leafFile, pemCerts(fs.readFileSync(path.join(dir, 'tls.crt'), 'utf8'))[0]);
      const output = execFileSync('openssl', ['verify', '-x509_strict', '-purpose', 'sslserver', '-attime', String(NOW.getTime() / 1000), '-CAfile', path.join(dir, 'ca.crt'),
        '-untrusted', path.join(out, 'ca/intermediate.crt'), leafFile], { encoding: 'utf8' });
      expect(output.trim()).toBe(`${leafFile}: OK`);
      fs.rmSync(leafFile);
    }
  });
});

describe('bad input', () => {
  test('an invalid definition raises one SecureMeshError naming the field, and writes nothing', async () => {
    const dir = path.join(tmpDir(), 'nothing');
    const bad = { ...DEV_MESH, workloads: [{ name: 'x', namespace: 'nope', tls: {} }] };
    await expect(writeDevCertificates(bad, dir)).rejects.toThrow(SecureMeshError);
    await expect(writeDevCertificates(bad, dir)).rejects.toThrow(/workloads\[0\]\.namespace: unknown namespace "nope"/);
    expect(fs.existsSync(dir)).toBe(false);
  });

  test('an output path that is a file is refused before anything is issued', async () => {
    const file = path.join(tmpDir(), 'file');
    fs.writeFileSync(file, '');
    await expect(writeDevCertificates(DEV_MESH, file)).rejects.toThrow(/outDir: .* is not a directory/);
  });
});
