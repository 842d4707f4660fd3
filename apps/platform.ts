/**
 * A realistic platform, secured from one definition: a storefront calling orders and payments,
 * a namespace of models served the KServe way, a legacy namespace outside the mesh, and monitoring.
 * `npm run synth` writes it to `dist/platform.k8s.yaml`.
 */
import { Chart } from 'cdk8s';
import type { Construct } from 'constructs';
import { Peer, RootOfTrust, SecureMesh, TlsEnv, type SecureMeshProps } from '../lib';

export const platformDefinition: SecureMeshProps = {
  name: 'platform',
  trustDomain: 'cluster.local',
  pki: {
    root: RootOfTrust.selfSigned({ commonName: 'platform root CA' }),
    intermediate: true,
  },
  istio: { rootNamespace: 'istio-system', mtls: 'STRICT' },
  namespaces: [
    { name: 'storefront' },
    { name: 'orders' },
    { name: 'payments' },
    { name: 'models', isolation: 'namespace' },
    { name: 'legacy', managed: false, sidecarInjection: false },
    { name: 'knative-serving', managed: false, sidecarInjection: true },
    { name: 'monitoring', managed: false },
  ],
  workloads: [
    {
      name: 'web', namespace: 'storefront',
      ports: [{ name: 'http', port: 8080 }],
      ingress: [{ from: Peer.system('istio-ingressgateway'), ports: [8080] }],
    },
    {
      name: 'catalog', namespace: 'storefront',
      ports: [{ name: 'http', port: 8080 }],
      ingress: [{ from: Peer.workload('web'), methods: ['GET'] }],
    },
    {
      name: 'orders', namespace: 'orders',
      ports: [{ name: 'http', port: 8080 }, { name: 'http-admin', port: 9090 }],
      ingress: [
        { from: Peer.workload('web', 'storefront'), ports: [8080], paths: ['/orders', '/orders/*'], methods: ['GET', 'POST'] },
        { from: Peer.namespace('legacy'), ports: [8080], paths: ['/orders/*'], methods: ['GET'] },
        { from: Peer.system('prometheus'), ports: ['http-admin'], paths: ['/metrics'] },
      ],
    },
    {
      name: 'billing-worker', namespace: 'orders',
      ports: [{ name: 'grpc', port: 9000 }],
      ingress: [{ from: Peer.workload('orders'), ports: [9000] }],
    },
    {
      // Terminates TLS itself (app-level mutual TLS, certificate from the mesh PKI).
      name: 'payments', namespace: 'payments',
      ports: [{ name: 'https', port: 8443 }],
      tls: { mountPath: '/etc/payments/certs', env: TlsEnv.sentinel(), privateKey: { algorithm: 'RSA', size: 2048 } },
      ingress: [{ from: [Peer.workload('orders', 'orders'), Peer.workload('billing-worker', 'orders')], ports: [8443] }],
      egress: [{ to: Peer.cidr('203.0.113.0/24'), ports: [443] }],
    },
    {
      name: 'sklearn-iris-predictor', namespace: 'models',
      selector: { 'serving.knative.dev/service': 'sklearn-iris-predictor' },
      ports: [{ name: 'http', port: 8080 }],
      ingress: [
        { from: Peer.system('knative-serving'), paths: ['/metrics', '/healthz', '/ready', '/wait-for-drain'] },
        { from: Peer.workload('web', 'storefront'), paths: ['/v1/models/*'], methods: ['POST'] },
      ],
    },
  ],
  monitoring: { prometheus: { namespace: 'monitoring' }, certificateAlerts: { expiringWithin: '168h' } },
};

export class PlatformChart extends Chart {
  public constructor(scope: Construct, id = 'platform') {
    super(scope, id, { disableResourceNameHashes: true });
    new SecureMesh(this, 'mesh', platformDefinition);
  }
}
