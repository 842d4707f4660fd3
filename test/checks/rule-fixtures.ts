/**
 * One compliant and one (or more) non-compliant fixture per rule, as plain objects. The harness in rules.test.ts runs
 * the whole pack on each: non-compliant must raise the rule, compliant must not.
 */
import type { K8sObject } from '../../lib/k8s-object';
import {
  ap, caIssuer, cert, deployment, dr, gw, issuer, leaf, meshedNs, mounting, np, ns, obj, pa, rootCa, selfSigned, service, strict,
} from './helpers';
import { PITFALL_FIXTURES } from './pitfall-fixtures';
import { SHAPE_FIXTURES } from './shape-fixtures';

export interface RuleFixture {
  readonly compliant: readonly K8sObject[];
  readonly nonCompliant: readonly (readonly K8sObject[])[];
}

function withAnnotations(o: K8sObject, annotations: Record<string, string>): K8sObject {
  return { ...o, metadata: { ...o.metadata, annotations } };
}

/** A policy as the mesh emits it for a declared workload (lib/mesh/metadata.ts). */
const forWorkload = (o: K8sObject, workload: string): K8sObject => ({ ...o, metadata: { ...o.metadata, annotations: { 'secure-mesh.io/workload': workload } } });
const knativePods = deployment('iris', 'models', { labels: { 'serving.knative.dev/service': 'iris' } });
const dnsAndIstiod = [
  { to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } } }], ports: [{ port: 53, protocol: 'UDP' }, { port: 53, protocol: 'TCP' }] },
  { to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'istio-system' } } }], ports: [{ port: 15012, protocol: 'TCP' }] },
];

