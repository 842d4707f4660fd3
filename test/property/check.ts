/**
 * One generated definition, checked end to end: it synthesizes, every object passes strict schema
 * validation, and the evaluator's verdict equals the declared intent for every caller, destination,
 * port and request of the test world.
 */
import { validateObjects, formatViolation } from '../../lib/checks/schema';
import type { SecureMeshProps } from '../../lib/model/definition';
import { synthesizeMesh } from '../../lib/mesh/synthesize';
import { authorizationAllows, evaluate, networkAllows, type Request } from '../evaluator';
import { toYaml } from './arbitraries';
import { Oracle, type Destination, type HttpProbe, type WorldPod } from './oracle';
import { formatMismatches, type Mismatch } from './report';
import { clusterOf } from './world';

function request(c: WorldPod, d: Destination, http?: HttpProbe): Request {
  return { from: c, to: d.pod, port: d.port, ...(http ? { path: http.path, method: http.method } : {}) };
}

/** Synthesis succeeds and every object is schema-valid; throws a readable error otherwise. */
export function synthesizeValid(def: SecureMeshProps) {
  const result = synthesizeMesh(def);
  const violations = validateObjects(result.objects);
  if (violations.length > 0) {
    throw new Error(`${violations.length} schema violation(s):\n${violations.slice(0, 10).map((v) => `  - ${formatViolation(v)}`).join('\n')}\n\nDefinition:\n${toYaml(def)}`);
  }
  return result;
}

/** Every disagreement between the evaluator and the definition. */
export function reachabilityMismatches(def: SecureMeshProps): Mismatch[] {
  const { objects } = synthesizeValid(def);
  const oracle = new Oracle(def);
  const cluster = clusterOf(objects, oracle);
  const mismatches: Mismatch[] = [];
  for (const d of oracle.destinations) {
    const probes: (HttpProbe | undefined)[] = [undefined, ...oracle.httpProbes(d)];
    for (const c of oracle.pods) {
      for (const http of probes) {
        const expected = oracle.expect(c, d, http);
        const actual = evaluate(cluster, request(c, d, http));
        if (actual.allowed !== expected.allowed) mismatches.push({ caller: c, destination: d, http, expected, actual });
      }
      // An undeclared pair between sidecars in an isolated namespace is refused by BOTH layers.
      if (oracle.istio && oracle.networkPolicies && c.sidecar && d.pod.sidecar && oracle.isolated(d) && !oracle.declared(c, d)) {
        const req = request(c, d);
        const net = networkAllows(cluster, req);
        const authz = authorizationAllows(cluster, req, { mtls: true, principal: `${oracle.trustDomain}/ns/${c.namespace}/sa/${c.serviceAccount}`, namespace: c.namespace });
        if (net.allowed || authz.allowed) {
          mismatches.push({
            caller: c, destination: d, expected: { allowed: false, why: 'undeclared: both layers must refuse' },
            actual: { allowed: true, layer: net.allowed ? 'network' : 'authorization', reasons: [...net.reasons, ...authz.reasons] },
            note: `defence in depth broken: NetworkPolicy ${net.allowed ? 'allows' : 'refuses'}, AuthorizationPolicy ${authz.allowed ? 'allows' : 'refuses'}`,
          });
        }
      }
    }
  }
  return mismatches;
}

export function assertReachability(def: SecureMeshProps): void {
  const mismatches = reachabilityMismatches(def);
  if (mismatches.length > 0) throw new Error(formatMismatches(def, mismatches));
}
