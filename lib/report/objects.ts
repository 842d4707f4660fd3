/** Reading plain Kubernetes objects: loose field access, kinds by API group, namespaces, Istio age order. */
import { apiGroup, objectRef, type K8sObject } from '../k8s-object';

export function asRecord(v: unknown): Record<string, unknown> | undefined {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
}

export function asArray(v: unknown): unknown[] | undefined {
  return Array.isArray(v) ? v : undefined;
}

export function asStrings(v: unknown): string[] | undefined {
  return Array.isArray(v) ? v.map((x) => String(x)) : undefined;
}

/** proto3: an empty repeated field is the same as an unset one. */
export function nonEmpty(v: unknown): boolean {
  return Array.isArray(v) ? v.length > 0 : v !== undefined && v !== null;
}

export function specOf(obj: K8sObject): Record<string, unknown> {
  return asRecord(obj.spec) ?? {};
}

/** Namespace of a namespaced object; none means `default`, where `kubectl apply` without `-n` puts it. */
export function namespaceOf(obj: K8sObject): string {
  return obj.metadata.namespace ?? 'default';
}

/** `Kind/namespace/name` with the defaulted namespace (objectRef's format, without copying the metadata). */
export function refOf(obj: K8sObject): string {
  const ns = namespaceOf(obj);
  return ns ? `${obj.kind}/${ns}/${obj.metadata.name}` : objectRef(obj);
}

export function isKind(obj: K8sObject, group: string, kind: string): boolean {
  return obj.kind === kind && apiGroup(obj.apiVersion) === group;
}

function creationMillis(obj: K8sObject): number {
  const ts = obj.metadata.creationTimestamp;
  const ms = typeof ts === 'string' ? Date.parse(ts) : NaN;
  return Number.isNaN(ms) ? 0 : ms; // absent = Go zero time: older than anything with a timestamp
}

/**
 * Istio's config order (`sortConfigByCreationTime`, pilot/pkg/model/push_context.go): oldest first,
 * then name, then namespace. Emitted manifests have no timestamps, so the name decides.
 */
export function byAge(a: K8sObject, b: K8sObject): number {
  const d = creationMillis(a) - creationMillis(b);
  if (d !== 0) return d;
  if (a.metadata.name !== b.metadata.name) return a.metadata.name < b.metadata.name ? -1 : 1;
  const an = namespaceOf(a);
  const bn = namespaceOf(b);
  return an === bn ? 0 : an < bn ? -1 : 1;
}

/** Code-unit order, independent of locale, so output is byte-identical everywhere. */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
