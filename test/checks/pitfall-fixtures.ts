/**
 * Compliant and non-compliant fixtures of the pitfall rules (user-pain §1): merged into RULE_FIXTURES, so the harness in
 * rules.test.ts runs them like every other rule's.
 */
import type { K8sObject } from '../../lib/k8s-object';
import type { RuleFixture } from './rule-fixtures';
import { ap, caIssuer, cert, deployment, leaf, meshedNs, mounting, np, ns, obj, pa, rootCa, selfSigned, strict } from './helpers';

const isvc = (name: string, namespace: string, annotations?: Record<string, string>, predictor: Record<string, unknown> = {}): K8sObject =>
  obj('serving.kserve.io/v1beta1', 'InferenceService', name, namespace, { predictor: { model: { modelFormat: { name: 'sklearn' }, storageUri: 'gs://models/iris' }, ...predictor } }, annotations ? { annotations } : {});
const ksvc = (name: string, namespace: string, annotations: Record<string, string>): K8sObject =>
  obj('serving.knative.dev/v1', 'Service', name, namespace, { template: { metadata: { annotations }, spec: { containers: [{ image: 'example/app:1' }] } } });
/** The isolation policy KServe's guide writes: the namespace itself, plus the activator on every path. */
const activatorAllowed = ap('allow-ns-and-activator', 'models', { rules: [{ from: [{ source: { namespaces: ['models', 'knative-serving'] } }] }] });
const probesOnly = (namespace = 'models'): K8sObject => ap('allow-ns', namespace, {
  rules: [
    { from: [{ source: { namespaces: [namespace] } }] },
    { from: [{ source: { namespaces: ['knative-serving'] } }], to: [{ operation: { paths: ['/healthz', '/ready', '/wait-for-drain', '/metrics'] } }] },
  ],
});
const TBC = 'autoscaling.knative.dev/target-burst-capacity';
const LEGACY_TBC = 'autoscaling.knative.dev/targetBurstCapacity';

export const ingressConfig = (ingress: Record<string, unknown> | string): K8sObject =>
  obj('v1', 'ConfigMap', 'inferenceservice-config', 'kserve', undefined, { data: { ingress: typeof ingress === 'string' ? ingress : JSON.stringify(ingress, null, 2) } });
const goodIngress = {
  ingressGateway: 'knative-serving/knative-ingress-gateway',
  localGateway: 'istio-system/kserve-local-gateway',
  localGatewayService: 'kserve-local-gateway.istio-system.svc.cluster.local',
  knativeLocalGatewayService: 'knative-local-gateway.istio-system.svc.cluster.local',
  disableIstioVirtualHost: true,
};

/** A Deployment `web` in `shop` listening on container port 80, and a Service mapping port 8000 to it. */
const web = (annotations?: Record<string, string>, labels: Record<string, string> = { app: 'web' }): K8sObject =>
  deployment('web', 'shop', { labels, annotations, spec: { containers: [{ name: 'web', image: 'x', ports: [{ name: 'http', containerPort: 80 }] }] } });
const webService = (targetPort: number | string = 80): K8sObject => obj('v1', 'Service', 'web', 'shop', { selector: { app: 'web' }, ports: [{ name: 'http', port: 8000, targetPort }] });
const portPa = (port: number): K8sObject => pa('web', 'shop', { selector: { matchLabels: { app: 'web' } }, mtls: { mode: 'STRICT' }, portLevelMtls: { [port]: { mode: 'PERMISSIVE' } } });

/** A validating webhook served by Service `hooks/webhook` (443 → 9443) in front of a Deployment, as cert-manager's or Kyverno's. */
const webhookConfig = (kind = 'ValidatingWebhookConfiguration'): K8sObject => ({
  apiVersion: 'admissionregistration.k8s.io/v1', kind, metadata: { name: 'policy-webhook' },
  webhooks: [{ name: 'validate.example.com', admissionReviewVersions: ['v1'], sideEffects: 'None', clientConfig: { service: { name: 'webhook', namespace: 'hooks', path: '/validate' } } }],
}) as K8sObject;
const webhookService = obj('v1', 'Service', 'webhook', 'hooks', { selector: { app: 'webhook' }, ports: [{ port: 443, targetPort: 'https' }] });
const webhookPods = (annotations?: Record<string, string>): K8sObject =>
  deployment('webhook', 'hooks', { annotations, spec: { containers: [{ name: 'webhook', image: 'x', ports: [{ name: 'https', containerPort: 9443 }] }] } });

