/**
 * The model the evaluator works on: pods, namespaces, one request, and the emitted objects.
 * Nothing here knows about the generator; the evaluator reads only plain Kubernetes objects.
 */
import type { K8sObject } from '../../lib/k8s-object';

export interface Pod {
  namespace: string;
  labels: Record<string, string>;
  serviceAccount: string;
  /** The pod has an Istio sidecar (and therefore enforces PeerAuthentication / AuthorizationPolicy). */
  sidecar: boolean;
  /** Pod IP; needed for NetworkPolicy `ipBlock` and AuthorizationPolicy `ipBlocks` / `source.ip`. */
  ip?: string;
  /**
   * Name of the Service in front of this pod (used to build the DestinationRule host
   * `<service>.<namespace>.svc.<clusterDomain>`). Default: `labels.app`, else the first label value.
   */
  service?: string;
  /** Named container ports (`name → number`), used to resolve named ports in NetworkPolicy rules. */
  ports?: Record<string, number>;
}

export interface Namespace {
  name: string;
  /** `kubernetes.io/metadata.name: <name>` is implied and need not be listed. */
  labels: Record<string, string>;
}

export interface Request {
  from: Pod;
  to: Pod;
  /** Container (target) port. */
  port: number;
  /** Default TCP. */
  protocol?: 'TCP' | 'UDP';
  path?: string;
  method?: string;
  /** HTTP `Host` header; default `<service>.<namespace>.svc.<clusterDomain>` of the destination. */
  host?: string;
  /**
   * FQDN of the Service whose endpoints the caller's proxy connects to (its DestinationRule and the caller's Sidecar
   * scope are looked up by it); default `<service>.<namespace>.svc.<clusterDomain>` of the destination. It differs
   * when a Service's endpoints are other pods than its name suggests: Knative points a revision's Service in the
   * model's namespace at the activator pods in `knative-serving`.
   */
  service?: string;
  /** Whether the request is HTTP (affects HTTP-only AuthorizationPolicy fields). Default: true if path or method given. */
  http?: boolean;
}

export interface Cluster {
  objects: K8sObject[];
  namespaces: Namespace[];
  /** Default `cluster.local`. */
  trustDomain?: string;
  /** Istio root namespace; default `istio-system`. */
  rootNamespace?: string;
  /** DNS cluster domain used in service hosts; default `cluster.local`. */
  clusterDomain?: string;
}

export type Layer = 'network' | 'mtls' | 'authorization' | 'ok';

export interface Verdict {
  allowed: boolean;
  layer: Layer;
  /** Human readable: which object / rule decided. */
  reasons: string[];
}

export interface LayerResult {
  allowed: boolean;
  reasons: string[];
}

export type MtlsMode = 'STRICT' | 'PERMISSIVE' | 'DISABLE';
export type ClientTlsMode = 'ISTIO_MUTUAL' | 'DISABLE' | 'SIMPLE' | 'MUTUAL' | 'NONE';

/** The identity the destination sidecar sees for the connection. */
export interface Peer {
  mtls: boolean;
  principal?: string;
  namespace?: string;
}

export const DEFAULT_TRUST_DOMAIN = 'cluster.local';
export const DEFAULT_ROOT_NAMESPACE = 'istio-system';
export const DEFAULT_CLUSTER_DOMAIN = 'cluster.local';

export function rootNamespaceOf(cluster: Cluster): string {
  return cluster.rootNamespace ?? DEFAULT_ROOT_NAMESPACE;
}
export function trustDomainOf(cluster: Cluster): string {
  return cluster.trustDomain ?? DEFAULT_TRUST_DOMAIN;
}
export function clusterDomainOf(cluster: Cluster): string {
  return cluster.clusterDomain ?? DEFAULT_CLUSTER_DOMAIN;
}

/** Whether the request is HTTP: explicit `http`, else true iff a path or a method is given. */
export function isHttp(req: Request): boolean {
  return req.http ?? (req.path !== undefined || req.method !== undefined);
}
