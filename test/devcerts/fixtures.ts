import type { SecureMeshProps } from '../../lib/model/definition';

/** A definition with one TLS workload per key flavour, and one workload without TLS. */
export const DEV_MESH: SecureMeshProps = {
  name: 'dev',
  namespaces: [{ name: 'sentinel-system' }, { name: 'modelmesh-serving' }],
  workloads: [
    { name: 'control-api', namespace: 'sentinel-system', ports: [{ name: 'https', port: 8000 }], tls: { duration: '720h', renewBefore: '240h' } },
    { name: 'pipeline-controller', namespace: 'sentinel-system', tls: { privateKey: { algorithm: 'RSA', size: 2048, encoding: 'PKCS1' } } },
    { name: 'modelmesh-serving', namespace: 'modelmesh-serving', serviceAccount: 'modelmesh', tls: { privateKey: { algorithm: 'RSA', size: 2048, encoding: 'PKCS8' } } },
    { name: 'edge', namespace: 'sentinel-system', tls: { privateKey: { algorithm: 'Ed25519' } } },
    { name: 'worker', namespace: 'sentinel-system' },
  ],
};