const ambientNs = ns('apps', { 'istio.io/dataplane-mode': 'ambient' });
const portOnly = (ports: Record<string, unknown>[]): K8sObject =>
  np('web', 'apps', { podSelector: { matchLabels: { app: 'web' } }, policyTypes: ['Ingress'], ingress: [{ from: [{ podSelector: {} }], ports }] });

const mmConfig = (more = ''): K8sObject => obj('v1', 'ConfigMap', 'model-serving-config', 'modelmesh-serving', undefined, { data: { 'config.yaml': `tls:\n  secretName: mm-tls\n  clientAuth: optional\n${more}` } });
/** The modelmesh-serving TLS doc's example: a self-signed certificate that is its own CA. */
const docsMmCert = cert('mm-tls', 'modelmesh-serving', { isCA: true, commonName: 'modelmesh-serving', secretName: 'mm-tls', dnsNames: ['modelmesh-serving'], privateKey: { encoding: 'PKCS8' }, issuerRef: { name: 'selfsigned', kind: 'ClusterIssuer' } });
const etcdConnection = { endpoints: 'https://etcd.modelmesh-serving:2379', root_prefix: 'modelmesh-serving', certificate_file: 'ca.crt', client_certificate_file: 'tls.crt', client_key_file: 'tls.key' };
const etcdSecret = (conn: Record<string, unknown>, base64 = false): K8sObject => ({
  apiVersion: 'v1', kind: 'Secret', metadata: { name: 'model-serving-etcd', namespace: 'modelmesh-serving' },
  ...(base64 ? { data: { etcd_connection: Buffer.from(JSON.stringify(conn)).toString('base64') } } : { stringData: { etcd_connection: JSON.stringify(conn) } }),
}) as K8sObject;
const runtime = (annotations?: Record<string, string>, name = 'modelmesh-serving-triton'): K8sObject =>
  deployment(name, 'modelmesh-serving', { labels: { 'modelmesh-service': 'modelmesh-serving' }, annotations });

