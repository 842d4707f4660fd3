/**
 * The analysis must agree with the independent evaluator (test/evaluator) on every pair of the platform
 * example: for each caller, destination and port, every access it reports is allowed by `evaluate`
 * (on its paths and methods) and everything it leaves out is refused.
 */
import { platformDefinition } from '../../apps/platform';
import { synthesizeMesh } from '../../lib/mesh/synthesize';
import { analyzeConnectivity, type ConnectivityReport } from '../../lib/report';
import { evaluate, isolatingPolicies, type Cluster, type Pod, type Request } from '../evaluator';
import { BYPASS, OTHER_PORT, concretePath, disagreements, evaluatorWorld, portsHold, portsToTry } from './evaluator-check';

function setup(): { report: ConnectivityReport; cluster: Cluster; pods: Map<string, Pod>; inferred: ReadonlySet<string> } {
  const { objects } = synthesizeMesh(platformDefinition);
  const report = analyzeConnectivity(objects);
  const { cluster, pods, inferred } = evaluatorWorld(objects, report);
  pods.set('namespace:legacy', { namespace: 'legacy', labels: {}, serviceAccount: 'default', sidecar: false });
  pods.set('namespace:elsewhere', { namespace: 'elsewhere', labels: {}, serviceAccount: 'default', sidecar: false });
  return { report, cluster, pods, inferred };
}

describe('cross-check with the independent evaluator (platform example)', () => {
  const { report, cluster, pods, inferred } = setup();

  // Disagreements are collected and asserted once per test (an expect() per request costs ~50 µs, ~12,000 times).
  test('every reported access is allowed on its ports, paths and methods, and only there', () => {
    let checked = 0;
    const denied: { a: string; reasons: unknown }[] = [];
    for (const a of report.access) {
      const from = pods.get(a.from);
      const to = pods.get(a.to);
      if (!from || !to) continue; // cidr / any: outside the evaluator's pod model
      for (const port of a.ports.length === 0 ? [OTHER_PORT] : a.ports.flatMap(portsToTry)) {
        if (BYPASS.includes(port)) continue;
        const methods = a.methods.length > 0 ? a.methods : ['GET'];
        const paths = a.paths.length > 0 ? a.paths.map(concretePath) : ['/'];
        for (const method of methods) {
          for (const path of paths) {
            const v = evaluate(cluster, { from, to, port, method, path });
            if (!v.allowed) denied.push({ a: `${a.from} → ${a.to}:${port} ${method} ${path}`, reasons: v.reasons });
            checked++;
          }
        }
        // Narrowed paths / methods: something outside them is refused (and so is plain TCP).
        if (a.paths.length > 0) expect(evaluate(cluster, { from, to, port, method: methods[0], path: '/not-declared' }).allowed).toBe(false);
        if (a.methods.length > 0) expect(evaluate(cluster, { from, to, port, method: 'DELETE', path: paths[0] }).allowed).toBe(false);
        if (a.paths.length + a.methods.length > 0) expect(evaluate(cluster, { from, to, port, http: false }).allowed).toBe(false);
        else expect(evaluate(cluster, { from, to, port, http: false }).allowed).toBe(true);
      }
    }
    expect(denied).toEqual([]);
    expect(checked).toBeGreaterThan(20);
  });

  test('every pair and port the report leaves out is refused by the evaluator', () => {
    const destinations = report.workloads;
    const allPorts = [...new Set([...report.access.flatMap((a) => a.ports.flatMap(portsToTry)), 8080, 8443, 9000, 9090, 53, 15012, OTHER_PORT])].filter((p) => !BYPASS.includes(p));
    const allPaths = [...new Set(report.access.flatMap((a) => a.paths).map(concretePath)), '/'];
    let refused = 0;
    const allowed: string[] = [];
    for (const to of destinations) {
      for (const [fromId, from] of pods) {
        if (fromId === to.id) continue;
        // Towards pods known only from selectors, the report shows only callers whose egress names them.
        if (inferred.has(to.id) && isolatingPolicies(cluster, from, 'Egress').length === 0) continue;
        const reported = report.access.filter((a) => a.from === fromId && a.to === to.id);
        for (const port of allPorts) {
          const covering = reported.filter((a) => portsHold(a.ports, port));
          const requests: Request[] = [{ from, to: pods.get(to.id)!, port, http: false }, ...allPaths.flatMap((path) => ['GET', 'POST'].map((method) => ({ from, to: pods.get(to.id)!, port, method, path })))];
          for (const req of requests) {
            if (covering.length > 0) continue; // covered: checked precisely in the test above
            const v = evaluate(cluster, req);
            if (v.allowed) allowed.push(`${fromId} → ${to.id}:${port} ${req.method ?? 'tcp'} ${req.path ?? ''}`);
            refused++;
          }
        }
      }
    }
    expect(allowed).toEqual([]);
    expect(refused).toBeGreaterThan(1000);
  });

  test('every pair, port and request, as the random-mesh check asks them, agrees', () => {
    const { checked, found } = disagreements({ cluster, pods, inferred }, report, [8080, 8443, 9000, 9090, 53, 15012]);
    expect(found).toEqual([]);
    expect(checked).toBeGreaterThan(5000);
  });
});
