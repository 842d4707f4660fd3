import type { K8sObject } from '../../lib/k8s-object';

/** Small builders so rule fixtures read like the manifests they stand for. */
export function obj(apiVersion: string, kind: string, name: string, namespace: string | undefined, spec: Record<string, unknown> = {}, extra: { labels?: Record<string, string>; annotations?: Record<string, string>; data?: Record<string, string> } = {}): K8sObject {
  return {
    apiVersion, kind,
    metadata: { name, ...(namespace ? { namespace } : {}), ...(extra.labels ? { labels: extra.labels } : {}), ...(extra.annotations ? { annotations: extra.annotations } : {}) },
    ...(extra.data ? { data: extra.data } : { spec }),
  };
}
export const ns = (name: string, labels: Record<string, string> = {}): K8sObject => obj('v1', 'Namespace', name, undefined, undefined, { labels });
export const meshedNs = (name: string): K8sObject => ns(name, { 'istio-injection': 'enabled' });
export const pa = (name: string, namespace: string, spec: Record<string, unknown>): K8sObject => obj('security.istio.io/v1', 'PeerAuthentication', name, namespace, spec);
export const strict = (namespace: string): K8sObject => pa('default', namespace, { mtls: { mode: 'STRICT' } });
export const dr = (name: string, namespace: string, spec: Record<string, unknown>): K8sObject => obj('networking.istio.io/v1', 'DestinationRule', name, namespace, spec);
export const ap = (name: string, namespace: string, spec: Record<string, unknown>): K8sObject => obj('security.istio.io/v1', 'AuthorizationPolicy', name, namespace, spec);
export const gw = (name: string, namespace: string, spec: Record<string, unknown>): K8sObject => obj('networking.istio.io/v1', 'Gateway', name, namespace, spec);
export const np = (name: string, namespace: string, spec: Record<string, unknown>): K8sObject => obj('networking.k8s.io/v1', 'NetworkPolicy', name, namespace, spec);
export const cert = (name: string, namespace: string, spec: Record<string, unknown>): K8sObject => obj('cert-manager.io/v1', 'Certificate', name, namespace, spec);
export const issuer = (name: string, namespace: string, spec: Record<string, unknown>): K8sObject => obj('cert-manager.io/v1', 'Issuer', name, namespace, spec);
export const clusterIssuer = (name: string, spec: Record<string, unknown>): K8sObject => obj('cert-manager.io/v1', 'ClusterIssuer', name, undefined, spec);
export function deployment(name: string, namespace: string, pod: { labels?: Record<string, string>; annotations?: Record<string, string>; spec?: Record<string, unknown> }, annotations?: Record<string, string>): K8sObject {
  const labels = pod.labels ?? { app: name };
  return obj('apps/v1', 'Deployment', name, namespace, {
    selector: { matchLabels: labels },
    template: { metadata: { labels, ...(pod.annotations ? { annotations: pod.annotations } : {}) }, spec: pod.spec ?? { containers: [{ name, image: 'example/app:1' }] } },
  }, annotations ? { annotations } : {});
}
export const service = (name: string, namespace: string, selector: Record<string, string>): K8sObject => obj('v1', 'Service', name, namespace, { selector, ports: [{ port: 80, targetPort: 8080 }] });
export const leaf = (name: string, namespace: string, more: Record<string, unknown> = {}): K8sObject => cert(name, namespace, {
  secretName: name, dnsNames: [`${name}.${namespace}.svc`], duration: '2160h', renewBefore: '360h',
  privateKey: { algorithm: 'ECDSA', size: 256, encoding: 'PKCS8', rotationPolicy: 'Always' },
  issuerRef: { name: 'ca', kind: 'ClusterIssuer', group: 'cert-manager.io' }, ...more,
});
export const caIssuer = clusterIssuer('ca', { ca: { secretName: 'root-ca' } });
export const rootCa = cert('root-ca', 'cert-manager', { isCA: true, commonName: 'root', secretName: 'root-ca', duration: '87600h', renewBefore: '720h', issuerRef: { name: 'selfsigned', kind: 'ClusterIssuer', group: 'cert-manager.io' } });
export const selfSigned = clusterIssuer('selfsigned', { selfSigned: {} });
export const mounting = (name: string, namespace: string, secret: string, annotations?: Record<string, string>, env: { name: string; value: string }[] = []): K8sObject =>
  deployment(name, namespace, { spec: { containers: [{ name, image: 'example/app:1', env }], volumes: [{ name: 'tls', secret: { secretName: secret } }] } }, annotations);
