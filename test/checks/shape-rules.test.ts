/**
 * Issue 13 §3: the webhook-parity and dangerous-shape rules, beyond the fixture harness: each webhook check fires for its
 * own reason, real certificates and CSRs (generated here, never committed) are read as Envoy and cert-manager read them,
 * and the shapes that look alike but are fine stay quiet.
 */
import 'reflect-metadata';
import { webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';
import { issueCertificate, type IssuedCertificate } from '../../lib/devcerts/issue';
import { runPack } from '../../lib/checks/engine';
import type { K8sObject } from '../../lib/k8s-object';
import { certificateSpecProblems } from '../../lib/checks/rules/certificate-webhook';
import { issuerSpecProblems } from '../../lib/checks/rules/issuer-webhook';
import { SHAPE_FIXTURES } from './shape-fixtures';
import { synthesizeMesh } from '../../lib/mesh/synthesize';
import { platformDefinition } from '../../apps/platform';
import { ap, deployment, dr, meshedNs, ns } from './helpers';

x509.cryptoProvider.set(webcrypto as never);

const ids = (objs: readonly K8sObject[], id: string): string[] => runPack(objs).filter((f) => f.ruleId === id && !f.suppressed).map((f) => f.message);
const tlsSecret = (name: string, crt: string, key: string): K8sObject =>
  ({ apiVersion: 'v1', kind: 'Secret', type: 'kubernetes.io/tls', metadata: { name, namespace: 'shop' }, data: { 'tls.crt': Buffer.from(crt).toString('base64'), 'tls.key': Buffer.from(key).toString('base64') } }) as K8sObject;
const ecdsa = { algorithm: 'ECDSA', size: 256, encoding: 'PKCS8', rotationPolicy: 'Always' } as const;

describe('SM-CM-108: each cert-manager Certificate check fires for its own reason (webhook messages, certificate.go)', () => {
  const cases: [string, Record<string, unknown>, RegExp][] = [
    ['RSA below 2048', { privateKey: { algorithm: 'RSA', size: 1024 } }, /between 2048 and 8192/],
    ['RSA above 8192 (algorithm unset means RSA)', { privateKey: { size: 16384 } }, /between 2048 and 8192/],
    ['ECDSA 512', { privateKey: { algorithm: 'ECDSA', size: 512 } }, /256, 384 or 521/],
    ['signature algorithm of another key type', { privateKey: { algorithm: 'Ed25519' }, signatureAlgorithm: 'ECDSAWithSHA256' }, /PureEd25519/],
    ['bad IP', { ipAddresses: ['10.0.0.256'] }, /ipAddresses\[0\]/],
    ['email with a display name', { emailAddresses: ['Ops <ops@example.com>'] }, /emailAddresses\[0\]/],
    ['secretName not a DNS subdomain', { secretName: 'Web_TLS' }, /secretName/],
    ['empty issuerRef.name', { issuerRef: { name: '' } }, /issuerRef\.name/],
    ['commonName with literalSubject', { commonName: 'a', literalSubject: 'CN=a' }, /literalSubject/],
    ['subject fields with literalSubject', { literalSubject: 'CN=a', subject: { organizations: ['x'] } }, /spec\.subject/],
    ['revisionHistoryLimit 0', { revisionHistoryLimit: 0 }, /at least 1/],
    ['cert-manager.io annotation in secretTemplate', { secretTemplate: { annotations: { 'cert-manager.io/x': 'y' } } }, /not allowed/],
    ['secretTemplate label value that is not a label value', { secretTemplate: { labels: { team: 'shop floor' } } }, /secretTemplate\.labels "team"/],
    ['nameConstraints with neither list', { isCA: true, nameConstraints: { critical: true } }, /permitted or excluded/],
    ['duplicate output format', { additionalOutputFormats: [{ type: 'CombinedPEM' }, { type: 'CombinedPEM' }] }, /twice/],
    ['keystore without password', { keystores: { pkcs12: { create: true } } }, /passwordSecretRef/],
    ['keystore with both passwords', { keystores: { jks: { create: true, password: 'a', passwordSecretRef: { name: 'p', key: 'k' } } } }, /not both/],
    ['keystore with an empty literal password', { keystores: { jks: { create: true, password: '' } } }, /must not be empty/],
    ['otherNames without OID', { otherNames: [{ utf8Value: 'x' }] }, /oid/],
    ['renewBeforePercentage whose derived renewBefore is under 5m', { duration: '1h', renewBeforePercentage: 95 }, /5m minimum/],
    ['renewal windows with policy Disabled', { renewal: { policy: 'Disabled', windows: [{ cron: '* * * * *', windowDuration: '1h' }] } }, /Disabled/],
    ['renewal window without duration, bad zone, bad cron', { renewal: { windows: [{ cron: 'daily', timezone: 'Nowhere/City' }] } }, /windowDuration[\s\S]*IANA[\s\S]*cron/],
  ];
  it.each(cases)('%s', (_name, spec, expected) => {
    expect(certificateSpecProblems({ secretName: 'web', issuerRef: { name: 'ca' }, dnsNames: ['web'], ...spec }).join('\n')).toMatch(expected);
  });
  it('accepts the sizes and names the webhook accepts', () => {
    for (const privateKey of [{ algorithm: 'RSA', size: 2048 }, { algorithm: 'RSA', size: 8192 }, { algorithm: 'ECDSA', size: 521 }, { algorithm: 'Ed25519' }, {}]) {
      expect(certificateSpecProblems({ secretName: 'web.tls', issuerRef: { name: 'ca' }, privateKey, ipAddresses: ['2001:db8::1'], emailAddresses: ['a.b+c@example.co.uk'], renewBeforePercentage: 25 })).toEqual([]);
    }
  });
});

describe('SM-CM-109: issuer checks (issuer.go)', () => {
  const acme = (more: Record<string, unknown>): Record<string, unknown> => ({ acme: { server: 'https://acme.example/directory', privateKeySecretRef: { name: 'acct' }, ...more } });
  const cases: [string, Record<string, unknown>, RegExp][] = [
    ['no type', {}, /no issuer type/],
    ['two types', { ca: { secretName: 'x' }, vault: { server: 's', path: 'p', auth: { tokenSecretRef: { name: 't', key: 'k' } } } }, /exactly one type/],
    ['ACME without server and key', { acme: {} }, /server[\s\S]*privateKeySecretRef|privateKeySecretRef[\s\S]*server/],
    ['solver with both types', acme({ solvers: [{ http01: { ingress: {} }, dns01: { webhook: { solverName: 'x', groupName: 'g' } } }] }), /one solver type/],
    ['http01 without ingress or gateway', acme({ solvers: [{ http01: {} }] }), /no HTTP01 solver/],
    ['ingressClassName not a name', acme({ solvers: [{ http01: { ingress: { ingressClassName: 'azure/application-gateway' } } }] }), /IngressClass name/],
    ['solver service type LoadBalancer', acme({ solvers: [{ http01: { ingress: { serviceType: 'LoadBalancer' } } }] }), /ClusterIP or NodePort/],
    ['gateway parentRef name without kind', acme({ solvers: [{ http01: { gatewayHTTPRoute: { parentRefs: [{ name: 'gw' }] } } }] }), /kind is required/],
    ['dns01 without provider', acme({ solvers: [{ dns01: {} }] }), /no DNS01 provider/],
    ['cloudflare key without email', acme({ solvers: [{ dns01: { cloudflare: { apiKeySecretRef: { name: 'cf', key: 'k' } } } }] }), /email/],
    ['rfc2136 bad nameserver and algorithm', acme({ solvers: [{ dns01: { rfc2136: { nameserver: '1.2.3.4:99999', tsigAlgorithm: 'SHA1' } } }] }), /host:port[\s\S]*tsigAlgorithm/],
    ['EAB without keyID', acme({ externalAccountBinding: { keySecretRef: { name: 'e', key: 'k' } } }), /keyID/],
    ['caBundle that holds no certificate', acme({ caBundle: Buffer.from('junk').toString('base64') }), /no valid PEM certificate/],
    ['vault without auth', { vault: { server: 's', path: 'p', auth: {} } }, /sets no method/],
    ['vault kubernetes auth without role and source', { vault: { server: 's', path: 'p', auth: { kubernetes: {} } } }, /role is required[\s\S]*exactly one of secretRef/],
    ['vault client cert without key', { vault: { server: 's', path: 'p', clientCertSecretRef: { name: 'c' }, auth: { tokenSecretRef: { name: 't', key: 'k' } } } }, /clientKeySecretRef/],
    ['vault appRole without roleId', { vault: { server: 's', path: 'p', auth: { appRole: { path: 'approle', secretRef: { name: 'r', key: 'k' } } } } }, /roleId/],
    ['venafi without zone and kind', { venafi: {} }, /zone[\s\S]*exactly one of tpp, cloud, ngts/],
  ];
  it.each(cases)('%s', (_name, spec, expected) => {
    expect(issuerSpecProblems(spec).join('\n')).toMatch(expected);
  });
  it('tolerates two vault auth methods, as the webhook does (the first is used)', () => {
    expect(issuerSpecProblems({ vault: { server: 's', path: 'p', auth: { tokenSecretRef: { name: 't', key: 'k' }, appRole: { path: 'approle', roleId: 'r', secretRef: { name: 'r', key: 'k' } } } } })).toEqual([]);
  });
});

describe('with certificates generated here', () => {
  let root: IssuedCertificate;
  let good: IssuedCertificate;
  let other: IssuedCertificate;
  let expired: IssuedCertificate;
  beforeAll(async () => {
    const now = new Date();
    root = await issueCertificate({ commonName: 'test root', isCA: true, durationSeconds: 86_400, privateKey: ecdsa, now });
    good = await issueCertificate({ dnsNames: ['web.shop.svc'], isCA: false, durationSeconds: 3_600, privateKey: ecdsa, now }, root);
    other = await issueCertificate({ dnsNames: ['api.shop.svc'], isCA: false, durationSeconds: 3_600, privateKey: ecdsa, now }, root);
    expired = await issueCertificate({ dnsNames: ['old.shop.svc'], isCA: false, durationSeconds: 3_600, privateKey: ecdsa, now: new Date(now.getTime() - 10 * 86_400_000) }, root);
  });

  it('SM-KA-004 accepts a working kubernetes.io/tls pair with its chain', () => {
    expect(ids([tlsSecret('web-tls', good.tlsCrt + root.caCrt, good.tlsKey)], 'SM-KA-004')).toEqual([]);
  });
  it('SM-KA-004 flags an expired certificate', () => {
    expect(ids([tlsSecret('old-tls', expired.tlsCrt, expired.tlsKey)], 'SM-KA-004').join()).toMatch(/expired on/);
  });
  it('SM-KA-004 flags a key that belongs to another certificate, and a chain in the wrong order', () => {
    expect(ids([tlsSecret('web-tls', good.tlsCrt, other.tlsKey)], 'SM-KA-004').join()).toMatch(/not the key of the first certificate/);
    expect(ids([tlsSecret('web-tls', root.caCrt + good.tlsCrt, good.tlsKey)], 'SM-KA-004').join()).toMatch(/not the key of the first certificate/);
  });
  it('SM-KA-004 flags values that are not PEM (base64-encoded twice) and missing keys', () => {
    expect(ids([tlsSecret('web-tls', Buffer.from(good.tlsCrt).toString('base64'), good.tlsKey)], 'SM-KA-004').join()).toMatch(/no PEM certificate.*base64-encoded twice/);
    const missing = { apiVersion: 'v1', kind: 'Secret', type: 'kubernetes.io/tls', metadata: { name: 'x', namespace: 'shop' }, data: { 'tls.crt': 'eA==' } } as K8sObject;
    expect(ids([missing], 'SM-KA-004').join()).toMatch(/no tls\.key key/);
  });

  it('SM-KA-004 reads an Opaque Secret a Gateway names as its credential in Istio\'s generic cert/key format', () => {
    const b = (t: string): string => Buffer.from(t).toString('base64');
    const opaque = (data: Record<string, string>): K8sObject => ({ apiVersion: 'v1', kind: 'Secret', type: 'Opaque', metadata: { name: 'shop-cred', namespace: 'istio-system' }, data }) as K8sObject;
    const gateway = { apiVersion: 'networking.istio.io/v1', kind: 'Gateway', metadata: { name: 'shop', namespace: 'shop' }, spec: { selector: { istio: 'ingressgateway' }, servers: [{ port: { number: 443, name: 'https', protocol: 'HTTPS' }, hosts: ['shop.example.com'], tls: { mode: 'SIMPLE', credentialName: 'shop-cred' } }] } } as K8sObject;
    expect(ids([gateway, opaque({ cert: b(good.tlsCrt), key: b(good.tlsKey) })], 'SM-KA-004')).toEqual([]);
    expect(ids([gateway, opaque({ cert: b(good.tlsCrt), key: b(other.tlsKey) })], 'SM-KA-004').join()).toMatch(/key is not the key of the first certificate in cert/);
    expect(ids([gateway, opaque({ cert: b(good.tlsCrt) })], 'SM-KA-004').join()).toMatch(/Gateway credential without key:/);
    expect(ids([opaque({ cert: 'eA==' })], 'SM-KA-004')).toEqual([]); // not a credential: not read
  });

  it('SM-CM-110 accepts a real CSR and refuses a certificate given as the request', async () => {
    const keys = await webcrypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, ['sign', 'verify']);
    const csr = await x509.Pkcs10CertificateRequestGenerator.create({ name: 'CN=web', keys: keys as never, signingAlgorithm: { name: 'ECDSA', hash: 'SHA-256' } });
    const request = (pem: string): K8sObject => ({ apiVersion: 'cert-manager.io/v1', kind: 'CertificateRequest', metadata: { name: 'web', namespace: 'shop' }, spec: { issuerRef: { name: 'ca', kind: 'ClusterIssuer' }, request: Buffer.from(pem).toString('base64') } }) as K8sObject;
    expect(ids([request(csr.toString('pem'))], 'SM-CM-110')).toEqual([]);
    expect(ids([request(good.tlsCrt)], 'SM-CM-110').join()).toMatch(/not a PKCS#10 CSR/);
  });

  it('SM-CM-109 accepts a caBundle holding a real certificate', () => {
    const caBundle = Buffer.from(root.caCrt).toString('base64');
    expect(issuerSpecProblems({ acme: { server: 'https://acme.example/directory', privateKeySecretRef: { name: 'acct' }, caBundle } })).toEqual([]);
    expect(issuerSpecProblems({ vault: { server: 's', path: 'p', caBundle, auth: { tokenSecretRef: { name: 't', key: 'k' } } } })).toEqual([]);
  });
});

describe('shapes that look dangerous but are fine, and suppressions', () => {
  it('SM-IS-027 is silenced by a suppression with a reason', () => {
    const base = ap('public', 'shop', { selector: { matchLabels: { app: 'web' } }, rules: [{}] });
    const open = { ...base, metadata: { ...base.metadata, annotations: { 'secure-mesh.io/suppressions': 'SM-IS-027: the web frontend is public by design' } } } as K8sObject;
    const findings = runPack([open]).filter((f) => f.ruleId === 'SM-IS-027');
    expect(findings).toHaveLength(1);
    expect(findings[0].suppressed).toMatch(/public by design/);
  });
  it('SM-IS-024 flags a *.local ISTIO_MUTUAL rule in the root namespace covering a namespace without injection', () => {
    const rule = dr('mesh-mtls', 'istio-system', { host: '*.local', trafficPolicy: { tls: { mode: 'ISTIO_MUTUAL' } } });
    expect(ids([meshedNs('shop'), rule], 'SM-IS-024')).toEqual([]);
    expect(ids([meshedNs('shop'), ns('data'), rule], 'SM-IS-024').join()).toMatch(/namespace data without sidecar injection/);
    expect(ids([meshedNs('shop'), deployment('etcd', 'shop', { labels: { app: 'etcd', 'sidecar.istio.io/inject': 'false' } }), rule], 'SM-IS-024').join()).toMatch(/Deployment\/shop\/etcd has no sidecar/);
  });
  it('SM-IS-032 does not judge a namespace whose pods the input does not show', () => {
    const sel = ap('web', 'shop', { selector: { matchLabels: { app: 'web-server' } }, rules: [{ from: [{ source: { namespaces: ['shop'] } }] }] });
    expect(ids([sel], 'SM-IS-032')).toEqual([]);
    expect(ids([deployment('web', 'shop', {}), sel], 'SM-IS-032')).toHaveLength(1);
    expect(ids([deployment('web', 'shop', {}), sel, { apiVersion: 'argoproj.io/v1alpha1', kind: 'Rollout', metadata: { name: 'web-server', namespace: 'shop' }, spec: {} } as K8sObject], 'SM-IS-032')).toEqual([]);
  });
  it('every non-compliant fixture of the §3 rules is also an error or warning of the severity the rule declares', () => {
    for (const [id, fixture] of Object.entries(SHAPE_FIXTURES)) {
      for (const objs of fixture.nonCompliant) expect({ id, hits: ids(objs, id).length > 0 }).toEqual({ id, hits: true });
    }
  });
});

describe('SM-IS-032 leaves alone what manifests cannot show', () => {
  const allow = (selector: Record<string, string>, namespace = 'shop'): K8sObject => ap('web', namespace, { selector: { matchLabels: selector }, rules: [{ from: [{ source: { namespaces: ['shop'] } }] }] });
  it('labels that controllers and the injector add to pods', () => {
    expect(ids([deployment('db', 'shop', {}), allow({ 'statefulset.kubernetes.io/pod-name': 'db-0' })], 'SM-IS-032')).toEqual([]);
    expect(ids([deployment('db', 'shop', {}), allow({ 'security.istio.io/tlsMode': 'istio', app: 'db' })], 'SM-IS-032')).toEqual([]);
  });
  it('Knative revision pods (their labels are not the template\'s)', () => {
    const ksvc = { apiVersion: 'serving.knative.dev/v1', kind: 'Service', metadata: { name: 'iris', namespace: 'shop' }, spec: { template: { spec: { containers: [{ image: 'x' }] } } } } as K8sObject;
    expect(ids([ksvc, allow({ 'serving.knative.dev/revision': 'iris-00001' })], 'SM-IS-032')).toEqual([]);
  });
});

describe('SM-IS-029 next to the Sidecars secure-mesh emits', () => {
  it('flags a user\'s selector-less Sidecar in a namespace that already has our default one, naming both', () => {
    const { objects } = synthesizeMesh(platformDefinition);
    const ours = objects.find((o) => o.kind === 'Sidecar' && o.metadata.name === 'default')!;
    expect(ours).toBeDefined();
    const namespace = ours.metadata.namespace!;
    expect(ids(objects, 'SM-IS-029')).toEqual([]);
    const mine = { apiVersion: 'networking.istio.io/v1', kind: 'Sidecar', metadata: { name: 'registry-only', namespace }, spec: { outboundTrafficPolicy: { mode: 'REGISTRY_ONLY' } } } as K8sObject;
    const hits = runPack([...objects, mine]).filter((f) => f.ruleId === 'SM-IS-029');
    expect(hits.map((h) => h.object).sort()).toEqual([`Sidecar/${namespace}/default`, `Sidecar/${namespace}/registry-only`]);
  });
});
