/**
 * Connectivity semantics taken from Kubernetes and Istio (issue 13 §1), each on hand-written manifests and asserted on
 * the report and the diff, and where the independent evaluator (test/evaluator) models the field, cross-checked with
 * it: endPort ranges, ipBlock `except` as exact address sets, ports nobody declares, destinations outside the
 * cluster, gateway identity, ANDed AuthorizationPolicy operations with DENY removals, and TLS the application does.
 */
import * as fs from 'fs';
import * as path from 'path';
import type { K8sObject } from '../../lib/k8s-object';
import { accessWidens, analyzeConnectivity, diffConnectivity, renderConnectivity, type Access, type ConnectivityReport } from '../../lib/report';
import { changeWidens } from '../../lib/report/diff';
import { atoms, cidrInterval, describeSet, ipBlockSet } from '../../lib/report/ip-set';
import { synthesizeMesh } from '../../lib/mesh/synthesize';
import { evaluate, type Cluster, type Pod } from '../evaluator';
import { runCliInProcess, tempDir } from '../cli/run-cli';

const ns = (name: string, labels: Record<string, string> = {}): K8sObject => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels } });
const deployment = (namespace: string, name: string, labels: Record<string, string>, spec: Record<string, unknown> = {}, ports: unknown[] = [{ name: 'http', containerPort: 8080 }], annotations?: Record<string, string>): K8sObject => ({
  apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name, namespace },
  spec: { selector: { matchLabels: labels }, template: { metadata: { labels, ...(annotations ? { annotations } : {}) }, spec: { containers: [{ name: 'app', ports }], ...spec } } },
});
const np = (namespace: string, name: string, spec: unknown): K8sObject => ({ apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name, namespace }, spec });
const ap = (namespace: string, name: string, spec: unknown): K8sObject => ({ apiVersion: 'security.istio.io/v1', kind: 'AuthorizationPolicy', metadata: { name, namespace }, spec });
const pa = (namespace: string, name: string, spec: unknown): K8sObject => ({ apiVersion: 'security.istio.io/v1', kind: 'PeerAuthentication', metadata: { name, namespace }, spec });
const service = (namespace: string, name: string, selector: Record<string, string>, ports: unknown[]): K8sObject => ({ apiVersion: 'v1', kind: 'Service', metadata: { name, namespace }, spec: { selector, ports } });
const certificate = (namespace: string, name: string, dnsNames: string[]): K8sObject => ({
  apiVersion: 'cert-manager.io/v1', kind: 'Certificate', metadata: { name, namespace }, spec: { secretName: name, dnsNames, issuerRef: { name: 'ca', kind: 'Issuer' } },
});

/** Plain namespace `shop` (no sidecars): api calls db. */
const plain = [ns('shop'), deployment('shop', 'api', { app: 'api' }), deployment('shop', 'db', { app: 'db' }, {}, [])];
const dbIngress = (rule: Record<string, unknown>) => np('shop', 'db', { podSelector: { matchLabels: { app: 'db' } }, policyTypes: ['Ingress'], ingress: [rule] });
const fromApi = { from: [{ podSelector: { matchLabels: { app: 'api' } } }] };

const pair = (r: ConnectivityReport, from: string, to: string) => r.access.filter((a) => a.from === from && a.to === to);
const terms = (a: Access) => ({ ports: a.ports, methods: a.methods, paths: a.paths, notMethods: a.notMethods, notPaths: a.notPaths, hosts: a.hosts, notHosts: a.notHosts, mtls: a.mtls });

/** The evaluator's cluster for the same objects (its own reading of them: test/evaluator). */
function cluster(objects: readonly K8sObject[]): Cluster {
  return { objects: [...objects], namespaces: objects.filter((o) => o.kind === 'Namespace').map((o) => ({ name: o.metadata.name, labels: o.metadata.labels ?? {} })) };
}
const pod = (namespace: string, app: string, extra: Partial<Pod> = {}): Pod => ({ namespace, labels: { app }, serviceAccount: 'default', sidecar: false, ...extra });

