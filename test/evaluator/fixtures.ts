/** Small builders for the evaluator's unit tests. */
import type { K8sObject } from '../../lib/k8s-object';
import type { Cluster, Namespace, Pod, Request } from './types';

export function pod(namespace: string, app: string, extra: Partial<Pod> = {}): Pod {
  return { namespace, labels: { app }, serviceAccount: app, sidecar: true, ...extra };
}

export function obj(apiVersion: string, kind: string, namespace: string, name: string, spec: unknown, metadata: Record<string, unknown> = {}): K8sObject {
  return { apiVersion, kind, metadata: { name, namespace, ...metadata }, spec };
}

export const np = (ns: string, name: string, spec: unknown) => obj('networking.k8s.io/v1', 'NetworkPolicy', ns, name, spec);
export const pa = (ns: string, name: string, spec: unknown, metadata: Record<string, unknown> = {}) =>
  obj('security.istio.io/v1', 'PeerAuthentication', ns, name, spec, metadata);
export const dr = (ns: string, name: string, spec: unknown) => obj('networking.istio.io/v1', 'DestinationRule', ns, name, spec);
export const ap = (ns: string, name: string, spec: unknown) => obj('security.istio.io/v1', 'AuthorizationPolicy', ns, name, spec);

export function cluster(objects: K8sObject[], namespaces: Namespace[] = [], extra: Partial<Cluster> = {}): Cluster {
  return { objects, namespaces, ...extra };
}

export function req(from: Pod, to: Pod, port = 8080, extra: Partial<Request> = {}): Request {
  return { from, to, port, ...extra };
}
