/**
 * Compliant and non-compliant fixtures of the webhook-parity and dangerous-shape rules (issue 13 §3): merged into
 * RULE_FIXTURES, so the harness in rules.test.ts runs them like every other rule's. Certificates and CSRs that must be
 * real are generated in shape-rules.test.ts, never committed.
 */
import type { K8sObject } from '../../lib/k8s-object';
import type { RuleFixture } from './rule-fixtures';
import { ap, clusterIssuer, deployment, dr, gw, issuer, leaf, meshedNs, np, obj, pa, strict } from './helpers';

const sidecar = (name: string, namespace: string, spec: Record<string, unknown>): K8sObject => obj('networking.istio.io/v1', 'Sidecar', name, namespace, spec);
const secret = (name: string, namespace: string, type: string, data: Record<string, string>): K8sObject =>
  ({ apiVersion: 'v1', kind: 'Secret', type, metadata: { name, namespace }, data }) as K8sObject;
const b64 = (s: string): string => Buffer.from(s).toString('base64');
const cr = (name: string, spec: Record<string, unknown>, status?: Record<string, unknown>): K8sObject =>
  ({ ...obj('cert-manager.io/v1', 'CertificateRequest', name, 'shop', spec), ...(status ? { status } : {}) }) as K8sObject;

/** DER helpers: a PKCS#10-shaped structure (RFC 2986) for the CSR decode check, without a real key. */
const der = (tag: number, ...content: Buffer[]): Buffer => {
  const body = Buffer.concat(content);
  const len = body.length < 128 ? Buffer.from([body.length]) : Buffer.from([0x82, body.length >> 8, body.length & 0xff]);
  return Buffer.concat([Buffer.from([tag]), len, body]);
};
const csrShaped = der(0x30, der(0x30, der(0x02, Buffer.from([0])), der(0x30), der(0x30, der(0x30), der(0x03, Buffer.from([0]))), der(0xa0)), der(0x30), der(0x03, Buffer.from([0])));
const pemOf = (label: string, body: Buffer): string => `-----BEGIN ${label}-----\n${body.toString('base64')}\n-----END ${label}-----\n`;

const ingressGatewayPods = deployment('istio-ingressgateway', 'istio-system', {
  labels: { istio: 'ingressgateway', 'sidecar.istio.io/inject': 'false' },
  spec: { containers: [{ name: 'istio-proxy', image: 'docker.io/istio/proxyv2:1.30.3', args: ['proxy', 'router'] }] },
});
const httpsServer = (credentialName: string, host: string): Record<string, unknown> =>
  ({ port: { number: 443, name: 'https', protocol: 'HTTPS' }, hosts: [host], tls: { mode: 'SIMPLE', credentialName } });
const uid = (runAsUser: number): K8sObject => deployment('web', 'shop', { spec: { securityContext: { runAsUser }, containers: [{ name: 'web', image: 'x' }] } });

