import { issueCertificate, issueMeshCertificates, type LocalMeshCertificates } from '../../lib/devcerts';
import { resolveMesh } from '../../lib/model/resolve';
import { DEV_MESH } from './fixtures';
import { mutualTlsHandshake, type TlsIdentity } from './handshake';

/** Real mutual TLS handshakes (node:tls on 127.0.0.1) with locally issued certificates. */
let certs: LocalMeshCertificates;
const identity = (workload: string): TlsIdentity => {
  const leaf = certs.leaves.find((l) => l.workload === workload);
  if (!leaf) throw new Error(`no leaf for ${workload}`);
  return { cert: leaf.certificate.tlsCrt, key: leaf.certificate.tlsKey, ca: leaf.certificate.caCrt };
};

beforeAll(async () => {
  certs = await issueMeshCertificates(resolveMesh(DEV_MESH));
});

test.each([
  ['sentinel-system/control-api', 'sentinel-system/pipeline-controller', 'control-api.sentinel-system.svc'],
  ['sentinel-system/pipeline-controller', 'sentinel-system/control-api', 'pipeline-controller.sentinel-system.svc.cluster.local'],
  ['modelmesh-serving/modelmesh-serving', 'sentinel-system/control-api', 'modelmesh-serving.modelmesh-serving'],
  ['sentinel-system/edge', 'modelmesh-serving/modelmesh-serving', 'edge'],
])('declared identities complete mutual TLS: %s serves %s as %s', async (server, client, servername) => {
  expect(await mutualTlsHandshake(identity(server), identity(client), servername)).toEqual({ ok: true });
});

test('a client certificate from another CA is rejected by the server', async () => {
  const key = { algorithm: 'ECDSA', size: 256, encoding: 'PKCS8', rotationPolicy: 'Always' } as const;
  const now = new Date();
  const otherRoot = await issueCertificate({ commonName: 'dev root CA', isCA: true, pathLength: 0, durationSeconds: 3600, privateKey: key, now });
  const intruder = await issueCertificate({ isCA: false, dnsNames: ['pipeline-controller'], uris: ['spiffe://cluster.local/ns/sentinel-system/sa/pipeline-controller'],
    durationSeconds: 3600, privateKey: key, now }, otherRoot);
  // It trusts the mesh root, so only the server's verification can fail.
  const result = await mutualTlsHandshake(identity('sentinel-system/control-api'), { cert: intruder.tlsCrt, key: intruder.tlsKey, ca: certs.root.caCrt }, 'control-api');
  expect(result.ok).toBe(false);
  expect(result.serverError).toMatch(/UNABLE_TO_GET_ISSUER_CERT|UNABLE_TO_VERIFY_LEAF_SIGNATURE|SELF_SIGNED/);
});

test('a server certificate is rejected for a host name outside its SANs', async () => {
  const result = await mutualTlsHandshake(identity('sentinel-system/control-api'), identity('sentinel-system/pipeline-controller'), 'pipeline-controller.sentinel-system');
  expect(result.ok).toBe(false);
  expect(result.clientError).toMatch(/Hostname\/IP does not match certificate's altnames/);
});
