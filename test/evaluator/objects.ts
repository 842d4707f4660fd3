/** Reading plain Kubernetes objects: kind/group filtering, namespaces, age ordering. */
import { apiGroup, objectRef, type K8sObject } from '../../lib/k8s-object';

/** Objects of `kind` in API group `group` (any version). */
export function objectsOf(objects: readonly K8sObject[], group: string, kind: string): K8sObject[] {
  return objects.filter((o) => o.kind === kind && apiGroup(o.apiVersion) === group);
}

/**
 * Namespace of a namespaced object. An object without `metadata.namespace` is treated as being in
 * `default`, which is where `kubectl apply` without `-n` puts it.
 */
export function namespaceOf(obj: K8sObject): string {
  return obj.metadata.namespace ?? 'default';
}

/** `Kind/namespace/name`, with the defaulted namespace. */
export function ref(obj: K8sObject): string {
  return objectRef({ kind: obj.kind, metadata: { ...obj.metadata, namespace: namespaceOf(obj) } });
}

/** The `spec` as a loose record (`{}` if absent or not an object). */
export function specOf(obj: K8sObject): Record<string, unknown> {
  const spec = obj.spec;
  return spec !== null && typeof spec === 'object' && !Array.isArray(spec) ? (spec as Record<string, unknown>) : {};
}

function creationMillis(obj: K8sObject): number {
  const ts = obj.metadata.creationTimestamp;
  if (typeof ts !== 'string') return 0; // absent = Go zero time: older than anything with a timestamp
  const ms = Date.parse(ts);
  return Number.isNaN(ms) ? 0 : ms;
}

/**
 * Istio's config ordering (`sortConfigByCreationTime` in pilot/pkg/model/push_context.go): oldest
 * `creationTimestamp` first, then name ascending, then namespace ascending. Objects without a timestamp
 * (emitted manifests) all share the zero time, so the name decides.
 */
export function byAge(a: K8sObject, b: K8sObject): number {
  const d = creationMillis(a) - creationMillis(b);
  if (d !== 0) return d;
  if (a.metadata.name !== b.metadata.name) return a.metadata.name < b.metadata.name ? -1 : 1;
  const an = namespaceOf(a);
  const bn = namespaceOf(b);
  return an === bn ? 0 : an < bn ? -1 : 1;
}

export function asRecord(v: unknown): Record<string, unknown> | undefined {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
}

export function asArray(v: unknown): unknown[] | undefined {
  return Array.isArray(v) ? v : undefined;
}

export function asStringArray(v: unknown): string[] | undefined {
  return Array.isArray(v) ? v.map((x) => String(x)) : undefined;
}