export const SHAPE_FIXTURES: Readonly<Record<string, RuleFixture>> = {
  'SM-CM-108': {
    compliant: [
      leaf('web', 'shop', { privateKey: { algorithm: 'RSA', size: 4096 }, signatureAlgorithm: 'SHA384WithRSA', ipAddresses: ['10.0.0.1', '::1'], emailAddresses: ['ops@example.com'] }),
      leaf('jks', 'shop', { keystores: { jks: { create: true, passwordSecretRef: { name: 'jks-pw', key: 'password' } } } }),
    ],
    nonCompliant: [
      [leaf('web', 'shop', { privateKey: { algorithm: 'RSA', size: 1024 } })],
      [leaf('web', 'shop', { privateKey: { algorithm: 'RSA', size: 16384 } })],
      [leaf('web', 'shop', { privateKey: { algorithm: 'ECDSA', size: 512 } })],
      [leaf('web', 'shop', { privateKey: { algorithm: 'ECDSA', size: 256 }, signatureAlgorithm: 'SHA256WithRSA' })],
      [leaf('web', 'shop', { ipAddresses: ['10.0.0.300'] })],
      [leaf('web', 'shop', { emailAddresses: ['Ops <ops@example.com>'] })],
      [leaf('web', 'shop', { secretName: 'Web_TLS' })],
      [leaf('web', 'shop', { issuerRef: { name: '', kind: 'ClusterIssuer' } })],
      [leaf('web', 'shop', { commonName: 'web', literalSubject: 'CN=web,O=shop' })],
      [leaf('web', 'shop', { revisionHistoryLimit: 0 })],
      [leaf('web', 'shop', { secretTemplate: { annotations: { 'cert-manager.io/issuer-name': 'x' } } })],
      [leaf('web', 'shop', { keystores: { pkcs12: { create: true } } })],
      [leaf('web', 'shop', { keystores: { jks: { create: true, password: 'pw', passwordSecretRef: { name: 'jks-pw', key: 'password' } } } })],
      [leaf('web', 'shop', { additionalOutputFormats: [{ type: 'DER' }, { type: 'DER' }] })],
      [leaf('web', 'shop', { otherNames: [{ oid: 'upn', utf8Value: 'x' }] })],
      [leaf('web', 'shop', { duration: '1h', renewBefore: undefined, renewBeforePercentage: 95 })],
      [leaf('web', 'shop', { renewal: { policy: 'Disabled', windows: [{ cron: '0 2 * * 1', windowDuration: '2h' }] } })],
      [leaf('web', 'shop', { renewal: { policy: 'RenewBefore', windows: [{ cron: '0 2 * *', timezone: 'Mars/Olympus', windowDuration: '2h' }] } })],
    ],
  },
  'SM-CM-109': {
    compliant: [
      clusterIssuer('ca', { ca: { secretName: 'root-ca' } }),
      clusterIssuer('selfsigned', { selfSigned: {} }),
      issuer('le', 'shop', { acme: { server: 'https://acme-v02.api.letsencrypt.org/directory', privateKeySecretRef: { name: 'le-account' }, solvers: [
        { http01: { ingress: { ingressClassName: 'nginx' } } },
        { dns01: { cloudflare: { apiTokenSecretRef: { name: 'cf', key: 'token' } } }, selector: { dnsZones: ['example.com'] } },
      ] } }),
      clusterIssuer('vault', { vault: { server: 'https://vault:8200', path: 'pki/sign/mesh', auth: { kubernetes: { role: 'cm', mountPath: '/v1/auth/kubernetes', serviceAccountRef: { name: 'cert-manager' } } } } }),
    ],
    nonCompliant: [
      [clusterIssuer('none', {})],
      [clusterIssuer('two', { ca: { secretName: 'root-ca' }, selfSigned: {} })],
      [clusterIssuer('ca', { ca: { secretName: '' } })],
      [issuer('le', 'shop', { acme: { server: 'https://acme.example/dir', privateKeySecretRef: { name: 'acct' }, solvers: [{}] } })],
      [issuer('le', 'shop', { acme: { privateKeySecretRef: { name: 'acct' }, solvers: [{ http01: { ingress: { class: 'nginx', ingressClassName: 'nginx' } } }] } })],
      [issuer('le', 'shop', { acme: { server: 'https://acme.example/dir', privateKeySecretRef: { name: 'acct' }, solvers: [{ dns01: { cloudflare: { email: 'x@example.com' }, route53: { region: 'eu-west-1' } } }] } })],
      [issuer('le', 'shop', { acme: { server: 'https://acme.example/dir', privateKeySecretRef: { name: 'acct' }, skipTLSVerify: true, caBundle: b64('not a certificate') } })],
      [clusterIssuer('vault', { vault: { server: 'https://vault:8200', path: 'pki/../sign/mesh', auth: { kubernetes: { role: 'cm' } } } })],
      [clusterIssuer('vault', { vault: { server: 'https://vault:8200', path: 'pki/sign/mesh', auth: {} } })],
      [clusterIssuer('venafi', { venafi: { zone: 'z', tpp: { url: 'https://tpp' }, cloud: { apiTokenSecretRef: { name: 'v', key: 'k' } } } })],
    ],
  },
  'SM-CM-110': {
    compliant: [cr('web-1', { issuerRef: { name: 'ca', kind: 'ClusterIssuer', group: 'cert-manager.io' }, request: b64(pemOf('CERTIFICATE REQUEST', csrShaped)) }, { conditions: [{ type: 'Approved', status: 'True' }] })],
    nonCompliant: [
      [cr('web-1', { issuerRef: { name: 'ca', kind: 'ClusterIssuer' }, request: b64('hello') })],
      [cr('web-1', { issuerRef: { name: 'ca', kind: 'CAIssuer' }, request: b64(pemOf('CERTIFICATE REQUEST', csrShaped)) })],
      [cr('web-1', { issuerRef: { name: 'ca', kind: 'ClusterIssuer' }, request: b64(pemOf('CERTIFICATE REQUEST', csrShaped)) }, { conditions: [{ type: 'Approved', status: 'True' }, { type: 'Denied', status: 'True' }] })],
    ],
  },
  'SM-CM-111': {
    compliant: [leaf('web', 'shop', { privateKey: { algorithm: 'Ed25519' } })],
    nonCompliant: [
      [leaf('web', 'shop', { privateKey: { algorithm: 'Ed25519', size: 4096 } })],
      [issuer('zerossl', 'shop', { acme: { server: 'https://acme.zerossl.com/v2/DV90', privateKeySecretRef: { name: 'acct' }, externalAccountBinding: { keyID: 'k', keySecretRef: { name: 'eab', key: 'secret' }, keyAlgorithm: 'HS256' } } })],
    ],
  },
  'SM-IS-027': {
    compliant: [ap('web', 'shop', { selector: { matchLabels: { app: 'web' } }, rules: [{ from: [{ source: { namespaces: ['shop'] } }] }] }), ap('deny-all', 'shop', { action: 'DENY', rules: [{}] }), ap('allow-nothing', 'shop', {})],
    nonCompliant: [[ap('allow-all', 'shop', { rules: [{}] })], [ap('web', 'shop', { action: 'ALLOW', selector: { matchLabels: { app: 'web' } }, rules: [{ from: [{ source: { namespaces: ['shop'] } }] }, {}] })]],
  },
  'SM-IS-028': {
    compliant: [strict('istio-system'), pa('default', 'legacy', { mtls: { mode: 'PERMISSIVE' } }), pa('web', 'istio-system', { selector: { matchLabels: { app: 'web' } }, mtls: { mode: 'PERMISSIVE' } })],
    nonCompliant: [[pa('default', 'istio-system', { mtls: { mode: 'PERMISSIVE' } })], [pa('default', 'istio-system', { mtls: { mode: 'DISABLE' } })]],
  },
  'SM-IS-029': {
    compliant: [sidecar('default', 'shop', { egress: [{ hosts: ['./*', 'istio-system/*'] }] }), sidecar('web', 'shop', { workloadSelector: { labels: { app: 'web' } }, egress: [{ hosts: ['./*'] }] })],
    nonCompliant: [[sidecar('default', 'shop', { egress: [{ hosts: ['./*', 'istio-system/*'] }] }), sidecar('mine', 'shop', { outboundTrafficPolicy: { mode: 'REGISTRY_ONLY' } })]],
  },
  'SM-IS-030': {
    compliant: [deployment('web', 'shop', { labels: { app: 'web', tier: 'front' } }), deployment('api', 'shop', { labels: { app: 'api', tier: 'front' } }),
      sidecar('web', 'shop', { workloadSelector: { labels: { app: 'web' } } }), sidecar('api', 'shop', { workloadSelector: { labels: { app: 'api' } } })],
    nonCompliant: [[deployment('web', 'shop', { labels: { app: 'web', tier: 'front' } }), sidecar('web', 'shop', { workloadSelector: { labels: { app: 'web' } } }), sidecar('front', 'shop', { workloadSelector: { labels: { tier: 'front' } } })]],
  },
  'SM-IS-031': {
    compliant: [sidecar('default', 'shop', { outboundTrafficPolicy: { mode: 'ALLOW_ANY', egressProxy: { host: 'squid.proxy.svc.cluster.local', port: { number: 3128 } } } })],
    nonCompliant: [[sidecar('default', 'shop', { outboundTrafficPolicy: { egressProxy: { host: 'squid.proxy.svc.cluster.local', port: { number: 3128 } } } })]],
  },
  'SM-IS-032': {
    compliant: [deployment('web', 'shop', {}), ap('web', 'shop', { selector: { matchLabels: { app: 'web' } }, rules: [{ from: [{ source: { namespaces: ['shop'] } }] }] }),
      // pods the input does not show (an InferenceService's): not judged
      obj('serving.kserve.io/v1beta1', 'InferenceService', 'iris', 'models', { predictor: {} }), deployment('helper', 'models', {}),
      ap('iris', 'models', { selector: { matchLabels: { 'serving.kserve.io/inferenceservice': 'iris' } }, rules: [{ from: [{ source: { namespaces: ['models'] } }] }] }),
      ingressGatewayPods, gw('public', 'shop', { selector: { istio: 'ingressgateway' }, servers: [httpsServer('shop-tls', 'shop.example.com')] })],
    nonCompliant: [
      [deployment('web', 'shop', {}), ap('web', 'shop', { selector: { matchLabels: { app: 'web-server' } }, rules: [{ from: [{ source: { namespaces: ['shop'] } }] }] })],
      [deployment('web', 'shop', {}), sidecar('web', 'shop', { workloadSelector: { labels: { app: 'wbe' } } })],
      [ingressGatewayPods, gw('public', 'shop', { selector: { istio: 'ingress-gateway' }, servers: [httpsServer('shop-tls', 'shop.example.com')] })],
    ],
  },
  'SM-IS-033': {
    compliant: [meshedNs('shop'), uid(1000), deployment('gw', 'edge', { spec: { securityContext: { runAsUser: 1337 }, containers: [{ name: 'gw', image: 'x' }] } })],
    nonCompliant: [[meshedNs('shop'), uid(1337)], [meshedNs('shop'), deployment('web', 'shop', { spec: { securityContext: { runAsUser: 1000 }, containers: [{ name: 'web', image: 'x', securityContext: { runAsUser: 1337 } }] } })]],
  },
  'SM-IS-034': {
    compliant: [dr('bank', 'shop', { host: 'api.bank.example', trafficPolicy: { tls: { mode: 'SIMPLE', caCertificates: '/etc/certs/bank-ca.pem', sni: 'api.bank.example' } } }),
      dr('db', 'shop', { host: 'db.example', trafficPolicy: { tls: { mode: 'MUTUAL', credentialName: 'db-client' } } }), secret('db-client', 'shop', 'Opaque', { 'tls.crt': b64('x'), 'tls.key': b64('y'), 'ca.crt': b64('z') })],
    nonCompliant: [
      [dr('bank', 'shop', { host: 'api.bank.example', trafficPolicy: { tls: { mode: 'SIMPLE' } } })],
      [dr('db', 'shop', { host: 'db.example', trafficPolicy: { portLevelSettings: [{ port: { number: 5432 }, tls: { mode: 'MUTUAL', credentialName: 'db-client' } }] } }), secret('db-client', 'shop', 'Opaque', { 'tls.crt': b64('x'), 'tls.key': b64('y') })],
    ],
  },
  'SM-IS-035': {
    compliant: [gw('shop', 'shop', { selector: { istio: 'ingressgateway' }, servers: [httpsServer('shop-tls', 'shop.example.com')] }), gw('blog', 'blog', { selector: { istio: 'ingressgateway' }, servers: [httpsServer('blog-tls', 'blog.example.com')] })],
    nonCompliant: [[gw('shop', 'shop', { selector: { istio: 'ingressgateway' }, servers: [httpsServer('wildcard-tls', 'shop.example.com')] }), gw('blog', 'blog', { selector: { istio: 'ingressgateway' }, servers: [httpsServer('wildcard-tls', 'blog.example.com')] })]],
  },
  'SM-NP-028': {
    compliant: [np('web', 'shop', { podSelector: { matchLabels: { app: 'web' } }, policyTypes: ['Ingress'], ingress: [{ from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'edge' } } }], ports: [{ port: 8080 }] }] }),
      np('deny-all', 'shop', { podSelector: {}, policyTypes: ['Ingress', 'Egress'] }),
      // egress rules of a policy whose policyTypes has no Egress are not enforced
      np('ingress-only', 'shop', { podSelector: {}, policyTypes: ['Ingress'], ingress: [{ from: [{ podSelector: {} }] }], egress: [{}] })],
    nonCompliant: [
      [np('allow-all', 'shop', { podSelector: {}, policyTypes: ['Ingress'], ingress: [{}] })],
      [np('web', 'shop', { podSelector: { matchLabels: { app: 'web' } }, policyTypes: ['Egress'], egress: [{ ports: [{ port: 443 }] }] })],
      [np('web', 'shop', { podSelector: { matchLabels: { app: 'web' } }, policyTypes: ['Ingress'], ingress: [{ from: [], ports: [{ port: 8080 }] }] })],
    ],
  },
  'SM-NP-029': {
    compliant: [np('web', 'shop', { podSelector: {}, policyTypes: ['Ingress'], ingress: [{ from: [{ namespaceSelector: {} }, { ipBlock: { cidr: '10.0.0.0/8' } }] }] })],
    nonCompliant: [
      [np('web', 'shop', { podSelector: {}, policyTypes: ['Ingress'], ingress: [{ from: [{}] }] })],
      [np('web', 'shop', { podSelector: {}, policyTypes: ['Egress'], egress: [{ to: [{ ipBlock: { cidr: '10.0.0.0/8' }, namespaceSelector: {} }] }] })],
    ],
  },
  'SM-KA-004': {
    // A valid pair is generated in shape-rules.test.ts; here, a Secret the rule does not read.
    compliant: [secret('app-config', 'shop', 'Opaque', { 'tls.crt': b64('not read: Opaque') })],
    nonCompliant: [
      [secret('web-tls', 'shop', 'kubernetes.io/tls', { 'tls.crt': b64('x') })],
      [secret('web-tls', 'shop', 'kubernetes.io/tls', { 'tls.crt': b64(b64('-----BEGIN CERTIFICATE-----')), 'tls.key': b64('nope') })],
    ],
  },
};
