/**
 * Seed 001 ("Secure InferenceService with ServiceMesh"), hop by hop: a meshed `httpbin` in `user1` must get HTTP 200
 * from both InferenceServices. Every hop of the request paths in docs/integrations.md is judged by the independent
 * evaluator from the synthesized objects alone: the caller's egress AND the destination's ingress (NetworkPolicy),
 * the caller's Sidecar scope, mTLS and the destination's AuthorizationPolicy.
 *
 * The pods are those the products run (facts from their manifests, not from lib/):
 * - Knative activator: knative/serving `config/core/deployments/activator.yaml`, labels `app: activator`,
 *   `role: activator`, service account `controller`, ports 8012 (http1) and 8013 (h2c); injected (seed: "activator
 *   ... must have sidecar injected").
 * - knative-local-gateway: net-istio `config/203-local-gateway.yaml`, Service in istio-system selecting
 *   `istio: ingressgateway`, port 80 → 8081. The gateway is an Envoy with the mesh identity of its service account; it
 *   terminates ISTIO_MUTUAL when patched (seed), so it is modelled as a pod with a sidecar.
 * - Predictor pods: KServe labels them `serving.kserve.io/inferenceservice: <name>`; queue-proxy serves 8012.
 *   With the activator on the path, Knative points the revision's Service (`<isvc>-predictor-00001`) at the activator.
 */
import { kserveDefinition } from '../../apps/kserve';
import { synthesizeMesh, type SecureMeshProps } from '../../lib';
import { evaluate, type Pod, type Request } from '../evaluator';
import { activator, clusterOf, gateway, httpbin, hops, kserveShapeDefinition, predict, predictor, refusedHops, sleep } from './kserve-hops';

