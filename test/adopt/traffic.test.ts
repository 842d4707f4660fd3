/**
 * Learning from traffic: Prometheus /api/v1/query responses (fixtures: istio_requests_total and
 * istio_tcp_connections_opened_total summed by workload over 7 days) become exactly the observed calls as ingress
 * rules, limited to what the policies allow, each with how often it was seen; unknown workloads are reported, never
 * invented; `diff --traffic` lists the calls a definition would block and the declared callers nobody used.
 */
import * as fs from 'fs';
import * as path from 'path';
import { importMesh } from '../../lib/adopt/import-mesh';
import { observedCalls, parsePrometheusResponse, TrafficInputError } from '../../lib/adopt/traffic';
import { trafficDiff } from '../../lib/adopt/traffic-diff';
import { parseManifests } from '../../lib/checks/manifests';
import { synthesizeMesh } from '../../lib/mesh/synthesize';
import type { SecureMeshProps } from '../../lib/model/definition';

const dir = path.join(__dirname, 'fixtures');
const read = (f: string) => ({ file: f, text: fs.readFileSync(path.join(dir, f), 'utf8') });
const calls = observedCalls([read('istio-requests.json'), read('istio-tcp-connections.json')]);
const objects = parseManifests(fs.readFileSync(path.join(dir, 'cluster.yaml'), 'utf8'), 'cluster.yaml').map((l) => l.object);

test('observed calls: one per caller and destination, counts summed and rounded, series with no calls dropped', () => {
  // Sorted by destination, then caller.
  expect(calls.map((c) => `${c.from} -> ${c.to} ${c.count} ${c.protocols.join(',')}`)).toEqual([
    'orders/nightly-report -> orders/orders-api 480 grpc',
    'shop/web -> orders/orders-api 5120 http',
    'shop/web -> payments/payments-api 3 http',
    'shop/web -> shop/cart 18234 http',
    'analytics/reporter -> shop/db 31 tcp',
    'shop/cart -> shop/db 412 tcp',
    'shop/web -> shop/db 2 tcp',
    'edge/gateway -> shop/web 90211 http',
    'unknown -> shop/web 17 http',
  ]);
  // migrate -> orders-api had `increase(...) = 0`: not a call.
  expect(calls.some((c) => c.from === 'orders/migrate')).toBe(false);
});

test('the ingress rules are exactly the calls seen that the policies allow, on the ports of the Service they went through', () => {
  const { meshFile, findings, comments } = importMesh(objects, { traffic: calls });
  const spec = meshFile.spec;
  const byId = new Map(spec.workloads!.map((w, i) => [`${w.namespace}/${w.name}`, { w, i }]));
  const rules = (id: string) => byId.get(id)!.w.ingress;
  expect(rules('shop/web')).toEqual([{ from: { workload: 'gateway', namespace: 'edge' }, ports: [8080] }]);
  expect(rules('shop/cart')).toEqual([{ from: { workload: 'web' }, ports: [8081] }]);
  expect(rules('shop/db')).toEqual([{ from: { workload: 'reporter', namespace: 'analytics' }, ports: [5432] }, { from: { workload: 'cart' }, ports: [5432] }]);
  // The policies allow web only GET/POST /orders* on 9000, and nightly-report only 9001: the rules keep those limits.
  expect(rules('orders/orders-api')).toEqual([
    { from: { workload: 'nightly-report' }, ports: [9001] },
    { from: { workload: 'web', namespace: 'shop' }, ports: [9000], paths: ['/orders*'], methods: ['GET', 'POST'] },
  ]);
  // Nothing seen: no rule, and every namespace is isolated (what was not seen is refused).
  expect(rules('legacy/old-app')).toBeUndefined();
  expect(spec.namespaces!.filter((n) => n.managed !== false).every((n) => n.isolation === 'workload')).toBe(true);
  // How often each was seen, as a comment on the rule.
  const web = byId.get('shop/web')!.i;
  expect(comments.rules!.get(`${web}/0`)).toEqual(['seen 90211 times (http, via storefront)']);
  // web -> db was seen but the policies refuse it: not added, said. Unknown workloads: reported, not invented.
  expect(findings).toContainEqual(expect.objectContaining({ object: 'traffic shop/web -> shop/db', effect: 'narrowed' }));
  expect(findings).toContainEqual(expect.objectContaining({ object: 'traffic shop/web -> payments/payments-api', effect: 'not-imported', message: expect.stringContaining('not invented') }));
  expect(findings).toContainEqual(expect.objectContaining({ object: 'traffic unknown -> shop/web', effect: 'not-imported' }));
  expect(spec.workloads!.some((w) => w.name === 'payments-api') || spec.namespaces!.some((n) => n.name === 'payments')).toBe(false);
  expect(() => synthesizeMesh(spec)).not.toThrow();
});