describe('NetworkPolicy endPort: inclusive ranges, reported and diffed as ranges', () => {
  test('a 1000-2000 rule is the range 1000-2000, not the ports 1000 and 2000; the evaluator agrees inside and outside', async () => {
    const objects = [...plain, dbIngress({ ...fromApi, ports: [{ protocol: 'TCP', port: 1000, endPort: 2000 }] })];
    const r = analyzeConnectivity(objects);
    expect(pair(r, 'shop/api', 'shop/db').map((a) => a.ports)).toEqual([['1000-2000']]);
    const c = cluster(objects);
    for (const port of [1000, 1500, 2000]) expect(evaluate(c, { from: pod('shop', 'api'), to: pod('shop', 'db'), port }).allowed).toBe(true);
    for (const port of [999, 2001]) expect(evaluate(c, { from: pod('shop', 'api'), to: pod('shop', 'db'), port }).allowed).toBe(false);
    const md = await renderConnectivity(r, 'markdown');
    expect(md).toContain('`shop/api` → `shop/db`: ports 1000-2000 (plaintext)');
  });

  test('1-65535 is every port; a single port next to a range stays single', () => {
    const all = analyzeConnectivity([...plain, dbIngress({ ...fromApi, ports: [{ port: 1, endPort: 65535 }] })]);
    expect(pair(all, 'shop/api', 'shop/db').map((a) => a.ports)).toEqual([[]]);
    const mixed = analyzeConnectivity([...plain, dbIngress({ ...fromApi, ports: [{ port: 5432 }, { port: 9000, endPort: 9100 }] })]);
    expect(pair(mixed, 'shop/api', 'shop/db').map((a) => a.ports)).toEqual([[5432, '9000-9100']]);
    // A port declared inside the range (evaluated on its own) is reported within the range, not beside it.
    const inside = analyzeConnectivity([plain[0], plain[1], deployment('shop', 'db', { app: 'db' }, {}, [{ containerPort: 1500 }]), dbIngress({ ...fromApi, ports: [{ port: 1000, endPort: 2000 }] })]);
    expect(pair(inside, 'shop/api', 'shop/db').map((a) => a.ports)).toEqual([['1000-2000']]);
  });

  test('diff compares ranges: wider range widens, narrower does not', () => {
    const at = (lo: number, hi: number) => analyzeConnectivity([...plain, dbIngress({ ...fromApi, ports: [{ port: lo, endPort: hi }] })]);
    const wider = diffConnectivity(at(1000, 2000), at(1000, 3000));
    expect(wider.changed.map((c) => [c.before.ports, c.after.ports])).toEqual([[['1000-2000'], ['1000-3000']]]);
    expect(accessWidens(wider)).toBe(true);
    const narrower = diffConnectivity(at(1000, 2000), at(1200, 1500));
    expect(narrower.changed).toHaveLength(1);
    expect(accessWidens(narrower)).toBe(false);
  });
});

