/**
 * Staged enforcement, judged by the independent evaluator over random definitions with some namespaces in audit:
 * - into a namespace in audit, every (caller, destination, port, request) that the cluster allows without our
 *   objects is still allowed: nothing emitted refuses it (dry-run AuthorizationPolicies, PERMISSIVE, no
 *   NetworkPolicy, no Sidecar scope there, and enforced callers' egress open towards it);
 * - into an enforced namespace, the declared verdicts hold, with callers in audited namespaces unrestricted on
 *   their side (no egress NetworkPolicy, no Sidecar scope: an audited namespace restricts nothing);
 * - what an audited namespace logs is what it would enforce: its dry-run AuthorizationPolicies, once enforced,
 *   decide exactly as the policies of the same definition with every namespace enforced.
 */
import fc from 'fast-check';
import type { K8sObject } from '../../lib/k8s-object';
import type { SecureMeshProps } from '../../lib/model/definition';
import { authorizationAllows, evaluate, type Cluster, type Request } from '../evaluator';
import { synthesizeValid } from './check';
import { arbStagedCase, enforcedEverywhere, enforcementOf } from './enforcement-arbitraries';
import { Oracle, type Destination, type HttpProbe, type WorldPod } from './oracle';
import { formatMismatches, type Mismatch } from './report';
import { fcParams, propertyTimeout } from './runs';
import { clusterOf } from './world';

process.env.SECURE_MESH_QUIET = '1';

function request(c: WorldPod, d: Destination, http?: HttpProbe): Request {
  return { from: c, to: d.pod, port: d.port, ...(http ? { path: http.path, method: http.method } : {}) };
}

/**
 * The declared intent with audited namespaces restricting nothing on their callers' side: the oracle of the same
 * definition where every audited managed namespace has isolation `none` (the documented meaning of audit for a
 * caller: no egress NetworkPolicy, no Sidecar scope). Only destinations in enforced namespaces are judged with it.
 */
function callerSideView(def: SecureMeshProps): Oracle {
  return new Oracle({ ...def, namespaces: (def.namespaces ?? []).map((ns) => (ns.managed !== false && enforcementOf(def, ns.name) === 'audit' ? { ...ns, isolation: 'none' } : ns)) });
}

/** Drops the dry-run annotation from every AuthorizationPolicy: the policies as enforce mode would apply them. */
function enforcedPolicies(objects: readonly K8sObject[]): K8sObject[] {
  return objects.map((o) => {
    const dry = o.kind === 'AuthorizationPolicy' ? o.metadata.annotations?.['istio.io/dry-run'] : undefined;
    if (dry === undefined) return o;
    const { ['istio.io/dry-run']: _dry, ...annotations } = o.metadata.annotations ?? {};
    return { ...o, metadata: { ...o.metadata, annotations } };
  });
}

function onlyAuthorizationPolicies(cluster: Cluster): Cluster {
  return { ...cluster, objects: cluster.objects.filter((o) => o.kind === 'AuthorizationPolicy') };
}

function stagedMismatches(def: SecureMeshProps): Mismatch[] {
  const { objects } = synthesizeValid(def);
  const oracle = new Oracle(def);
  const cluster = clusterOf(objects, oracle);
  const bare: Cluster = { ...cluster, objects: [] };
  const declared = callerSideView(def);
  // The policies an audited namespace would enforce, against those of the fully enforced definition.
  const wouldEnforce = onlyAuthorizationPolicies(clusterOf(enforcedPolicies(objects), oracle));
  const enforced = onlyAuthorizationPolicies(clusterOf(synthesizeValid(enforcedEverywhere(def)).objects, oracle));
  const mismatches: Mismatch[] = [];
  for (const [i, d] of oracle.destinations.entries()) {
    const audited = enforcementOf(def, d.workload.namespace) === 'audit';
    const probes: (HttpProbe | undefined)[] = [undefined, ...oracle.httpProbes(d)];
    for (const [j, c] of oracle.pods.entries()) {
      for (const http of probes) {
        const req = request(c, d, http);
        const actual = evaluate(cluster, req);
        if (audited) {
          const without = evaluate(bare, req);
          if (without.allowed && !actual.allowed) {
            mismatches.push({ caller: c, destination: d, http, expected: { allowed: true, why: 'the namespace is in audit and the cluster allows this without our objects' }, actual, note: 'audit refused a connection' });
          }
          const peer = c.sidecar ? { mtls: true, principal: `${oracle.trustDomain}/ns/${c.namespace}/sa/${c.serviceAccount}`, namespace: c.namespace } : { mtls: false };
          const logged = authorizationAllows(wouldEnforce, req, peer);
          const then = authorizationAllows(enforced, req, peer);
          if (logged.allowed !== then.allowed) {
            mismatches.push({ caller: c, destination: d, http, expected: { allowed: then.allowed, why: 'the enforced definition\'s AuthorizationPolicies' }, actual: { allowed: logged.allowed, layer: 'authorization', reasons: logged.reasons }, note: 'the dry-run policies do not log what enforce would do' });
          }
        } else {
          const expected = declared.expect(declared.pods[j], declared.destinations[i], http);
          if (expected.allowed !== actual.allowed) mismatches.push({ caller: c, destination: d, http, expected, actual, note: 'an enforced namespace lost its declared verdict' });
        }
      }
    }
  }
  return mismatches;
}

describe('staged enforcement (enforcement: audit | enforce) over random definitions', () => {
  test('audited namespaces refuse nothing the cluster allows; enforced ones keep their verdicts; dry runs log what enforce would do', () => {
    fc.assert(fc.property(arbStagedCase, (c) => {
      const mismatches = stagedMismatches(c.def);
      if (mismatches.length > 0) throw new Error(formatMismatches(c.def, mismatches));
    }), fcParams(120));
  }, propertyTimeout(120));
});
