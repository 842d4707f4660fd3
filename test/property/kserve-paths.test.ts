/**
 * KServe request paths over random definitions (issue 12: the property tests draw every integration and judge
 * reachability on both sides of every hop). InferenceServices with random names, numbers, activator bypass, top-level
 * virtual host, kserve-local-gateway, namespace or workload isolation, mesh-wide STRICT, storage URIs and callers;
 * the independent evaluator (test/evaluator) reads only the synthesized objects and must find:
 * - every hop of docs/integrations.md open on both sides for each declared caller (a meshed workload in the
 *   InferenceService's namespace, and a meshed namespace given in `callers`);
 * - the predictor not reachable directly from a namespace nobody declared;
 * - the model download open exactly on the port its `storageUri` needs, never towards cluster addresses.
 * Exhaustive combinations of the switches for one fixed shape are in test/integrations/kserve-paths.test.ts.
 */
import fc from 'fast-check';
import type { SecureMeshProps } from '../../lib';
import { evaluate, type Pod, type Request } from '../evaluator';
import { clusterOf, hops, httpbin, kserveShapeDefinition, predict, predictor, refusedHops } from '../integrations/kserve-hops';
import { toYaml } from './arbitraries';
import { fcParams, propertyTimeout } from './runs';

process.env.SECURE_MESH_QUIET = '1';

/** storageUri → the port the storage initializer dials (docs/integrations.md "Model download"); undefined: none. */
const STORAGE: ReadonlyArray<{ uri: string; port?: number }> = [
  { uri: 'gs://kfserving-examples/models/sklearn/1.0/model', port: 443 },
  { uri: 's3://models/iris', port: 443 },
  { uri: 'https://models.example.com/iris.joblib', port: 443 },
  { uri: 'http://models.example.com:8080/iris.joblib', port: 8080 },
  { uri: 'pvc://models/iris' },
];

const arbCase = fc.record({
  names: fc.uniqueArray(fc.constantFrom('m', 'sklearn-iris', 'iris-v2', 'default-x'), { minLength: 1, maxLength: 3 }),
  bypass: fc.array(fc.boolean(), { minLength: 3, maxLength: 3 }),
  storage: fc.array(fc.integer({ min: 0, max: STORAGE.length - 1 }), { minLength: 3, maxLength: 3 }),
  virtualHost: fc.boolean(),
  localGateway: fc.boolean(),
  isolation: fc.constantFrom('namespace' as const, 'workload' as const),
  strict: fc.boolean(),
  appsCaller: fc.boolean(),
});

type Case = typeof arbCase extends fc.Arbitrary<infer T> ? T : never;

function definitionOf(c: Case): SecureMeshProps {
  return kserveShapeDefinition({
    ...c,
    services: c.names.map((name, i) => ({ name, bypass: c.bypass[i], storageUri: STORAGE[c.storage[i]].uri, appsCaller: c.appsCaller })),
  });
}

const client: Pod = { namespace: 'apps', labels: { app: 'client' }, serviceAccount: 'client', sidecar: true };
const stranger: Pod = { namespace: 'other', labels: { app: 'x' }, serviceAccount: 'x', sidecar: true };
const internet = (from: Pod, ip: string, port: number): Request => ({ from, to: { namespace: 'internet', labels: { host: 'storage' }, serviceAccount: 'none', sidecar: false, ip }, port });

test('random InferenceServices: every hop open on both sides for declared callers, closed to strangers, model download exactly as its storageUri needs', () => {
  fc.assert(fc.property(arbCase, (c) => {
    const def = definitionOf(c);
    const cluster = clusterOf(def);
    const problems: string[] = [];
    c.names.forEach((name, i) => {
      const paths = { activator: !c.bypass[i], virtualHost: c.virtualHost };
      for (const from of c.appsCaller ? [httpbin, client] : [httpbin]) {
        for (const refused of refusedHops(cluster, hops(from, name, paths))) problems.push(`${from.namespace}/${from.labels.app} → ${name}: ${refused}`);
      }
      if (evaluate(cluster, { from: stranger, to: predictor(name), port: 8012, ...predict(name) }).allowed) problems.push(`other/x reaches ${name}'s predictor directly`);
      if (!c.appsCaller && evaluate(cluster, { from: client, to: predictor(name), port: 8012, ...predict(name) }).allowed) problems.push(`apps/client (not declared) reaches ${name}'s predictor directly`);
      const storage = STORAGE[c.storage[i]];
      const pod = predictor(name);
      if (storage.port !== undefined && !evaluate(cluster, internet(pod, '142.250.74.91', storage.port)).allowed) problems.push(`${name} cannot download ${storage.uri} on ${storage.port}`);
      if (evaluate(cluster, internet(pod, '142.250.74.91', 5432)).allowed) problems.push(`${name}'s predictor reaches the internet on an unneeded port`);
      if (evaluate(cluster, internet(pod, '10.96.0.1', storage.port ?? 443)).allowed) problems.push(`${name}'s model download egress reaches cluster addresses`);
    });
    if (problems.length > 0) throw new Error(`${problems.join('\n')}\nin the output of:\n${toYaml(def)}`);
  }), fcParams(40));
}, propertyTimeout(40));
