/**
 * The KServe request paths of docs/integrations.md as the independent evaluator sees them: the pods the products run
 * (facts from their manifests, not from lib/; see kserve-paths.test.ts) and the hops of a call to an InferenceService.
 * Shared by the hop-by-hop tests and the random-definition property (test/property/kserve-paths.test.ts).
 */
import { synthesizeMesh, type SecureMeshProps } from '../../lib';
import { evaluate, type Cluster, type Pod, type Request } from '../evaluator';
import { namespacesOf } from './helpers';

export const SYSTEM = ['knative-serving', 'istio-system', 'default', 'kube-system'];

export function clusterOf(def: unknown): Cluster {
  const { objects } = synthesizeMesh(def);
  const managed = new Set(objectsNamespaces(objects));
  return { objects: [...objects], namespaces: namespacesOf(objects, SYSTEM.filter((n) => !managed.has(n))) };
}
function objectsNamespaces(objects: readonly { kind: string; metadata: { name: string } }[]): string[] {
  return objects.filter((o) => o.kind === 'Namespace').map((o) => o.metadata.name);
}

export const httpbin: Pod = { namespace: 'user1', labels: { app: 'httpbin' }, serviceAccount: 'httpbin', sidecar: true };
export const sleep: Pod = { namespace: 'default', labels: { app: 'sleep' }, serviceAccount: 'sleep', sidecar: true };
export const activator: Pod = { namespace: 'knative-serving', labels: { app: 'activator', role: 'activator' }, serviceAccount: 'controller', sidecar: true, service: 'activator-service' };
export const gateway: Pod = { namespace: 'istio-system', labels: { istio: 'ingressgateway', app: 'istio-ingressgateway' }, serviceAccount: 'istio-ingressgateway-service-account', sidecar: true, service: 'knative-local-gateway' };
export const predictor = (name: string): Pod => ({ namespace: 'user1', labels: { 'serving.kserve.io/inferenceservice': name, app: `${name}-predictor-00001` }, serviceAccount: 'default', sidecar: true, service: `${name}-predictor` });
export const predict = (name: string) => ({ path: `/v1/models/${name}`, method: 'GET' });

/** The hops of a call from `from` to InferenceService `name` (docs/integrations.md "KServe request paths"). */
export function hops(from: Pod, name: string, opts: { activator: boolean; virtualHost: boolean }): Array<[string, Request]> {
  const model = predictor(name);
  const list: Array<[string, Request]> = [];
  if (opts.activator) {
    // The caller's proxy follows the revision's Service, whose endpoints are the activator pods.
    list.push([`${from.labels.app} → activator (revision Service ${name}-predictor-00001)`, { from, to: activator, port: 8012, service: `${name}-predictor-00001.user1.svc.cluster.local`, ...predict(name) }]);
    list.push([`activator → ${name} predictor`, { from: activator, to: model, port: 8012, ...predict(name) }]);
  } else {
    list.push([`${from.labels.app} → ${name} predictor`, { from, to: model, port: 8012, service: `${name}-predictor-00001.user1.svc.cluster.local`, ...predict(name) }]);
  }
  if (opts.virtualHost) {
    // `<isvc>.user1.svc`: KServe's top-level VirtualService sends it to knative-local-gateway:80 (pod port 8081).
    list.push([`${from.labels.app} → knative-local-gateway`, { from, to: gateway, port: 8081, service: 'knative-local-gateway.istio-system.svc.cluster.local', ...predict(name) }]);
    list.push([`knative-local-gateway → ${opts.activator ? 'activator' : `${name} predictor`}`, opts.activator
      ? { from: gateway, to: activator, port: 8012, service: `${name}-predictor-00001.user1.svc.cluster.local`, ...predict(name) }
      : { from: gateway, to: model, port: 8012, ...predict(name) }]);
  }
  return list;
}

export function refusedHops(cluster: Cluster, list: Array<[string, Request]>): string[] {
  return list.flatMap(([name, req]) => {
    const v = evaluate(cluster, req);
    return v.allowed ? [] : [`${name}: refused at ${v.layer}\n    ${v.reasons.join('\n    ')}`];
  });
}


/** The switches that shape the paths, and the InferenceServices of one user1 namespace with an `httpbin` caller. */
export interface KServeShape {
  readonly virtualHost: boolean;
  readonly localGateway: boolean;
  readonly isolation: 'namespace' | 'workload';
  readonly strict: boolean;
  readonly services: readonly { readonly name: string; readonly bypass: boolean; readonly storageUri: string; readonly appsCaller: boolean }[];
}

/**
 * A definition with namespaces user1 (the InferenceServices and `httpbin`), apps (a possible caller), other (never
 * declared) and the unmanaged knative-serving; the knative-local-gateway patched to ISTIO_MUTUAL when STRICT keeps the
 * virtual host, as seed 001 does.
 */
export function kserveShapeDefinition(shape: KServeShape): SecureMeshProps {
  return {
    istio: { mtls: 'STRICT' },
    namespaces: [
      { name: 'knative-serving', managed: false, sidecarInjection: true },
      { name: 'user1', isolation: shape.isolation, mtls: 'STRICT' },
      { name: 'apps' },
      { name: 'other' },
    ],
    workloads: [{ name: 'httpbin', namespace: 'user1', ports: [{ name: 'http', port: 8080 }] }],
    kserve: {
      strictMeshWideMtls: shape.strict,
      patchKnativeLocalGateway: shape.strict && shape.virtualHost,
      disableIstioVirtualHost: !shape.virtualHost,
      ...(shape.localGateway && shape.virtualHost ? { localGateway: {} } : {}),
      inferenceServices: shape.services.map((s) => ({
        name: s.name, namespace: 'user1', bypassActivator: s.bypass,
        model: { format: 'sklearn', storageUri: s.storageUri },
        callers: [{ workload: 'httpbin' }, ...(s.appsCaller ? [{ namespace: 'apps' }] : [])],
      })),
    },
  };
}