describe('ipBlock except: exact address sets (IPv4 and IPv6)', () => {
  test('interval arithmetic: cidr less except, named exactly', () => {
    expect(describeSet(ipBlockSet('0.0.0.0/0', ['10.0.0.0/8'])!)).toBe('0.0.0.0/0 except 10.0.0.0/8');
    expect(describeSet(ipBlockSet('10.0.0.0/8', ['10.0.0.0/16'])!)).toBe('10.0.0.0/8 except 10.0.0.0/16');
    expect(describeSet(ipBlockSet('10.0.0.0/8', ['10.0.0.0/9'])!)).toBe('10.128.0.0/9');
    expect(describeSet(ipBlockSet('2001:db8::/32', ['2001:db8::/48'])!)).toBe('2001:db8::/32 except 2001:db8::/48');
    expect(ipBlockSet('10.0.0.0/8', ['10.0.0.0/8'])).toEqual([]);
    // host bits are masked, as the API server and Istio do
    expect(cidrInterval('10.1.2.3/8')).toEqual(cidrInterval('10.0.0.0/8'));
    const regions = atoms([ipBlockSet('0.0.0.0/0', ['10.0.0.0/8'])!, ipBlockSet('10.1.0.0/16')!, ipBlockSet('0.0.0.0/0')!]);
    expect(new Map(regions.map((a) => [describeSet(a.set), a.members]))).toEqual(new Map([
      ['0.0.0.0/0 except 10.0.0.0/8', [0, 2]], ['10.0.0.0/8 except 10.1.0.0/16', [2]], ['10.1.0.0/16', [1, 2]],
    ]));
  });

  test('0.0.0.0/0 except 10.0.0.0/8 is not shown as 0.0.0.0/0; 10.0.0.0/8 except 10.0.0.0/16 still admits the rest', () => {
    const r = analyzeConnectivity([...plain, np('shop', 'db', {
      podSelector: { matchLabels: { app: 'db' } },
      ingress: [{ from: [{ ipBlock: { cidr: '0.0.0.0/0', except: ['10.0.0.0/8'] } }], ports: [{ port: 5432 }] }, { from: [{ ipBlock: { cidr: '10.0.0.0/8', except: ['10.0.0.0/16'] } }], ports: [{ port: 6432 }] }],
    })]);
    const callers = r.access.filter((a) => a.to === 'shop/db').map((a) => [a.from, a.ports]);
    expect(callers).toEqual([['cidr:0.0.0.0/0 except 10.0.0.0/8', [5432]], ['cidr:10.0.0.0/8 except 10.0.0.0/16', [6432]]]);
    expect(r.access.some((a) => a.from === 'cidr:0.0.0.0/0')).toBe(false);
    // The evaluator: an address of each set is admitted on its port, an excepted one is not.
    const c = cluster([...plain, np('shop', 'db', {
      podSelector: { matchLabels: { app: 'db' } },
      ingress: [{ from: [{ ipBlock: { cidr: '0.0.0.0/0', except: ['10.0.0.0/8'] } }], ports: [{ port: 5432 }] }, { from: [{ ipBlock: { cidr: '10.0.0.0/8', except: ['10.0.0.0/16'] } }], ports: [{ port: 6432 }] }],
    })]);
    const outside = (ip: string): Pod => ({ namespace: 'elsewhere', labels: {}, serviceAccount: 'default', sidecar: false, ip });
    expect(evaluate(c, { from: outside('192.168.1.1'), to: pod('shop', 'db'), port: 5432 }).allowed).toBe(true);
    expect(evaluate(c, { from: outside('10.200.0.1'), to: pod('shop', 'db'), port: 6432 }).allowed).toBe(true);
    expect(evaluate(c, { from: outside('10.0.0.1'), to: pod('shop', 'db'), port: 6432 }).allowed).toBe(false);
  });

  test('IPv6 blocks with except', () => {
    const r = analyzeConnectivity([...plain, dbIngress({ from: [{ ipBlock: { cidr: '::/0', except: ['fd00::/8'] } }] })]);
    expect(r.access.filter((a) => a.to === 'shop/db').map((a) => a.from)).toEqual(['cidr:::/0 except fd00::/8']);
  });
});

describe('declared container ports do not limit traffic', () => {
  test('an egress rule ports: [5432] without `to` reaches a database that declares no containerPort', () => {
    const r = analyzeConnectivity([...plain, np('shop', 'api-egress', { podSelector: { matchLabels: { app: 'api' } }, policyTypes: ['Egress'], egress: [{ ports: [{ port: 5432 }] }] })]);
    expect(pair(r, 'shop/api', 'shop/db').map((a) => a.ports)).toEqual([[5432]]);
    const c = cluster([...plain, np('shop', 'api-egress', { podSelector: { matchLabels: { app: 'api' } }, policyTypes: ['Egress'], egress: [{ ports: [{ port: 5432 }] }] })]);
    expect(evaluate(c, { from: pod('shop', 'api'), to: pod('shop', 'db'), port: 5432 }).allowed).toBe(true);
    expect(evaluate(c, { from: pod('shop', 'api'), to: pod('shop', 'db'), port: 5433 }).allowed).toBe(false);
  });
});

