/**
 * `importMesh` on a realistic cluster (test/adopt/fixtures/cluster.yaml): five namespaces, every workload kind,
 * namespaceSelector by name and by labels, matchExpressions, named ports, egress rules, namespaces without any
 * policy, AuthorizationPolicies with principals and namespaces. The round trip manifests -> import -> synth is judged
 * by the independent evaluator, request by request.
 */
import * as fs from 'fs';
import * as path from 'path';
import { importMesh } from '../../lib/adopt/import-mesh';
import { roundTrip } from '../../lib/adopt/round-trip';
import { parseManifests } from '../../lib/checks/manifests';
import type { K8sObject } from '../../lib/k8s-object';
import type { WorkloadProps } from '../../lib/model/definition';
import { synthesizeMesh } from '../../lib/mesh/synthesize';
import { clusterOf, compareClusters, podsOf } from './evaluator-pairs';

const FIXTURE = path.join(__dirname, 'fixtures', 'cluster.yaml');
const objects: K8sObject[] = parseManifests(fs.readFileSync(FIXTURE, 'utf8'), FIXTURE).map((l) => l.object);
const REPLACED = new Set(['NetworkPolicy', 'AuthorizationPolicy', 'PeerAuthentication', 'DestinationRule', 'Sidecar']);

/** The cluster after `kubectl apply` of the imported mesh: its objects instead of the manifests' policies. */
export function applied(original: readonly K8sObject[], emitted: readonly K8sObject[]): K8sObject[] {
  return [...original.filter((o) => !REPLACED.has(o.kind)), ...emitted];
}

const result = importMesh(objects);
const spec = result.meshFile.spec;
const workload = (id: string): WorkloadProps => spec.workloads!.find((w) => `${w.namespace}/${w.name}` === id)!;

test('the round trip allows exactly the requests the manifests allow (independent evaluator, every pair, port and HTTP request)', () => {
  const pods = podsOf(objects);
  expect(pods.map((p) => p.id).sort()).toEqual(spec.workloads!.map((w) => `${w.namespace}/${w.name}`).sort());
  const { widened, narrowed } = compareClusters(clusterOf(objects), clusterOf(applied(objects, synthesizeMesh(spec).objects)), pods);
  expect(widened).toEqual([]);
  // Only what the findings announce: workloads of open namespaces that now list their callers admit only declared ports.
  const listing = result.findings.filter((f) => f.message.includes('lists its callers')).map((f) => f.object);
  expect(listing.sort()).toEqual(['edge/gateway', 'legacy/debug', 'legacy/log-agent', 'legacy/old-app']);
  expect(narrowed.length).toBeGreaterThan(0);
  for (const request of narrowed) expect(request).toMatch(new RegExp(`-> (${listing.join('|')}):61000 `));
});

test('the import checks its own round trip with the connectivity analysis, and finds nothing widened or narrowed', () => {
  expect(roundTrip(result.analyzedObjects, spec, result.workloads, {}, result.report)).toEqual({ widened: [], narrowed: [] });
});

test('workloads of every kind, with selector, service account, Service name and protocols from names and Services', () => {
  expect(spec.workloads!.map((w) => `${w.namespace}/${w.name}`)).toEqual([
    'analytics/reporter', 'edge/gateway', 'legacy/debug', 'legacy/log-agent', 'legacy/old-app',
    'orders/migrate', 'orders/nightly-report', 'orders/orders-api', 'shop/cart', 'shop/db', 'shop/web',
  ]);
  expect(workload('shop/web')).toMatchObject({ serviceAccount: 'web', serviceName: 'storefront', ports: [{ name: 'http', port: 8080, protocol: 'HTTP' }] });
  expect(workload('shop/web').selector).toBeUndefined(); // { app: web } is the default
  expect(workload('legacy/debug')).toMatchObject({ selector: { run: 'debug' }, serviceAccount: 'default' });
  expect(workload('orders/nightly-report')).toMatchObject({ serviceAccount: 'reporter' }); // a CronJob's pod template
  expect(workload('shop/db').ports).toEqual([{ name: 'tcp-pg', port: 5432, protocol: 'TCP' }]);
  // UDP has no counterpart (secure-mesh opens TCP): left out and said.
  expect(workload('legacy/old-app').ports).toEqual([{ port: 80 }]);
  expect(result.findings).toContainEqual(expect.objectContaining({ object: 'Deployment/legacy/old-app', effect: 'narrowed', message: expect.stringContaining('514/UDP') }));
});

