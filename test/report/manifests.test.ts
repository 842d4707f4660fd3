/** Hand-written manifests: Deployments and policies written by people, not by secure-mesh. */
import type { K8sObject } from '../../lib/k8s-object';
import { analyzeConnectivity } from '../../lib/report';

const ns = (name: string, labels: Record<string, string> = {}): K8sObject => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels } });
const deployment = (namespace: string, name: string, labels: Record<string, string>, spec: Record<string, unknown> = {}): K8sObject => ({
  apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name, namespace },
  spec: { selector: { matchLabels: labels }, template: { metadata: { labels }, spec: { containers: [{ name: 'app', ports: [{ name: 'http', containerPort: 8080 }] }], ...spec } } },
});
const np = (namespace: string, name: string, spec: unknown): K8sObject => ({ apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name, namespace }, spec });
const ap = (namespace: string, name: string, spec: unknown): K8sObject => ({ apiVersion: 'security.istio.io/v1', kind: 'AuthorizationPolicy', metadata: { name, namespace }, spec });
const pa = (namespace: string, name: string, spec: unknown): K8sObject => ({ apiVersion: 'security.istio.io/v1', kind: 'PeerAuthentication', metadata: { name, namespace }, spec });
const dr = (namespace: string, name: string, spec: unknown): K8sObject => ({ apiVersion: 'networking.istio.io/v1', kind: 'DestinationRule', metadata: { name, namespace }, spec });

const base = [
  ns('shop', { 'istio-injection': 'enabled' }), ns('batch'),
  deployment('shop', 'api', { app: 'api' }, { serviceAccountName: 'api-sa' }),
  deployment('shop', 'db', { app: 'db' }),
  deployment('batch', 'job', { app: 'job' }),
];

describe('hand-written manifests', () => {
  test('workloads come from pod templates: labels, service account, sidecar from the namespace label, hostNetwork', () => {
    const r = analyzeConnectivity([...base, deployment('shop', 'agent', { app: 'agent' }, { hostNetwork: true }), deployment('batch', 'meshed', { app: 'm', 'sidecar.istio.io/inject': 'true' })]);
    const byId = Object.fromEntries(r.workloads.map((w) => [w.id, w]));
    expect(byId['shop/api']).toEqual({ id: 'shop/api', namespace: 'shop', name: 'api', labels: { app: 'api' }, serviceAccount: 'api-sa', sidecar: true });
    expect(byId['shop/db'].serviceAccount).toBe('default');
    expect(byId['batch/job'].sidecar).toBe(false);
    expect(byId['shop/agent'].sidecar).toBe(false);
    expect(byId['batch/meshed'].sidecar).toBe(true);
  });

  test('without any policy everyone reaches everyone; STRICT refuses the plaintext callers', () => {
    const open = analyzeConnectivity(base);
    expect(open.access.filter((a) => a.to === 'shop/db').map((a) => a.from).sort()).toEqual(['any', 'batch/job', 'shop/api']);
    const strict = analyzeConnectivity([...base, pa('istio-system', 'default', { mtls: { mode: 'STRICT' } })]);
    const toDb = strict.access.filter((a) => a.to === 'shop/db');
    expect(toDb.map((a) => [a.from, a.mtls])).toEqual([['shop/api', 'mutual']]);
    expect(toDb[0].reasons).toContainEqual({ layer: 'mtls', object: 'PeerAuthentication/istio-system/default', detail: 'STRICT (mesh default)' });
  });

  test('NetworkPolicy: ingress AND egress, namespaceSelector+podSelector in one peer, named ports', () => {
    const objects = [
      ...base,
      np('shop', 'db', { podSelector: { matchLabels: { app: 'db' } }, ingress: [{ from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'shop' } }, podSelector: { matchLabels: { app: 'api' } } }], ports: [{ port: 'http' }] }] }),
      np('batch', 'deny-egress', { podSelector: {}, policyTypes: ['Egress'] }),
    ];
    const r = analyzeConnectivity(objects);
    const toDb = r.access.filter((a) => a.to === 'shop/db');
    expect(toDb.map((a) => [a.from, a.ports])).toEqual([['shop/api', [8080]]]);
    expect(toDb[0].reasons).toContainEqual({ layer: 'network', object: 'NetworkPolicy/shop/db', detail: 'ingress[0]' });
    // batch/job may not leave its namespace at all
    expect(r.access.filter((a) => a.from === 'batch/job')).toEqual([]);
  });

  test('AuthorizationPolicy: spec {} allows nothing, rules [{}] everything, DENY first, principals need mTLS', () => {
    const nothing = analyzeConnectivity([...base, ap('shop', 'deny-all', {})]);
    expect(nothing.access.filter((a) => a.to.startsWith('shop/'))).toEqual([]);
    const all = analyzeConnectivity([...base, ap('shop', 'deny-all', {}), ap('shop', 'allow-all', { rules: [{}] })]);
    expect(all.access.filter((a) => a.to === 'shop/db').map((a) => a.from).sort()).toEqual(['any', 'batch/job', 'shop/api']);
    const byPrincipal = analyzeConnectivity([
      ...base,
      ap('shop', 'db', { selector: { matchLabels: { app: 'db' } }, rules: [{ from: [{ source: { principals: ['cluster.local/ns/shop/sa/api-sa', 'cluster.local/ns/batch/sa/default'] } }], to: [{ operation: { paths: ['/query'], methods: ['GET'] } }] }] }),
      ap('shop', 'no-admin', { action: 'DENY', rules: [{ to: [{ operation: { paths: ['/admin'] } }] }] }),
    ]);
    const toDb = byPrincipal.access.filter((a) => a.to === 'shop/db');
    // batch/job is named, but has no sidecar: no principal, so not admitted
    expect(toDb.map((a) => [a.from, a.paths, a.methods, a.mtls])).toEqual([['shop/api', ['/query'], ['GET'], 'mutual']]);
    expect(toDb[0].reasons).toContainEqual({ layer: 'authorization', object: 'AuthorizationPolicy/shop/no-admin', detail: 'DENY rules[0] excludes paths /admin' });
  });

  test('DestinationRule tls without mode is DISABLE: plaintext refused by STRICT', () => {
    const r = analyzeConnectivity([
      ...base, pa('shop', 'default', { mtls: { mode: 'STRICT' } }),
      dr('shop', 'db', { host: 'db.shop.svc.cluster.local', trafficPolicy: { tls: { sni: 'db' } } }),
    ]);
    expect(r.access.filter((a) => a.from === 'shop/api' && a.to === 'shop/db')).toEqual([]);
  });

  test('ipBlock callers appear as cidr:<block>', () => {
    const r = analyzeConnectivity([...base, np('batch', 'job', { podSelector: { matchLabels: { app: 'job' } }, ingress: [{ from: [{ ipBlock: { cidr: '10.0.0.0/8' } }], ports: [{ port: 8080 }] }] })]);
    expect(r.access.filter((a) => a.to === 'batch/job').map((a) => [a.from, a.ports])).toEqual([['cidr:10.0.0.0/8', [8080]]]);
  });
});