describe('destinations outside the cluster', () => {
  const denyEgress = np('shop', 'api-egress', { podSelector: { matchLabels: { app: 'api' } }, policyTypes: ['Egress'], egress: [{ to: [{ podSelector: { matchLabels: { app: 'db' } } }] }] });
  const internet = np('shop', 'api-internet', { podSelector: { matchLabels: { app: 'api' } }, policyTypes: ['Egress'], egress: [{ to: [{ ipBlock: { cidr: '0.0.0.0/0' } }], ports: [{ port: 443 }] }] });

  test('egress to 0.0.0.0/0:443 is an access to the address set, and adding it widens', async () => {
    const before = analyzeConnectivity([...plain, denyEgress]);
    expect(before.access.filter((a) => a.from === 'shop/api' && (a.to.startsWith('cidr:') || a.to === 'any'))).toEqual([]);
    const after = analyzeConnectivity([...plain, denyEgress, internet]);
    expect(pair(after, 'shop/api', 'cidr:0.0.0.0/0').map((a) => [a.ports, a.mtls])).toEqual([[[443], 'plaintext']]);
    // The evaluator: an address outside the cluster is reached on 443 only after the change.
    const internetHost: Pod = { namespace: 'outside', labels: {}, serviceAccount: 'default', sidecar: false, ip: '203.0.113.7' };
    expect(evaluate(cluster([...plain, denyEgress]), { from: pod('shop', 'api'), to: internetHost, port: 443 }).allowed).toBe(false);
    expect(evaluate(cluster([...plain, denyEgress, internet]), { from: pod('shop', 'api'), to: internetHost, port: 443 }).allowed).toBe(true);
    expect(evaluate(cluster([...plain, denyEgress, internet]), { from: pod('shop', 'api'), to: internetHost, port: 80 }).allowed).toBe(false);
    const diff = diffConnectivity(before, after);
    expect(diff.added.map((a) => `${a.from} → ${a.to} ${a.ports.join(',')}`)).toContain('shop/api → cidr:0.0.0.0/0 443');
    expect(accessWidens(diff)).toBe(true);
    // shown in the matrix, the diagram and the JSON
    expect(await renderConnectivity(after, 'markdown')).toContain('`cidr:0.0.0.0/0`');
    expect(await renderConnectivity(after, 'mermaid')).toContain('"cidr:0.0.0.0/0"');
    expect(JSON.parse(await renderConnectivity(after, 'json')).access.some((a: Access) => a.to === 'cidr:0.0.0.0/0')).toBe(true);
  });

  test('a pod without egress policy reaches anywhere outside (`any`, all ports)', () => {
    const r = analyzeConnectivity(plain);
    expect(pair(r, 'shop/db', 'any').map((a) => a.ports)).toEqual([[]]);
  });

  test('diff --fail-on-widen fails when egress to 0.0.0.0/0:443 is added', async () => {
    const dir = tempDir('external-egress');
    try {
      const write = (name: string, objects: K8sObject[]) => fs.writeFileSync(path.join(dir, name), objects.map((o) => JSON.stringify(o)).join('\n---\n'));
      write('before.yaml', [...plain, denyEgress]);
      write('after.yaml', [...plain, denyEgress, internet]);
      const same = await runCliInProcess(['diff', 'before.yaml', 'before.yaml', '--fail-on-widen'], dir);
      expect(same.code).toBe(0);
      const widened = await runCliInProcess(['diff', 'before.yaml', 'after.yaml', '--fail-on-widen'], dir);
      expect(widened.code).toBe(1);
      expect(widened.stdout).toContain('`shop/api` → `cidr:0.0.0.0/0`: port 443');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 60000);
});

describe('Istio gateway pods call with their identity', () => {
  test('an ingress gateway (inject "false", proxy router) is admitted by a principal rule under STRICT', () => {
    const gateway = deployment('istio-system', 'istio-ingressgateway', { app: 'istio-ingressgateway', istio: 'ingressgateway', 'sidecar.istio.io/inject': 'false' },
      { serviceAccountName: 'istio-ingressgateway-service-account', containers: [{ name: 'istio-proxy', image: 'docker.io/istio/proxyv2:1.30.3', args: ['proxy', 'router'] }] });
    const objects = [
      ns('istio-system'), ns('shop', { 'istio-injection': 'enabled' }), gateway, deployment('shop', 'web', { app: 'web' }),
      pa('istio-system', 'default', { mtls: { mode: 'STRICT' } }),
      ap('shop', 'web', { selector: { matchLabels: { app: 'web' } }, action: 'ALLOW', rules: [{ from: [{ source: { principals: ['cluster.local/ns/istio-system/sa/istio-ingressgateway-service-account'] } }] }] }),
    ];
    const r = analyzeConnectivity(objects);
    expect(pair(r, 'istio-system/istio-ingressgateway', 'shop/web').map((a) => [a.ports, a.mtls])).toEqual([[[], 'mutual']]);
    // An AuthorizationPolicy selecting the gateway applies to it (callers reach it without mesh mTLS).
    const guarded = analyzeConnectivity([...objects, ap('istio-system', 'gw', { selector: { matchLabels: { istio: 'ingressgateway' } }, rules: [{ to: [{ operation: { ports: ['8443'] } }] }] })]);
    expect(guarded.access.filter((a) => a.to === 'istio-system/istio-ingressgateway' && a.from === 'any').map((a) => a.ports)).toEqual([[8443]]);
  });
});

describe('AuthorizationPolicy operations: fields ANDed, exclusions and DENY in the verdict', () => {
  const meshed = [ns('shop', { 'istio-injection': 'enabled' }), deployment('shop', 'api', { app: 'api' }), deployment('shop', 'db', { app: 'db' })];
  const allowOp = (operation: Record<string, unknown>) => ap('shop', 'db', { selector: { matchLabels: { app: 'db' } }, rules: [{ to: [{ operation }] }] });
  const toDb = (objects: K8sObject[]) => pair(analyzeConnectivity(objects), 'shop/api', 'shop/db').map(terms);

  test('methods [GET, PUT] with notMethods [GET] admits PUT only; methods [GET] with notMethods [GET] admits nothing', () => {
    expect(toDb([...meshed, allowOp({ methods: ['GET', 'PUT'], notMethods: ['GET'] })])).toEqual([{ ports: [], methods: ['PUT'], paths: [], mtls: 'mutual' }]);
    expect(toDb([...meshed, allowOp({ methods: ['GET'], notMethods: ['GET'] })])).toEqual([]);
    const c = cluster([...meshed, allowOp({ methods: ['GET', 'PUT'], notMethods: ['GET'] })]);
    const req = (method: string) => evaluate(c, { from: pod('shop', 'api', { sidecar: true }), to: pod('shop', 'db', { sidecar: true }), port: 8080, method, path: '/' }).allowed;
    expect([req('PUT'), req('GET')]).toEqual([true, false]);
  });

  test('notPaths, notMethods alone and hosts are in the access', () => {
    expect(toDb([...meshed, allowOp({ paths: ['/api/*'], notPaths: ['/api/admin'] })])).toEqual([{ ports: [], methods: [], paths: ['/api/*'], notPaths: ['/api/admin'], mtls: 'mutual' }]);
    expect(toDb([...meshed, allowOp({ paths: ['/a', '/b'], notPaths: ['/b'] })])).toEqual([{ ports: [], methods: [], paths: ['/a'], mtls: 'mutual' }]);
    expect(toDb([...meshed, allowOp({ notMethods: ['DELETE'] })])).toEqual([{ ports: [], methods: [], paths: [], notMethods: ['DELETE'], mtls: 'mutual' }]);
    expect(toDb([...meshed, allowOp({ hosts: ['db.example.com'], ports: ['8080'] })])).toEqual([{ ports: [8080], methods: [], paths: [], hosts: ['db.example.com'], mtls: 'mutual' }]);
    // Every port but 8080, exactly.
    expect(toDb([...meshed, allowOp({ notPorts: ['8080'] })]).map((a) => a.ports)).toEqual([['1-8079', '8081-65535']]);
  });

  test('DENY with HTTP fields removes those requests from what ALLOW grants', () => {
    const deny = (operation: Record<string, unknown>) => ap('shop', 'db-deny', { selector: { matchLabels: { app: 'db' } }, action: 'DENY', rules: [{ to: [{ operation }] }] });
    expect(toDb([...meshed, deny({ methods: ['DELETE'] })])).toEqual([{ ports: [], methods: [], paths: [], notMethods: ['DELETE'], mtls: 'mutual' }]);
    expect(toDb([...meshed, allowOp({ methods: ['GET', 'DELETE'] }), deny({ methods: ['DELETE'] })])).toEqual([{ ports: [], methods: ['GET'], paths: [], mtls: 'mutual' }]);
    expect(toDb([...meshed, allowOp({ methods: ['DELETE'] }), deny({ methods: ['DELETE'] })])).toEqual([]);
    expect(toDb([...meshed, allowOp({ paths: ['/a', '/b'] }), deny({ paths: ['/b'] })])).toEqual([{ ports: [], methods: [], paths: ['/a'], mtls: 'mutual' }]);
    expect(toDb([...meshed, deny({ notMethods: ['GET'] })])).toEqual([{ ports: [], methods: ['GET'], paths: [], mtls: 'mutual' }]);
    // the evaluator: DELETE refused, GET admitted, plain TCP refused (HTTP fields of a DENY are ignored on TCP)
    const c = cluster([...meshed, deny({ methods: ['DELETE'] })]);
    const from = pod('shop', 'api', { sidecar: true });
    const to = pod('shop', 'db', { sidecar: true });
    expect(evaluate(c, { from, to, port: 8080, method: 'DELETE', path: '/' }).allowed).toBe(false);
    expect(evaluate(c, { from, to, port: 8080, method: 'GET', path: '/' }).allowed).toBe(true);
    expect(evaluate(c, { from, to, port: 8080, http: false }).allowed).toBe(false);
  });

  test('diff: dropping an exclusion widens, adding one narrows', () => {
    const before = analyzeConnectivity([...meshed, allowOp({ notMethods: ['DELETE'] })]);
    const after = analyzeConnectivity([...meshed, allowOp({})]);
    expect(accessWidens(diffConnectivity(before, after))).toBe(true);
    expect(accessWidens(diffConnectivity(after, before))).toBe(false);
  });
});

describe('TLS the application does is not plaintext', () => {
  test('a Certificate for the destination\'s Service, a TLS port name, istiod 15012: "app TLS"', async () => {
    const objects = [
      ...plain,
      service('shop', 'db', { app: 'db' }, [{ name: 'tcp', port: 5432 }]), certificate('shop', 'db-tls', ['db.shop.svc.cluster.local']),
      deployment('shop', 'db2', { app: 'db2' }, {}, [{ name: 'https', containerPort: 8443 }, { name: 'metrics', containerPort: 9090 }]),
      deployment('istio-system', 'istiod', { app: 'istiod' }, {}, [{ containerPort: 15012 }, { containerPort: 15014 }]),
      np('shop', 'db', { podSelector: { matchLabels: { app: 'db' } }, ingress: [{ ...fromApi, ports: [{ port: 5432 }] }] }),
    ];
    const r = analyzeConnectivity(objects);
    expect(pair(r, 'shop/api', 'shop/db').map((a) => [a.ports, a.mtls])).toEqual([[[5432], 'app-tls']]);
    const toDb2 = pair(r, 'shop/api', 'shop/db2').map((a) => [a.ports, a.mtls]);
    expect(toDb2).toContainEqual([[8443], 'app-tls']);
    expect(toDb2).toContainEqual([['1-8442', '8444-65535'], 'plaintext']);
    expect(pair(r, 'shop/api', 'istio-system/istiod').map((a) => [a.ports, a.mtls])).toContainEqual([[15012], 'app-tls']);
    const md = await renderConnectivity(r, 'markdown');
    expect(md).toContain('`shop/api` → `shop/db`: port 5432 (app TLS)');
    expect(md).toContain('`app TLS` = no mesh mTLS, but the destination declares TLS');
  });

  test('ModelMesh: the controller reaches the runtimes on 8001 and 8033 with app TLS', () => {
    const { objects } = synthesizeMesh(require('yaml').parse(fs.readFileSync(path.join(__dirname, '..', '..', 'examples', 'modelmesh.yaml'), 'utf8')).spec);
    const r = analyzeConnectivity(objects);
    expect(pair(r, 'modelmesh-serving/modelmesh-controller', 'modelmesh-serving/modelmesh-serving').map((a) => [a.ports, a.mtls])).toEqual([[[8001, 8033], 'app-tls']]);
  });

  test('sentinel (seed 004): control-api on 8000 with `tls` and no sidecars is app TLS, istiod 15012 too', async () => {
    const spec = require('yaml').parse(fs.readFileSync(path.join(__dirname, '..', '..', 'examples', 'sentinel.yaml'), 'utf8')).spec;
    const unmeshed = { ...spec, namespaces: spec.namespaces.map((n: Record<string, unknown>) => ({ ...n, sidecarInjection: false })) };
    const r = analyzeConnectivity(synthesizeMesh(unmeshed).objects);
    expect(pair(r, 'sentinel-system/pipeline-controller', 'sentinel-system/control-api').map((a) => [a.ports, a.mtls])).toEqual([[[8000], 'app-tls']]);
    const meshed = analyzeConnectivity(synthesizeMesh(spec).objects);
    expect(pair(meshed, 'sentinel-system/pipeline-controller', 'istio-system/istiod').map((a) => [a.ports, a.mtls])).toEqual([[[15012], 'app-tls']]);
    expect(await renderConnectivity(r, 'markdown')).toContain('`sentinel-system/pipeline-controller` → `sentinel-system/control-api`: port 8000 (app TLS)');
  });

  test('losing TLS is widening', () => {
    const before: Access = { from: 'a/x', to: 'a/y', ports: [443], paths: [], methods: [], mtls: 'app-tls', reasons: [] };
    expect(changeWidens(before, { ...before, mtls: 'plaintext' })).toBe(true);
    expect(changeWidens(before, { ...before, mtls: 'mutual' })).toBe(false);
    expect(changeWidens({ ...before, mtls: 'mutual' }, before)).toBe(true);
  });
});

describe('Sidecar egress scoping at the caller', () => {
  test('a host the caller\'s Sidecar does not import is passed through as plaintext (refused by STRICT)', () => {
    const sidecar = (namespace: string, hosts: string[]): K8sObject => ({ apiVersion: 'networking.istio.io/v1', kind: 'Sidecar', metadata: { name: 'default', namespace }, spec: { egress: [{ hosts }] } });
    const objects = [
      ns('shop', { 'istio-injection': 'enabled' }), ns('other', { 'istio-injection': 'enabled' }),
      deployment('shop', 'api', { app: 'api' }), deployment('other', 'svc', { app: 'svc' }), deployment('other', 'locked', { app: 'locked' }),
      pa('other', 'locked', { selector: { matchLabels: { app: 'locked' } }, mtls: { mode: 'STRICT' } }),
    ];
    const imported = analyzeConnectivity([...objects, sidecar('shop', ['./*', 'other/*'])]);
    expect(pair(imported, 'shop/api', 'other/svc').map((a) => a.mtls)).toEqual(['mutual']);
    const scoped = analyzeConnectivity([...objects, sidecar('shop', ['./*', 'istio-system/*'])]);
    expect(pair(scoped, 'shop/api', 'other/svc').map((a) => a.mtls)).toEqual(['plaintext']);
    expect(pair(scoped, 'shop/api', 'other/svc')[0].reasons).toContainEqual({ layer: 'mtls', object: 'shop/api', detail: 'Sidecar/shop/default does not import svc.other.svc.cluster.local: the caller\'s sidecar passes the connection through as plaintext' });
    expect(pair(scoped, 'shop/api', 'other/locked')).toEqual([]);
    const c = cluster([...objects, sidecar('shop', ['./*', 'istio-system/*'])]);
    expect(evaluate(c, { from: pod('shop', 'api', { sidecar: true }), to: pod('other', 'locked', { sidecar: true }), port: 8080 }).allowed).toBe(false);
    expect(evaluate(c, { from: pod('shop', 'api', { sidecar: true }), to: pod('other', 'svc', { sidecar: true }), port: 8080 }).allowed).toBe(true);
  });
});

describe('kept as they were (documented in docs/connectivity.md)', () => {
  test('ports the sidecar does not capture are outside AuthorizationPolicy; plaintext callers match notNamespaces', () => {
    const objects = [
      ns('shop', { 'istio-injection': 'enabled' }), ns('legacy'), deployment('shop', 'db', { app: 'db' }, {}, [{ containerPort: 8080 }, { containerPort: 15020 }]), deployment('legacy', 'old', { app: 'old' }),
      ap('shop', 'db', { selector: { matchLabels: { app: 'db' } }, rules: [{ from: [{ source: { notNamespaces: ['blocked'] } }] }] }),
      ap('shop', 'db-only-ns', { selector: { matchLabels: { app: 'nothing' } }, rules: [{}] }),
    ];
    const r = analyzeConnectivity(objects);
    // plaintext from legacy: no namespace, so notNamespaces matches (ISTIO-SECURITY-2021-004)
    expect(pair(r, 'legacy/old', 'shop/db').map((a) => [a.ports, a.mtls])).toEqual([[[], 'plaintext']]);
    const onlyPrincipals = analyzeConnectivity([...objects.slice(0, 4), ap('shop', 'db', { selector: { matchLabels: { app: 'db' } }, rules: [{ from: [{ source: { principals: ['*'] } }] }] })]);
    expect(pair(onlyPrincipals, 'legacy/old', 'shop/db').map((a) => a.ports)).toEqual([[15020]]);
  });
});