describe('seed 001 request paths, hop by hop (independent evaluator)', () => {
  describe('the KServe app: strict mesh-wide mTLS, top-level virtual host, kserve-local-gateway', () => {
    const cluster = clusterOf(kserveDefinition);

    test('httpbin in user1 reaches sklearn-iris-burst (activator on the path) on every hop, both sides', () => {
      expect(refusedHops(cluster, hops(httpbin, 'sklearn-iris-burst', { activator: true, virtualHost: true }))).toEqual([]);
    });

    test('httpbin in user1 reaches sklearn-iris (target burst capacity 0) on every hop, both sides', () => {
      expect(refusedHops(cluster, hops(httpbin, 'sklearn-iris', { activator: false, virtualHost: true }))).toEqual([]);
    });

    test('the caller side is what was missing: user1\'s default-deny lets httpbin out to the activator and the gateway pods only', () => {
      const toActivator = evaluate(cluster, { from: httpbin, to: activator, port: 8012, service: 'sklearn-iris-burst-predictor-00001.user1.svc.cluster.local' });
      expect(toActivator.reasons.join('\n')).toMatch(/NetworkPolicy\/user1\/default-deny egress\[\d+\] allows/);
      // Other pods of knative-serving and istio-system, and other ports, stay closed.
      expect(evaluate(cluster, { from: httpbin, to: { ...activator, labels: { app: 'autoscaler' } }, port: 8012 })).toMatchObject({ allowed: false, layer: 'network' });
      expect(evaluate(cluster, { from: httpbin, to: activator, port: 9090 })).toMatchObject({ allowed: false, layer: 'network' });
      expect(evaluate(cluster, { from: httpbin, to: gateway, port: 8080 })).toMatchObject({ allowed: false, layer: 'network' });
    });

    test('namespace isolation still holds where the seed expects it: another namespace is refused by the predictor itself', () => {
      expect(evaluate(cluster, { from: sleep, to: predictor('sklearn-iris'), port: 8012, ...predict('sklearn-iris') }).allowed).toBe(false);
    });
  });

  describe('the seed as a user writes it: no declared egress, knative-local-gateway without a kserve-local-gateway', () => {
    const seed: SecureMeshProps = {
      istio: { mtls: 'STRICT' },
      namespaces: [{ name: 'knative-serving', managed: false, sidecarInjection: true }],
      kserve: {
        disableIstioVirtualHost: false,
        inferenceServices: [
          { name: 'sklearn-iris-burst', namespace: 'user1', model: { format: 'sklearn', storageUri: 'gs://kfserving-examples/models/sklearn/1.0/model' } },
          { name: 'sklearn-iris', namespace: 'user1', bypassActivator: true, model: { format: 'sklearn', storageUri: 'gs://kfserving-examples/models/sklearn/1.0/model' } },
        ],
      },
    };
    const cluster = clusterOf(seed);

    test.each([
      ['sklearn-iris-burst', true],
      ['sklearn-iris', false],
    ])('httpbin → %s: every hop passes (activator on the path: %s)', (name, onPath) => {
      expect(refusedHops(cluster, hops(httpbin, name as string, { activator: onPath as boolean, virtualHost: true }))).toEqual([]);
    });

    test('the predictor admits the gateway pods (knative-local-gateway) because the top-level virtual host is kept', () => {
      expect(evaluate(cluster, { from: gateway, to: predictor('sklearn-iris'), port: 8012, ...predict('sklearn-iris') })).toMatchObject({ allowed: true });
      // The same gateway is not admitted once the virtual host is disabled and every caller runs a sidecar.
      const direct = clusterOf({ ...seed, kserve: { ...seed.kserve, disableIstioVirtualHost: true } });
      expect(evaluate(direct, { from: gateway, to: predictor('sklearn-iris'), port: 8012, ...predict('sklearn-iris') })).toMatchObject({ allowed: false });
      expect(refusedHops(direct, hops(httpbin, 'sklearn-iris', { activator: false, virtualHost: false }))).toEqual([]);
      expect(evaluate(direct, { from: httpbin, to: gateway, port: 8081 })).toMatchObject({ allowed: false, layer: 'network' });
    });

    test('model download: the storage initializer in the predictor pod reaches storage.googleapis.com on 443, nothing private', () => {
      const internet = (ip: string, port: number): Request => ({ from: predictor('sklearn-iris'), to: { namespace: 'internet', labels: { host: 'storage' }, serviceAccount: 'none', sidecar: false, ip }, port });
      expect(evaluate(cluster, internet('142.250.74.91', 443))).toMatchObject({ allowed: true });
      expect(evaluate(cluster, internet('142.250.74.91', 80))).toMatchObject({ allowed: false, layer: 'network' });
      // Cluster ranges and the cloud metadata endpoint stay closed.
      expect(evaluate(cluster, internet('10.96.0.1', 443))).toMatchObject({ allowed: false, layer: 'network' });
      expect(evaluate(cluster, internet('169.254.169.254', 443))).toMatchObject({ allowed: false, layer: 'network' });
    });

    test('workload isolation: the callers\' Sidecar knows the revision Services and the local gateway', () => {
      const narrow = clusterOf({
        ...seed,
        namespaces: [...(seed.namespaces ?? []), { name: 'user1', isolation: 'workload', mtls: 'STRICT' }],
        workloads: [{ name: 'httpbin', namespace: 'user1', ports: [{ name: 'http', port: 8080 }] }],
        kserve: { ...seed.kserve, inferenceServices: (seed.kserve?.inferenceServices ?? []).map((s) => ({ ...s, callers: [{ workload: 'httpbin' }] })) },
      });
      expect(refusedHops(narrow, hops(httpbin, 'sklearn-iris-burst', { activator: true, virtualHost: true }))).toEqual([]);
      expect(refusedHops(narrow, hops(httpbin, 'sklearn-iris', { activator: false, virtualHost: true }))).toEqual([]);
    });
  });

  describe('callers from other namespaces (kserve.inferenceServices[].callers)', () => {
    const def: SecureMeshProps = {
      istio: { mtls: 'STRICT' },
      namespaces: [
        { name: 'knative-serving', managed: false, sidecarInjection: true },
        { name: 'apps' },
        { name: 'legacy', sidecarInjection: false },
      ],
      kserve: {
        disableIstioVirtualHost: false,
        localGateway: { protocol: 'HTTP' },
        inferenceServices: [{ name: 'm', namespace: 'user1', model: { format: 'sklearn', storageUri: 'pvc://models/m' }, callers: [{ namespace: 'apps' }, { namespace: 'legacy' }] }],
      },
    };
    const cluster = clusterOf(def);
    const meshed: Pod = { namespace: 'apps', labels: { app: 'client' }, serviceAccount: 'client', sidecar: true };
    const plain: Pod = { namespace: 'legacy', labels: { app: 'batch' }, serviceAccount: 'batch', sidecar: false };

    test('a meshed caller in another namespace: its default-deny opens the activator and the gateway, its Sidecar knows the routes', () => {
      expect(refusedHops(cluster, hops(meshed, 'm', { activator: true, virtualHost: true }))).toEqual([]);
    });

    test('a caller without a sidecar goes through the gateways: its egress opens them, the predictor admits the gateway', () => {
      // The predictor's Route and the InferenceService name are ExternalNames to knative-local-gateway / kserve-local-gateway.
      // Both gateway servers are plain HTTP here (no strictMeshWideMtls patch, localGateway HTTP), and PeerAuthentication
      // does not apply to a gateway's listeners: as a destination the gateway is a pod that accepts plaintext.
      const httpGateway: Pod = { ...gateway, sidecar: false };
      expect(evaluate(cluster, { from: plain, to: httpGateway, port: 8081 })).toMatchObject({ allowed: true });
      expect(evaluate(cluster, { from: plain, to: httpGateway, port: 8082 })).toMatchObject({ allowed: true });
      expect(evaluate(cluster, { from: gateway, to: predictor('m'), port: 8012, ...predict('m') })).toMatchObject({ allowed: true });
      // It does not connect to the activator itself, so that stays closed.
      expect(evaluate(cluster, { from: plain, to: activator, port: 8012 })).toMatchObject({ allowed: false, layer: 'network' });
    });
  });

  describe('every combination of the switches that shape the paths', () => {
    const combos: Array<{ bypass: boolean; virtualHost: boolean; localGateway: boolean; isolation: 'namespace' | 'workload'; strict: boolean }> = [];
    for (const bypass of [false, true]) for (const virtualHost of [false, true]) for (const localGateway of [false, true]) {
      for (const isolation of ['namespace', 'workload'] as const) for (const strict of [false, true]) {
        // Refused combinations (tested in kserve.test.ts): a local gateway needs the virtual host.
        if (localGateway && !virtualHost) continue;
        combos.push({ bypass, virtualHost, localGateway, isolation, strict });
      }
    }

    test.each(combos)('bypass $bypass, virtual host $virtualHost, local gateway $localGateway, $isolation isolation, strict $strict: a declared meshed caller gets through every hop, an undeclared namespace does not reach the predictor directly', (c) => {
      const cluster = clusterOf(kserveShapeDefinition({ ...c, services: [{ name: 'm', bypass: c.bypass, storageUri: 'gs://bucket/m', appsCaller: true }] }));
      const client: Pod = { namespace: 'apps', labels: { app: 'client' }, serviceAccount: 'client', sidecar: true };
      const stranger: Pod = { namespace: 'other', labels: { app: 'x' }, serviceAccount: 'x', sidecar: true };
      for (const from of [httpbin, client]) {
        expect(refusedHops(cluster, hops(from, 'm', { activator: !c.bypass, virtualHost: c.virtualHost }))).toEqual([]);
      }
      expect(evaluate(cluster, { from: stranger, to: predictor('m'), port: 8012, ...predict('m') }).allowed).toBe(false);
      // The pods on the way are opened only when they are on the way.
      expect(evaluate(cluster, { from: client, to: activator, port: 8012, service: 'm-predictor-00001.user1.svc.cluster.local' }).allowed).toBe(!c.bypass);
      expect(evaluate(cluster, { from: client, to: gateway, port: 8081, service: 'knative-local-gateway.istio-system.svc.cluster.local' }).allowed).toBe(c.virtualHost);
    });
  });
});

describe('the activator\'s own namespace', () => {
  test('managing knative-serving with isolation is a warning: the activator\'s side of the path would be closed', () => {
    const { warnings } = synthesizeMesh({ istio: { mtls: 'STRICT' }, namespaces: [{ name: 'knative-serving' }], kserve: { inferenceServices: [{ name: 'm', namespace: 'user1', bypassActivator: true }] } });
    expect(warnings).toContainEqual({
      path: 'kserve',
      message: 'namespace "knative-serving" is managed and isolated by this definition: its default-deny blocks the Knative activator (callers connect to it on 8012 and 8013, it connects to the predictors) and Knative\'s probes, so InferenceServices become unreachable; declare it with managed: false',
    });
    expect(synthesizeMesh({ istio: { mtls: 'STRICT' }, kserve: { inferenceServices: [{ name: 'm', namespace: 'user1', bypassActivator: true }] } }).warnings.filter((w) => w.path === 'kserve')).toEqual([]);
  });
});