export const PITFALL_FIXTURES: Readonly<Record<string, RuleFixture>> = {
  'SM-KN-001': {
    compliant: [
      isvc('iris', 'models', { [TBC]: '0' }, { minReplicas: 1 }), activatorAllowed,
      isvc('probe-only', 'other'), probesOnly('other'),
      ksvc('hello', 'models', { [TBC]: '0' }),
    ],
    nonCompliant: [
      [isvc('iris', 'models'), activatorAllowed],
      [isvc('iris', 'models', { [TBC]: '0' }, { minReplicas: 0 }), activatorAllowed],
      [ksvc('hello', 'models', { [TBC]: '10' }), activatorAllowed],
      // Conflicting keys: Knative applies the canonical "10", not the legacy "0".
      [isvc('iris', 'models', { [TBC]: '10', [LEGACY_TBC]: '0' })],
      [isvc('iris', 'models', { [LEGACY_TBC]: '0' })],
    ],
  },
  'SM-KS-003': {
    compliant: [ingressConfig(goodIngress), ingressConfig({ ingressGateway: 'knative-serving/knative-ingress-gateway' })],
    nonCompliant: [
      [ingressConfig('{\n  "ingressGateway": "knative-serving/knative-ingress-gateway",\n}')],
      [ingressConfig({ ...goodIngress, ingressGateway: '' })],
      [ingressConfig({ ...goodIngress, disableIstioVirtualHost: 'true' })],
      [ingressConfig({ ...goodIngress, localGatewayService: 'kserve-local-gateway.kserve.svc.cluster.local' })],
      [ingressConfig({ ...goodIngress, knativeLocalGatewayService: undefined })],
      [ingressConfig({ ...goodIngress, localGateway: 'kserve-local-gateway' })],
    ],
  },
  'SM-KS-005': {
    compliant: [ingressConfig(goodIngress), isvc('iris', 'models'), probesOnly()],
    nonCompliant: [
      [ingressConfig({ ...goodIngress, disableIstioVirtualHost: false }), isvc('iris', 'models'), probesOnly()],
      [ingressConfig({ ingressGateway: 'knative-serving/knative-ingress-gateway' }), isvc('iris', 'models'),
        ap('allow-gw', 'models', { rules: [{ from: [{ source: { principals: ['cluster.local/ns/istio-system/sa/istio-ingressgateway-service-account'] } }] }] })],
    ],
  },
  'SM-IS-008b': {
    compliant: [web(), webService(), portPa(80), webService('http')],
    nonCompliant: [[web(), webService(), portPa(8000)], [webService(80), portPa(8000)]],
  },
  'SM-IS-008c': {
    compliant: [web(), portPa(80), pa('other', 'shop', { selector: { matchLabels: { app: 'nothing-here' } }, portLevelMtls: { 9999: { mode: 'DISABLE' } } })],
    nonCompliant: [[web(), portPa(8080)]],
  },
  'SM-IS-012': {
    compliant: [
      meshedNs('hooks'), strict('istio-system'), webhookConfig(), webhookService, webhookPods({ 'traffic.sidecar.istio.io/excludeInboundPorts': '9443' }),
      meshedNs('other'), strict('other'), obj('admissionregistration.k8s.io/v1', 'MutatingWebhookConfiguration', 'other', undefined),
    ],
    nonCompliant: [
      [meshedNs('hooks'), strict('istio-system'), webhookConfig(), webhookService, webhookPods()],
      [meshedNs('hooks'), strict('hooks'), webhookConfig('MutatingWebhookConfiguration')],
      [meshedNs('hooks'), strict('hooks'), webhookConfig(), webhookService, webhookPods(), pa('webhook', 'hooks', { selector: { matchLabels: { app: 'webhook' } }, portLevelMtls: { 443: { mode: 'PERMISSIVE' } } })],
    ],
  },
  'SM-NP-011': {
    compliant: [
      ambientNs, portOnly([{ port: 8080 }, { port: 15008 }]),
      ns('sidecars', { 'istio-injection': 'enabled' }), np('web', 'sidecars', { podSelector: {}, ingress: [{ ports: [{ port: 8080 }] }] }),
    ],
    nonCompliant: [
      [ambientNs, portOnly([{ port: 8080 }])],
      [ambientNs, portOnly([{ port: 8080 }]), np('hbone-udp', 'apps', { podSelector: {}, ingress: [{ ports: [{ port: 15008, protocol: 'UDP' }] }] })],
    ],
  },
  'SM-MM-015': {
    compliant: [selfSigned, rootCa, caIssuer, leaf('mm-tls', 'modelmesh-serving'), mmConfig()],
    nonCompliant: [[selfSigned, docsMmCert, mmConfig()], [selfSigned, leaf('mm-tls', 'modelmesh-serving', { issuerRef: { name: 'selfsigned', kind: 'ClusterIssuer' } }), mmConfig()]],
  },
  'SM-MM-016': {
    compliant: [
      etcdSecret(etcdConnection), mmConfig(`runtimePodAnnotations:\n  secret.reloader.stakater.com/reload: model-serving-etcd\n`),
      // Only a CA bundle, no client certificate: nothing to reload.
      { ...etcdSecret({ endpoints: 'https://etcd:2379', certificate: '-----BEGIN CERTIFICATE-----' }), metadata: { name: 'model-serving-etcd', namespace: 'other' } } as K8sObject,
    ],
    nonCompliant: [
      [etcdSecret(etcdConnection), mmConfig()],
      [etcdSecret(etcdConnection, true), runtime()],
      [etcdSecret(etcdConnection), runtime({ 'reloader.stakater.com/auto': 'true' }), runtime(undefined, 'modelmesh-serving-mlserver')],
    ],
  },
  'SM-MS-023': {
    compliant: [
      leaf('api-tls', 'mayastor', { duration: '175200h' }), mounting('api', 'mayastor', 'api-tls', { 'secret.reloader.stakater.com/reload': 'api-tls' }),
      leaf('short-tls', 'mayastor'), mounting('short', 'mayastor', 'short-tls', { 'secure-mesh.io/reload': 'hot' }),
    ],
    nonCompliant: [
      [leaf('api-tls', 'mayastor', { duration: '175200h' }), mounting('api', 'mayastor', 'api-tls')],
      [leaf('api-tls', 'mayastor', { duration: '87600h' }), deployment('csi', 'mayastor', { spec: { containers: [{ name: 'csi', image: 'x', envFrom: [{ secretRef: { name: 'api-tls' } }] }] } })],
    ],
  },
};