test('namespaces: isolation from the policies, sidecar injection and labels from the Namespace objects, mTLS from PeerAuthentications', () => {
  expect(spec.istio).toEqual({ rootNamespace: 'istio-system', mtls: 'PERMISSIVE' });
  expect(spec.namespaces).toEqual([
    { name: 'analytics', sidecarInjection: false, isolation: 'workload', labels: { team: 'data' } },
    { name: 'edge', sidecarInjection: true, isolation: 'none' },
    { name: 'legacy', sidecarInjection: false, isolation: 'none' },
    { name: 'orders', sidecarInjection: true, isolation: 'workload', mtls: 'STRICT' },
    { name: 'shop', sidecarInjection: true, isolation: 'workload', labels: { team: 'shop' } },
  ]);
});

test('ingress: named ports become numbers, label selectors become the workloads they select, principals and namespaces the callers they name', () => {
  expect(workload('shop/cart').ingress).toEqual([{ from: { workload: 'web' }, ports: [8081] }]);
  // matchExpressions (app In [cart, checkout]) and namespaceSelector { team: data }: the workloads they select here.
  expect(workload('shop/db').ingress).toEqual([{ from: [{ workload: 'reporter', namespace: 'analytics' }, { workload: 'cart' }], ports: [5432] }]);
  expect(workload('orders/orders-api').ingress).toEqual(expect.arrayContaining([
    { from: { workload: 'web', namespace: 'shop' }, ports: [9000], paths: ['/orders*'], methods: ['GET', 'POST'] },
    { from: [{ workload: 'migrate' }, { workload: 'nightly-report' }], ports: [9001] },
  ]));
  expect(workload('analytics/reporter').ingress).toEqual([{ from: { cidr: '10.20.0.0/16' }, ports: [8000] }]);
  expect(result.findings).toContainEqual(expect.objectContaining({ object: 'NetworkPolicy/shop/db', effect: 'narrowed', message: expect.stringContaining('namespaceSelector selects namespaces by labels') }));
});

test('egress: ipBlocks with except and ports are kept; a workload whose egress was open keeps it open outward', () => {
  expect(workload('shop/cart').egress).toEqual([{ to: { cidr: '203.0.113.0/24', except: ['203.0.113.128/25'] }, ports: [443] }]);
  expect(workload('orders/orders-api').egress).toEqual([{ to: { cidr: '0.0.0.0/0' } }, { to: { cidr: '::/0' } }]);
  expect(workload('shop/web').egress).toBeUndefined(); // its policy names only pods of these manifests
});

test('a DestinationRule has no counterpart: listed, not imported', () => {
  expect(result.findings).toContainEqual(expect.objectContaining({ object: 'DestinationRule/orders/orders-api', effect: 'not-imported' }));
});

test('namespaces without any policy stay open: no ingress rules, isolation none, exact round trip', () => {
  const open: K8sObject[] = [
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'a' } },
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'b' } },
    ...['a', 'b'].map((ns) => ({
      apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: `app-${ns}`, namespace: ns },
      spec: { selector: { matchLabels: { app: `app-${ns}` } }, template: { metadata: { labels: { app: `app-${ns}` } }, spec: { containers: [{ name: 'c', ports: [{ containerPort: 8080 }] }] } } },
    } as K8sObject)),
  ];
  const r = importMesh(open);
  expect(r.meshFile.spec.istio).toBe(false);
  expect(r.meshFile.spec.namespaces).toEqual([{ name: 'a', isolation: 'none' }, { name: 'b', isolation: 'none' }]);
  expect(r.meshFile.spec.workloads!.every((w) => w.ingress === undefined && w.egress === undefined)).toBe(true);
  const pods = podsOf(open);
  expect(compareClusters(clusterOf(open), clusterOf(applied(open, synthesizeMesh(r.meshFile.spec).objects)), pods)).toEqual({ widened: [], narrowed: [] });
});

test('as `kubectl get -o yaml` lists them: pods of a controller and Jobs of a CronJob are not workloads of their own', () => {
  const owned = (kind: string, name: string, owner: string): K8sObject => ({
    apiVersion: kind === 'Pod' ? 'v1' : 'batch/v1', kind, metadata: { name, namespace: 'orders', ownerReferences: [{ apiVersion: 'batch/v1', kind: owner, name: 'nightly-report', uid: 'u', controller: true }] },
    spec: kind === 'Pod' ? { containers: [{ name: 'c' }] } : { template: { metadata: { labels: { app: 'nightly-report' } }, spec: { containers: [{ name: 'c' }] } } },
  } as K8sObject);
  const r = importMesh([...objects, owned('Job', 'nightly-report-29415840', 'CronJob'), { ...owned('Pod', 'nightly-report-29415840-x7k2p', 'Job'), metadata: { ...owned('Pod', 'p', 'Job').metadata, name: 'nightly-report-29415840-x7k2p', labels: { app: 'nightly-report' } } } as K8sObject]);
  expect(r.meshFile.spec.workloads!.map((w) => w.name).filter((n) => n.startsWith('nightly-report'))).toEqual(['nightly-report']);
});