test('diff --traffic: observed calls the definition blocks, calls with undeclared workloads, declared callers never seen', () => {
  const spec = importMesh(objects).meshFile.spec;
  const { mesh, objects: emitted } = synthesizeMesh(spec);
  const diff = trafficDiff(spec, mesh, emitted, calls, {});
  expect(diff.blocked.map((c) => `${c.from} -> ${c.to}`)).toEqual(['shop/web -> shop/db']);
  expect(diff.undeclared.map((c) => `${c.from} -> ${c.to}`)).toEqual(['shop/web -> payments/payments-api', 'unknown -> shop/web']);
  expect(diff.unused).toContainEqual({ rule: expect.stringMatching(/^spec\.workloads\[\d+\]\.ingress\[\d+\]$/), workload: 'orders/orders-api', peer: 'workload orders/migrate' });
  expect(diff.unused.some((u) => u.workload === 'shop/web')).toBe(false); // gateway's calls were seen; the edge namespace peer too
  expect(diff.notJudged.every((u) => u.peer.startsWith('cidr '))).toBe(true);

  // A definition learnt from the same traffic blocks none of the calls the policies allowed, and has no unused rule.
  const learnt = importMesh(objects, { traffic: calls }).meshFile.spec;
  const synthesized = synthesizeMesh(learnt);
  const again = trafficDiff(learnt, synthesized.mesh, synthesized.objects, calls, {});
  expect(again.blocked.map((c) => `${c.from} -> ${c.to}`)).toEqual(['shop/web -> shop/db']);
  expect(again.unused).toEqual([]);
});

test('a call the definition does not allow is reported as blocked (the definition alone decides)', () => {
  const spec: SecureMeshProps = {
    namespaces: [{ name: 'a' }],
    workloads: [{ name: 'x', namespace: 'a', ports: [{ port: 80 }] }, { name: 'y', namespace: 'a', ports: [{ port: 80 }], ingress: [{ from: { workload: 'x' } }] }],
  };
  const { mesh, objects: emitted } = synthesizeMesh(spec);
  const seen = [{ from: 'a/y', to: 'a/x', count: 5, protocols: ['http'], services: [] }, { from: 'a/x', to: 'a/y', count: 9, protocols: ['http'], services: [] }];
  const diff = trafficDiff(spec, mesh, emitted, seen, {});
  expect(diff.blocked.map((c) => `${c.from} -> ${c.to}`)).toEqual(['a/y -> a/x']);
  expect(diff.unused).toEqual([]);
});

describe('the response shape is checked, with the field that is wrong', () => {
  const bad = (body: unknown) => () => parsePrometheusResponse(JSON.stringify(body), 'q.json');
  const series = { metric: { source_workload: 'a', source_workload_namespace: 'n', destination_workload: 'b', destination_workload_namespace: 'n' }, value: [1, '3'] };
  test.each([
    ['not JSON', () => parsePrometheusResponse('{', 'q.json'), /^q\.json: not JSON/],
    ['an error response', bad({ status: 'error', errorType: 'bad_data', error: 'parse error' }), /^q\.json: status: is "error", expected "success" \(bad_data: parse error\)/],
    ['a range query', bad({ status: 'success', data: { resultType: 'matrix', result: [] } }), /^q\.json: data\.resultType: is "matrix", expected "vector"/],
    ['no result list', bad({ status: 'success', data: { resultType: 'vector' } }), /^q\.json: data\.result: missing/],
    ['a label summed away', bad({ status: 'success', data: { resultType: 'vector', result: [series, { ...series, metric: { source_workload: 'a' } }] } }), /^q\.json: data\.result\[1\]\.metric\.source_workload_namespace: missing/],
    ['a value that is not a count', bad({ status: 'success', data: { resultType: 'vector', result: [{ ...series, value: [1, 'NaN'] }] } }), /^q\.json: data\.result\[0\]\.value\[1\]: "NaN" is not a count/],
    ['a value without its timestamp', bad({ status: 'success', data: { resultType: 'vector', result: [{ ...series, value: '3' }] } }), /^q\.json: data\.result\[0\]\.value: expected \[<unix time>, "<count>"\]/],
  ])('%s', (_name, run, message) => {
    expect(run).toThrow(TrafficInputError);
    expect(run).toThrow(message);
  });
});
