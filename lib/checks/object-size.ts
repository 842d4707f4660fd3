import { apiGroup, type K8sObject } from '../k8s-object';

/**
 * Size limits the Kubernetes API puts on one object, in bytes of its JSON:
 * - client-side `kubectl apply` copies the object into the `kubectl.kubernetes.io/last-applied-configuration`
 *   annotation, and all annotations of an object together may hold 256 KiB (apimachinery
 *   pkg/api/validation/objectmeta.go `TotalAnnotationSizeLimitB`; kubernetes/kubectl#712): larger objects fail with
 *   "metadata.annotations: Too long: must have at most 262144 bytes". Server-side apply keeps no such copy.
 * - etcd refuses requests over 1.5 MiB by default (`--max-request-bytes`, etcd docs "System limits"); custom
 *   resources are stored as JSON, so a larger one cannot be stored.
 * - the API server refuses request bodies over 3 MiB (apiserver pkg/server/config.go `MaxRequestBodyBytes`,
 *   kubernetes/kubernetes#105863), whatever the kind.
 */
export const CLIENT_SIDE_APPLY_LIMIT = 256 * 1024;
export const ETCD_REQUEST_LIMIT = 1.5 * 1024 * 1024;
export const API_SERVER_REQUEST_LIMIT = 3 * 1024 * 1024;

/**
 * Built-in API groups (stored as protobuf, usually smaller than their JSON): the core group, the unqualified ones
 * (`apps`, `batch`, `policy`, `autoscaling`) and `*.k8s.io`.
 */
export function isBuiltInKind(obj: K8sObject): boolean {
  const group = apiGroup(obj.apiVersion);
  return !group.includes('.') || group.endsWith('.k8s.io');
}

/** A sixth of the smallest limit: below this lower bound an object's JSON is certainly under every limit above. */
const CERTAINLY_SMALL = Math.ceil(CLIENT_SIDE_APPLY_LIMIT / 6);

/** Objects whose JSON may reach the smallest limit, with their exact JSON byte size; per object list, computed once. */
const largeObjectsOf = new WeakMap<readonly K8sObject[], ReadonlyArray<{ readonly object: K8sObject; readonly bytes: number }>>();

/**
 * The objects over `limit` bytes of compact JSON (limit ≥ 256 KiB), with their sizes. Most objects are a few
 * kilobytes and the rule pack runs on every synthesis, so objects are not serialized to be measured: one walk adds
 * up a lower bound (structure, key and string lengths, numbers as written) and stops at a sixth of the smallest
 * limit (a UTF-16 unit takes at most six bytes in JSON, as an escape). Only objects reaching it are serialized to
 * count exactly, once for all the size rules.
 */
export function objectsOver(objects: readonly K8sObject[], limit: number): Array<{ readonly object: K8sObject; readonly bytes: number }> {
  let large = largeObjectsOf.get(objects);
  if (!large) {
    const found: Array<{ object: K8sObject; bytes: number }> = [];
    for (const object of objects) {
      if (jsonLengthLowerBound(object, 0, CERTAINLY_SMALL) >= CERTAINLY_SMALL) found.push({ object, bytes: Buffer.byteLength(JSON.stringify(object) ?? '') });
    }
    largeObjectsOf.set(objects, (large = found));
  }
  return large.filter((o) => o.bytes > limit);
}

/** `300 KiB`: sizes in messages. */
export function kib(bytes: number): string {
  return `${(bytes / 1024).toFixed(0)} KiB`;
}

/**
 * `total` plus at least the compact JSON length of `value` (and at least a sixth of its UTF-8 bytes), counted until
 * it reaches `stop`: the result is at least `stop` exactly when the whole count is.
 *
 * The walk visits every value of every object the pack reads (~1M at 5,000 workloads), so the common leaves are
 * counted in place: a string item or field adds its length without a call, and integers their digits without
 * `String(n)` (one string allocated per port number before).
 */
export function jsonLengthLowerBound(value: unknown, total: number, stop: number): number {
  switch (typeof value) {
    case 'string':
      return total + value.length + 2;
    case 'number':
      return total + numberLength(value);
    case 'boolean':
      return total + (value ? 4 : 5);
    case 'object': {
      if (value === null) return total + 4;
      if (Array.isArray(value)) {
        total += 1 + value.length;
        for (let i = 0; i < value.length && total < stop; i++) {
          const item: unknown = value[i];
          if (typeof item === 'string') total += item.length + 2;
          else total = jsonLengthLowerBound(item, total, stop);
        }
        return total;
      }
      total += 1;
      // for…in rather than Object.keys: no array per object.
      const record = value as Record<string, unknown>;
      for (const key in record) {
        const field = record[key];
        if (typeof field === 'string') total += key.length + 6 + field.length;
        else if (field === undefined) continue;
        else total = jsonLengthLowerBound(field, total + key.length + 4, stop);
        if (total >= stop) return total;
      }
      return total;
    }
    default:
      return total;
  }
}

/** `String(n).length`, without making the string for the integers manifests hold (ports, counts, UIDs). */
function numberLength(n: number): number {
  if (n >= 0 && n < 1e9 && n === Math.floor(n)) {
    return n < 10 ? 1 : n < 100 ? 2 : n < 1e3 ? 3 : n < 1e4 ? 4 : n < 1e5 ? 5 : n < 1e6 ? 6 : n < 1e7 ? 7 : n < 1e8 ? 8 : 9;
  }
  return String(n).length;
}
