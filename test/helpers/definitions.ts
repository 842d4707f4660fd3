import type { SecureMeshProps } from '../../lib';
import { Peer } from '../../lib';

/** A small mesh: two namespaces, three workloads calling each other, used across emitter tests. */
export function smallMesh(overrides: Partial<SecureMeshProps> = {}): SecureMeshProps {
  return {
    namespaces: [{ name: 'shop' }, { name: 'pay' }, { name: 'legacy', managed: false }],
    workloads: [
      { name: 'web', namespace: 'shop', ports: [{ name: 'http', port: 8080 }] },
      {
        name: 'api', namespace: 'shop', ports: [{ name: 'http', port: 9000 }, { name: 'tcp-admin', port: 9100 }],
        ingress: [{ from: Peer.workload('web'), ports: [9000], paths: ['/api/*'], methods: ['GET'] }],
      },
      {
        name: 'billing', namespace: 'pay', serviceAccount: 'billing-sa', ports: [{ name: 'grpc', port: 7000 }],
        tls: { mountPath: '/etc/tls' },
        ingress: [{ from: Peer.workload('api', 'shop') }, { from: Peer.namespace('legacy'), ports: [7000] }],
      },
    ],
    ...overrides,
  };
}
