import { k8s } from 'cdk8s-plus-28';
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
export function meta(name: string, namespace?: string, labels: Readonly<Record<string, string>> = {}, annotations?: Record<string, string>): ObjectMeta {
  return { name, ...(namespace === undefined ? {} : { namespace }), labels: { ...labels, [MANAGED_BY_LABEL]: MANAGED_BY }, ...(annotations ? { annotations } : {}) };
}

/**
 * A typed manifest from a generated L1 class (`Certificate.manifest(props)`): the props are checked
 * against the CRD at compile time and renamed to their JSON keys (`isCa` → `isCA`).
 *
 * For the kinds in `PLAIN_JSON_KINDS` the props already are the JSON (same keys, no renames), and the generated
 * `toJson_*` functions, which rebuild every object with reduce + spread, cost about 70 % of emitting a
 * 5,000-workload mesh (docs/performance.md): those are copied directly instead. test/mesh/manifest.test.ts proves
 * the copy equals `l1.manifest(props)` for every such object of the example apps and a generated mesh.
 */
export function manifest<P>(l1: { manifest(props: P): unknown }, props: P): K8sObject {
  const gvk = (l1 as { GVK?: { apiVersion: string; kind: string } }).GVK;
  if (gvk && PLAIN_JSON_KINDS.has(gvk.kind)) {
    const json = plainJson(props);
    if (json !== NOT_PLAIN) return { apiVersion: gvk.apiVersion, kind: gvk.kind, ...(json as object) } as K8sObject;
  }
  return l1.manifest(props) as K8sObject;
}

/**
 * Kinds whose generated props use the JSON keys unchanged (cdk8s-plus-28 k8s.ts, imports/security.istio.io.ts).
 * Exported so the equivalence test can empty it and compare with the generated code's output.
 */
export const PLAIN_JSON_KINDS = new Set(['NetworkPolicy', 'AuthorizationPolicy']);

const NOT_PLAIN = Symbol('not plain JSON');

/**
 * What the generated `toJson_*` functions make of plain props: `undefined` members dropped, `IntOrString` to its
 * value. Any other class instance is `NOT_PLAIN`, and the generated code handles the object.
 */
function plainJson(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) {
    const out = new Array<unknown>(value.length);
    for (let i = 0; i < value.length; i++) {
      const item = plainJson(value[i]);
      if (item === NOT_PLAIN) return NOT_PLAIN;
      out[i] = item;
    }
    return out;
  }
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return value instanceof k8s.IntOrString ? value.value : NOT_PLAIN;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    const member = (value as Record<string, unknown>)[key];
    if (member === undefined) continue;
    const json = plainJson(member);
    if (json === NOT_PLAIN) return NOT_PLAIN;
    out[key] = json;
  }
  return out;
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

export function workloadAnnotations(workload: { readonly name: string; readonly serviceAccount: string; readonly sidecar: boolean }): Record<string, string> {
  return { [WORKLOAD_ANNOTATION]: workload.name, [SERVICE_ACCOUNT_ANNOTATION]: workload.serviceAccount, [SIDECAR_ANNOTATION]: String(workload.sidecar) };
}