export const RULE_FIXTURES: Readonly<Record<string, RuleFixture>> = {
  'SM-IS-006': {
    compliant: [meshedNs('shop'), strict('shop'), deployment('web', 'shop', { spec: { containers: [{ name: 'web', image: 'x', readinessProbe: { httpGet: { path: '/ready', port: 8080 } } }] } })],
    nonCompliant: [[meshedNs('shop'), strict('shop'), deployment('web', 'shop', { annotations: { 'sidecar.istio.io/rewriteAppHTTPProbers': 'false' }, spec: { containers: [{ name: 'web', image: 'x', readinessProbe: { httpGet: { path: '/ready', port: 8080 } } }] } })]],
  },
  'SM-IS-008a': {
    compliant: [pa('web', 'shop', { selector: { matchLabels: { app: 'web' } }, portLevelMtls: { 8080: { mode: 'PERMISSIVE' } } })],
    nonCompliant: [[pa('default', 'shop', { mtls: { mode: 'STRICT' }, portLevelMtls: { 8080: { mode: 'PERMISSIVE' } } })]],
  },
  'SM-IS-009': {
    compliant: [strict('shop'), dr('web', 'shop', { host: 'web.shop.svc.cluster.local', trafficPolicy: { tls: { mode: 'ISTIO_MUTUAL' } } }), dr('lb', 'shop', { host: 'api', trafficPolicy: { loadBalancer: { simple: 'ROUND_ROBIN' } } })],
    nonCompliant: [
      [strict('shop'), dr('web', 'shop', { host: 'web.shop.svc.cluster.local', trafficPolicy: { tls: { mode: 'DISABLE' } } })],
      [strict('istio-system'), dr('web', 'client', { host: 'web.shop', trafficPolicy: { tls: { sni: 'web' } } })],
      [strict('shop'), dr('web', 'shop', { host: 'web', trafficPolicy: { portLevelSettings: [{ port: { number: 80 }, tls: { mode: 'SIMPLE' } }] } })],
    ],
  },
  'SM-IS-010': {
    compliant: [strict('shop'), ap('deny-legacy', 'shop', { action: 'DENY', rules: [{ from: [{ source: { namespaces: ['legacy'] } }] }] })],
    nonCompliant: [
      [pa('default', 'shop', { mtls: { mode: 'PERMISSIVE' } }), ap('deny-legacy', 'shop', { action: 'DENY', rules: [{ from: [{ source: { namespaces: ['legacy'] } }] }] })],
      [strict('shop'), pa('web', 'shop', { selector: { matchLabels: { app: 'web' } }, portLevelMtls: { 8080: { mode: 'PERMISSIVE' } } }),
        ap('deny', 'shop', { action: 'DENY', selector: { matchLabels: { app: 'web' } }, rules: [{ from: [{ source: { principals: ['cluster.local/ns/x/sa/y'] } }] }] })],
    ],
  },
  'SM-IS-022': {
    compliant: [gw('public', 'shop', { selector: { istio: 'ingressgateway' }, servers: [{ port: { number: 443, name: 'https', protocol: 'HTTPS' }, hosts: ['*'], tls: { mode: 'SIMPLE', credentialName: 'shop-tls' } }] }), leaf('shop-tls', 'istio-system')],
    nonCompliant: [[gw('public', 'shop', { selector: { istio: 'ingressgateway' }, servers: [{ port: { number: 443, name: 'https', protocol: 'HTTPS' }, hosts: ['*'], tls: { mode: 'SIMPLE', credentialName: 'shop-tls' } }] }), leaf('shop-tls', 'shop')]],
  },
  'SM-IS-024': {
    compliant: [meshedNs('shop'), deployment('web', 'shop', {}), dr('all', 'shop', { host: '*.shop.svc.cluster.local', trafficPolicy: { tls: { mode: 'ISTIO_MUTUAL' } } })],
    nonCompliant: [
      [meshedNs('shop'), deployment('etcd', 'shop', { labels: { app: 'etcd', 'sidecar.istio.io/inject': 'false' } }), dr('all', 'shop', { host: '*.shop.svc.cluster.local', trafficPolicy: { tls: { mode: 'ISTIO_MUTUAL' } } })],
      [ns('legacy'), dr('legacy', 'shop', { host: '*.legacy.svc.cluster.local', trafficPolicy: { tls: { mode: 'ISTIO_MUTUAL' } } })],
      [ns('data'), deployment('etcd', 'data', {}), service('etcd', 'data', { app: 'etcd' }), dr('etcd', 'shop', { host: 'etcd.data.svc.cluster.local', trafficPolicy: { tls: { mode: 'ISTIO_MUTUAL' } } })],
    ],
  },
  'SM-IS-025': {
    compliant: [pa('default', 'istio-system', { mtls: { mode: 'STRICT' } }), pa('web', 'shop', { selector: { matchLabels: { app: 'web' } }, mtls: { mode: 'PERMISSIVE' } })],
    nonCompliant: [[pa('web', 'istio-system', { selector: { matchLabels: { app: 'web' } }, mtls: { mode: 'PERMISSIVE' } })]],
  },
  'SM-IS-026': {
    compliant: [strict('shop'), strict('istio-system')],
    nonCompliant: [[strict('shop'), pa('permissive', 'shop', { mtls: { mode: 'PERMISSIVE' } })], [strict('istio-system'), pa('mesh2', 'istio-system', {})]],
  },
  'SM-IS-101': {
    compliant: [ap('deny-all', 'shop', { action: 'DENY', rules: [{}] }), ap('allow-nothing', 'shop', {}), withAnnotations(ap('dry-nothing', 'shop', {}), { 'istio.io/dry-run': 'True' })],
    nonCompliant: [
      [ap('deny', 'shop', { action: 'DENY' })],
      [ap('empty-from', 'shop', { rules: [{ from: [] }] })],
      [ap('custom', 'shop', { action: 'CUSTOM', rules: [{}] })],
      [ap('when', 'shop', { rules: [{ when: [{ key: 'destination.namespace', values: ['x'] }] }] })],
      [withAnnotations(ap('dry-yes', 'shop', {}), { 'istio.io/dry-run': 'yes' })],
      [withAnnotations(ap('dry-audit', 'shop', { action: 'AUDIT', rules: [{}] }), { 'istio.io/dry-run': 'true' })],
    ],
  },
  'SM-IS-102': {
    compliant: [dr('web', 'shop', { host: 'web', trafficPolicy: { tls: { mode: 'ISTIO_MUTUAL' } } })],
    nonCompliant: [
      [dr('web', 'shop', { host: 'web', trafficPolicy: { tls: { sni: 'web' } } })],
      [dr('web', 'shop', { host: 'web', trafficPolicy: { tls: { mode: 'ISTIO_MUTUAL', credentialName: 'x' } } })],
      [dr('web', 'shop', { host: 'web', exportTo: ['*', '.'] })],
    ],
  },
  'SM-IS-103': {
    compliant: [gw('public', 'istio-system', { selector: { istio: 'ingressgateway' }, servers: [{ port: { number: 443, name: 'https', protocol: 'HTTPS' }, hosts: ['*'], tls: { mode: 'SIMPLE', credentialName: 'tls' } }] })],
    nonCompliant: [
      [gw('public', 'istio-system', { servers: [{ port: { number: 443, name: 'https', protocol: 'HTTPS' }, hosts: ['*'], tls: { credentialName: 'tls' } }] })],
      [gw('public', 'istio-system', { servers: [{ port: { number: 443, name: 'https', protocol: 'HTTPS' }, hosts: ['*'], tls: { mode: 'ISTIO_MUTUAL', credentialName: 'tls' } }] })],
      [gw('public.gw', 'istio-system', { servers: [{ port: { number: 80, name: 'http', protocol: 'HTTP', targetPort: 8080 }, hosts: ['*'] }] })],
    ],
  },
  'SM-IS-104': {
    compliant: [ap('deny-admin', 'shop', { action: 'DENY', rules: [{ to: [{ operation: { paths: ['/admin'], ports: ['8080'] } }] }] })],
    nonCompliant: [[ap('deny-admin', 'shop', { action: 'DENY', rules: [{ to: [{ operation: { paths: ['/admin'] } }] }] })]],
  },
  'SM-IS-105': {
    compliant: [pa('web', 'shop', { selector: { matchLabels: { app: 'web' } }, portLevelMtls: { 8080: { mode: 'DISABLE' } } })],
    nonCompliant: [[pa('web', 'shop', { selector: { matchLabels: { app: 'web' } }, portLevelMtls: { 70000: { mode: 'DISABLE' } } })], [pa('web', 'shop', { selector: { matchLabels: { app: '*' } } })]],
  },
  'SM-KN-002': {
    compliant: [knativePods, ap('allow-same', 'models', { rules: [{ from: [{ source: { namespaces: ['models'] } }] }] }),
      ap('knative', 'models', { selector: { matchLabels: { 'serving.knative.dev/service': 'iris' } }, rules: [{ from: [{ source: { namespaces: ['knative-serving'] } }], to: [{ operation: { paths: ['/healthz', '/ready', '/wait-for-drain', '/metrics'] } }] }] })],
    nonCompliant: [
      [knativePods, ap('allow-same', 'models', { rules: [{ from: [{ source: { namespaces: ['models'] } }] }] })],
      [obj('serving.kserve.io/v1beta1', 'InferenceService', 'iris', 'models', { predictor: {} }), ap('deny-all', 'models', {})],
    ],
  },
  'SM-NP-027': {
    compliant: [meshedNs('shop'), np('default-deny', 'shop', { podSelector: {}, policyTypes: ['Ingress', 'Egress'], egress: dnsAndIstiod })],
    nonCompliant: [[meshedNs('shop'), np('default-deny', 'shop', { podSelector: {}, policyTypes: ['Ingress', 'Egress'] })], [meshedNs('shop'), np('dns-only', 'shop', { podSelector: {}, policyTypes: ['Egress'], egress: [dnsAndIstiod[0]] })]],
  },
  'SM-NP-030': {
    compliant: [
      ns('shop'), forWorkload(np('api', 'shop', { podSelector: { matchLabels: { app: 'api' } }, policyTypes: ['Ingress'] }), 'api'),
      deployment('main-api', 'shop', { labels: { app: 'api' } }),
      // Same name in another namespace, and an unrelated name: not the declared workload.
      deployment('api', 'other', { labels: { app: 'x' } }), deployment('apiserver', 'shop', { labels: { app: 'x' } }),
    ],
    nonCompliant: [
      [ns('shop'), forWorkload(np('api', 'shop', { podSelector: { matchLabels: { app: 'api' } }, policyTypes: ['Ingress'] }), 'api'), deployment('api', 'shop', { labels: { 'cdk8s.io/metadata.addr': 'main-api-c8aa' } })],
      // cdk8s' generated name `<chart>-<id>-<hash>` for an unbound `new Deployment(chart, 'api')`.
      [ns('shop'), forWorkload(ap('api', 'shop', { selector: { matchLabels: { app: 'api' } } }), 'api'), deployment('main-api-c8d1e2f3', 'shop', { labels: { run: 'api' } })],
    ],
  },
  'SM-CM-018': {
    compliant: [leaf('web-tls', 'shop'), mounting('web', 'shop', 'web-tls', { 'secret.reloader.stakater.com/reload': 'web-tls' }), mounting('other', 'shop', 'not-a-cert')],
    nonCompliant: [[leaf('web-tls', 'shop'), mounting('web', 'shop', 'web-tls')]],
  },
  'SM-CM-020': {
    compliant: [leaf('web', 'shop')],
    nonCompliant: [[leaf('web', 'shop', { renewBefore: '2160h' })], [leaf('web', 'shop', { duration: undefined, renewBefore: '2400h' })], [leaf('web', 'shop', { renewBefore: '1m' })], [leaf('web', 'shop', { renewBefore: undefined, renewBeforePercentage: 100 })]],
  },
  'SM-CM-021': {
    compliant: [selfSigned, rootCa, caIssuer, leaf('web', 'shop')],
    nonCompliant: [[selfSigned, leaf('web', 'shop', { issuerRef: { name: 'selfsigned', kind: 'ClusterIssuer', group: 'cert-manager.io' } })]],
  },
  'SM-CM-101': {
    compliant: [leaf('web', 'shop', { duration: '1h', renewBefore: '30m' })],
    nonCompliant: [[leaf('web', 'shop', { duration: '30m', renewBefore: '10m' })], [leaf('web', 'shop', { duration: '90d' })]],
  },
  'SM-CM-102': {
    compliant: [leaf('web', 'shop', { commonName: 'web.shop.svc' })],
    nonCompliant: [[leaf('web', 'shop', { commonName: `${'a'.repeat(60)}.example.com` })]],
  },
  'SM-CM-103': {
    compliant: [leaf('web', 'shop')],
    nonCompliant: [[leaf('web', 'shop', { dnsNames: undefined })]],
  },
  'SM-CM-104': {
    compliant: [rootCa, leaf('web', 'shop', { usages: ['server auth', 'client auth'] })],
    nonCompliant: [[leaf('web', 'shop', { usages: ['cert sign', 'server auth'] })]],
  },
  'SM-CM-105': {
    compliant: [caIssuer, leaf('web', 'shop'), issuer('local', 'shop', { ca: { secretName: 'x' } }), leaf('api', 'shop', { issuerRef: { name: 'local' } })],
    nonCompliant: [[caIssuer, leaf('web', 'shop', { issuerRef: { name: 'ca' } })], [leaf('web', 'shop', { issuerRef: { name: 'ca', kind: 'CAIssuer' } })]],
  },
  'SM-CM-106': {
    compliant: [selfSigned, rootCa, caIssuer, leaf('web', 'shop')],
    nonCompliant: [[selfSigned, cert('root-ca', 'cert-manager', { isCA: true, commonName: 'root', secretName: 'root-ca', duration: '720h', issuerRef: { name: 'selfsigned', kind: 'ClusterIssuer' } }), caIssuer, leaf('web', 'shop', { duration: '2160h' })]],
  },
  'SM-CM-107': {
    compliant: [selfSigned, rootCa, caIssuer],
    nonCompliant: [[selfSigned, cert('root-ca', 'cert-manager', { commonName: 'root', secretName: 'root-ca', issuerRef: { name: 'selfsigned', kind: 'ClusterIssuer' } }), caIssuer]],
  },
  'SM-MM-013': {
    compliant: [leaf('mm-tls', 'models'), obj('v1', 'ConfigMap', 'model-serving-config', 'models', undefined, { data: { 'config.yaml': 'tls:\n  secretName: mm-tls\n  clientAuth: optional\n' } })],
    nonCompliant: [
      [leaf('mm-tls', 'models', { privateKey: { algorithm: 'RSA', size: 2048 } }), obj('v1', 'ConfigMap', 'model-serving-config', 'models', undefined, { data: { 'config.yaml': 'tls:\n  secretName: mm-tls\n' } })],
      [leaf('mm-tls', 'models', { privateKey: { algorithm: 'RSA', size: 2048, encoding: 'PKCS1' } }), mounting('runtime', 'models', 'mm-tls', { 'reloader.stakater.com/auto': 'true' }, [{ name: 'MM_TLS_KEY_CERT_PATH', value: '/opt/kserve/mmesh/tls/tls.crt' }])],
    ],
  },
  'SM-MM-017': {
    compliant: [deployment('rest-proxy', 'models', { spec: { containers: [{ name: 'rest-proxy', image: 'x', env: [{ name: 'REST_PROXY_USE_TLS', value: 'true' }] }] } })],
    nonCompliant: [[deployment('rest-proxy', 'models', { spec: { containers: [{ name: 'rest-proxy', image: 'x', env: [{ name: 'REST_PROXY_SKIP_VERIFY', value: 'true' }] }] } })]],
  },
  'SM-KA-001': {
    compliant: [apAdmitting(1_000)],
    nonCompliant: [[apAdmitting(7_000)], [obj('v1', 'ConfigMap', 'dashboards', 'monitoring', {}, { data: { 'big.json': 'é'.repeat(140_000) } })]],
  },
  'SM-KA-002': {
    // A built-in kind is stored as protobuf: only the API server's 3 MiB request limit applies to it.
    compliant: [apAdmitting(7_000), obj('v1', 'ConfigMap', 'big', 'monitoring', {}, { data: { blob: 'x'.repeat(2_000_000) } })],
    nonCompliant: [[apAdmitting(40_000)], [obj('v1', 'ConfigMap', 'huge', 'monitoring', {}, { data: { blob: 'x'.repeat(3_200_000) } })]],
  },
  'SM-KA-003': {
    // Identical copies (the mesh-wide PeerAuthentication in two charts), another version of one kind in another
    // namespace, and one name in two groups are all fine.
    compliant: [
      strict('istio-system'), strict('istio-system'), pa('default', 'shop', { mtls: { mode: 'STRICT' } }),
      obj('networking.istio.io/v1', 'Gateway', 'edge', 'shop', { selector: { istio: 'ingressgateway' }, servers: [] }),
      obj('gateway.networking.k8s.io/v1', 'Gateway', 'edge', 'shop', { gatewayClassName: 'istio', listeners: [] }),
      leaf('web-tls', 'shop'), leaf('api-tls', 'shop'), leaf('web-tls', 'other'),
    ],
    nonCompliant: [
      // A workload's AuthorizationPolicy named like the namespace's deny-by-default replaces it.
      [ap('default-deny', 'shop', {}), ap('default-deny', 'shop', { selector: { matchLabels: { app: 'default-deny' } }, action: 'ALLOW', rules: [{}] })],
      // The same kind under another version is the same stored object.
      [strict('istio-system'), obj('security.istio.io/v1beta1', 'PeerAuthentication', 'default', 'istio-system', { mtls: { mode: 'DISABLE' } })],
      // Two Certificates writing one Secret.
      [leaf('web-tls', 'shop'), cert('web-cert', 'shop', { secretName: 'web-tls', dnsNames: ['web'], issuerRef: { name: 'ca', kind: 'ClusterIssuer' } })],
    ],
  },
  ...PITFALL_FIXTURES,
  ...SHAPE_FIXTURES,
};

/** An ALLOW AuthorizationPolicy admitting `callers` principals (43 bytes each as JSON). */
function apAdmitting(callers: number): K8sObject {
  const principals = Array.from({ length: callers }, (_, i) => `cluster.local/ns/team-${String(i % 200).padStart(3, '0')}/sa/svc-${String(i).padStart(5, '0')}`);
  return ap('auth', 'shop', { selector: { matchLabels: { app: 'auth' } }, action: 'ALLOW', rules: [{ from: [{ source: { principals } }], to: [{ operation: { ports: ['8080'] } }] }] });
}
