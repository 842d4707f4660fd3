import type { K8sObject } from '../k8s-object';

/** Label on every object the library emits, so `kubectl get -l` and reviewers can tell them apart. */
export const MANAGED_BY_LABEL = 'app.kubernetes.io/managed-by';
export const MANAGED_BY = 'secure-mesh';

export interface ObjectMeta {
  readonly name: string;
  readonly namespace?: string;
  readonly labels: Record<string, string>;
  readonly annotations?: Record<string, string>;
}

/** Metadata of an emitted object: its name, namespace and the managed-by label. */
export function meta(name: string, namespace?: string, labels?: Readonly<Record<string, string>>, annotations?: Record<string, string>): ObjectMeta {
  // Built without spreads: one per emitted object.
  const withManaged: Record<string, string> = labels ? { ...labels } : {};
  withManaged[MANAGED_BY_LABEL] = MANAGED_BY;
  if (namespace === undefined) return annotations ? { name, labels: withManaged, annotations } : { name, labels: withManaged };
  return annotations ? { name, namespace, labels: withManaged, annotations } : { name, namespace, labels: withManaged };
}

/**
 * A manifest from a generated L1 class (`Certificate.manifest(props)`): props checked against the CRD at compile time
 * and renamed to their JSON keys by the generated code. The integrations emit their few objects this way; the mesh's
 * own emitters write the JSON directly (`plainManifest`, lib/mesh/plain-manifest.ts), so emitting a mesh loads
 * neither the generated classes nor cdk8s.
 */
export function manifest<P>(l1: { manifest(props: P): unknown }, props: P): K8sObject {
  return l1.manifest(props) as K8sObject;
}

/** `{ a: 'x' }` as a label selector. */
export function matchLabels(labels: Readonly<Record<string, string>>): { matchLabels: Record<string, string> } {
  return { matchLabels: { ...labels } };
}

/**
 * Annotations on the per-workload policies naming the workload they were generated for, so that
 * reports and reviewers reading only the emitted objects know its identity and data plane.
 */
export const WORKLOAD_ANNOTATION = 'secure-mesh.io/workload';
export const SERVICE_ACCOUNT_ANNOTATION = 'secure-mesh.io/service-account';
export const SIDECAR_ANNOTATION = 'secure-mesh.io/sidecar';
/**
 * The Service in front of the workload's pods, when it is not named after the workload (`serviceName`): callers'
 * Sidecars import it by that host, so a report reading only the emitted objects must know it.
 */
export const SERVICE_ANNOTATION = 'secure-mesh.io/service';

export function workloadAnnotations(workload: { readonly name: string; readonly serviceAccount: string; readonly sidecar: boolean; readonly serviceName?: string }): Record<string, string> {
  const annotations: Record<string, string> = { [WORKLOAD_ANNOTATION]: workload.name, [SERVICE_ACCOUNT_ANNOTATION]: workload.serviceAccount, [SIDECAR_ANNOTATION]: String(workload.sidecar) };
  if (workload.serviceName !== undefined && workload.serviceName !== workload.name) annotations[SERVICE_ANNOTATION] = workload.serviceName;
  return annotations;
}

/** Annotation on a managed Namespace in audit (`enforcement: audit`): its policies only log what they would refuse. */
export const ENFORCEMENT_ANNOTATION = 'secure-mesh.io/enforcement';
