/**
 * Object-name and label rules the API server enforces in code (not in the OpenAPI schema), for top-level metadata.
 * Messages follow k8s.io/apimachinery/pkg/util/validation.
 */
import { ownValue } from '../../own-key';

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const QUALIFIED_NAME_PART = /^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const MAX_ANNOTATIONS_BYTES = 256 * 1024;

export interface MetaProblem {
  readonly path: string;
  readonly message: string;
  readonly kind: 'required' | 'pattern' | 'type' | 'other';
}

/** Name rule per kind: most objects need a DNS-1123 subdomain; a few are stricter or looser. */
type NameRule = 'subdomain' | 'label' | 'dns1035' | 'path-segment';
const NAME_RULES: Readonly<Record<string, NameRule>> = {
  Namespace: 'label',
  Service: 'dns1035',
  // RBAC objects are validated with ValidateRBACName = path segment (e.g. `system:controller:foo` is fine).
  Role: 'path-segment',
  ClusterRole: 'path-segment',
  RoleBinding: 'path-segment',
  ClusterRoleBinding: 'path-segment',
};

export function isDns1123Label(s: string): boolean {
  return s.length <= 63 && DNS1123_LABEL.test(s);
}

export function isDns1123Subdomain(s: string): boolean {
  return s.length <= 253 && DNS1123_SUBDOMAIN.test(s);
}

function nameProblem(rule: NameRule, name: string): string | undefined {
  switch (rule) {
    case 'label':
      return isDns1123Label(name)
        ? undefined
        : `must be a DNS-1123 label (at most 63 lower-case alphanumerics or '-', starting and ending with an alphanumeric) (got ${JSON.stringify(name)})`;
    case 'dns1035':
      return name.length <= 63 && DNS1035_LABEL.test(name)
        ? undefined
        : `must be a DNS-1035 label (at most 63 lower-case alphanumerics or '-', starting with a letter, ending with an alphanumeric) (got ${JSON.stringify(name)})`;
    case 'path-segment':
      if (name === '.' || name === '..') return `may not be '.' or '..' (got ${JSON.stringify(name)})`;
      return /[/%]/.test(name) ? `may not contain '/' or '%' (got ${JSON.stringify(name)})` : undefined;
    default:
      return isDns1123Subdomain(name)
        ? undefined
        : `must be a DNS-1123 subdomain (at most 253 lower-case alphanumerics, '-' or '.', starting and ending with an alphanumeric) (got ${JSON.stringify(name)})`;
  }
}

/** Why `key` is not a valid label/annotation key, or undefined. */
export function qualifiedNameProblem(key: string): string | undefined {
  const slash = key.indexOf('/');
  const prefix = slash >= 0 ? key.slice(0, slash) : undefined;
  const name = slash >= 0 ? key.slice(slash + 1) : key;
  if (prefix !== undefined) {
    if (prefix.length === 0) return 'prefix part must be non-empty';
    if (!isDns1123Subdomain(prefix)) return 'prefix part must be a DNS-1123 subdomain of at most 253 characters';
  }
  if (name.length === 0) return 'name part must be non-empty';
  if (name.length > 63) return 'name part must be no more than 63 characters';
  if (!QUALIFIED_NAME_PART.test(name)) {
    return "name part must consist of alphanumerics, '-', '_' or '.', and must start and end with an alphanumeric";
  }
  return undefined;
}

/** Why `value` is not a valid label value, or undefined. */
export function labelValueProblem(value: string): string | undefined {
  if (value.length > 63) return 'must be no more than 63 characters';
  if (!LABEL_VALUE.test(value)) {
    return "must be empty or consist of alphanumerics, '-', '_' or '.', and must start and end with an alphanumeric";
  }
  return undefined;
}

export function keyPath(base: string, key: string): string {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(key) ? `${base}.${key}` : `${base}[${JSON.stringify(key)}]`;
}

/**
 * Checks on `metadata` of a top-level object, appended to `out` (and returned). Type errors are left to the schema
 * (ObjectMeta). Runs for every object: key paths are built only for a problem, and label and annotation keys, which
 * repeat across objects, are checked once each (`keyProblem`).
 */
export function checkMetadata<Out extends { push(problem: MetaProblem): unknown }>(kind: string, metadata: unknown, namespaced: boolean | undefined, out: Out): Out {
  if (typeof metadata !== 'object' || metadata === null || Array.isArray(metadata)) {
    out.push({ path: 'metadata', kind: 'required', message: 'metadata: required field missing' });
    return out;
  }
  const meta = metadata as Record<string, unknown>;
  const name = meta.name;
  if (name === undefined || name === '') {
    if (meta.generateName === undefined) out.push({ path: 'metadata.name', kind: 'required', message: 'metadata.name: required field missing' });
  } else if (typeof name === 'string') {
    const p = nameProblem(ownValue(NAME_RULES, kind) ?? 'subdomain', name);
    if (p) out.push({ path: 'metadata.name', kind: 'pattern', message: `metadata.name: ${p}` });
  }
  const ns = meta.namespace;
  if (typeof ns === 'string' && ns !== '') {
    if (!remembered(namespaceLabels, ns, isDns1123Label)) {
      out.push({ path: 'metadata.namespace', kind: 'pattern', message: `metadata.namespace: must be a DNS-1123 label (got ${JSON.stringify(ns)})` });
    }
    if (namespaced === false) {
      out.push({
        path: 'metadata.namespace',
        kind: 'other',
        message: `metadata.namespace: ${kind} is cluster-scoped; the namespace would be ignored (got ${JSON.stringify(ns)})`,
      });
    }
  }
  const labels = meta.labels;
  if (typeof labels === 'object' && labels !== null && !Array.isArray(labels)) {
    const map = labels as Record<string, unknown>;
    for (const k of Object.keys(map)) {
      const v = map[k];
      const kp = keyProblem(k);
      const vp = typeof v === 'string' ? remembered(labelValueProblems, v, labelValueProblem) : undefined;
      if (!kp && !vp) continue;
      const path = keyPath('metadata.labels', k);
      if (kp) out.push({ path, kind: 'pattern', message: `${path}: invalid label key ${JSON.stringify(k)}: ${kp}` });
      if (vp) out.push({ path, kind: 'pattern', message: `${path}: invalid label value ${JSON.stringify(v)}: ${vp}` });
    }
  }
  const annotations = meta.annotations;
  if (typeof annotations === 'object' && annotations !== null && !Array.isArray(annotations)) {
    // Key lengths plus UTF-8 bytes of the values. A UTF-16 unit is at most 3 UTF-8 bytes, so 3 × length bounds
    // each value: the exact byte count is needed only when the bound exceeds the limit.
    let keyChars = 0;
    let valueBound = 0;
    const map = annotations as Record<string, unknown>;
    for (const k of Object.keys(map)) {
      const v = map[k];
      const kp = remembered(annotationKeyProblems, k, lowerCaseKeyProblem);
      if (kp) {
        const path = keyPath('metadata.annotations', k);
        out.push({ path, kind: 'pattern', message: `${path}: invalid annotation key ${JSON.stringify(k)}: ${kp}` });
      }
      keyChars += k.length;
      if (typeof v === 'string') valueBound += 3 * v.length;
    }
    if (keyChars + valueBound > MAX_ANNOTATIONS_BYTES) {
      let total = keyChars;
      for (const k of Object.keys(map)) if (typeof map[k] === 'string') total += Buffer.byteLength(map[k] as string);
      if (total > MAX_ANNOTATIONS_BYTES) {
        out.push({ path: 'metadata.annotations', kind: 'other', message: `metadata.annotations: total size ${total} B exceeds 262144 B` });
      }
    }
  }
  return out;
}

/** `qualifiedNameProblem` of the label and annotation keys seen: objects share a few keys. */
const keyProblems = new Map<string, string | null>();
/**
 * Problems of annotation keys by the key as written (the API server checks it lower-cased): every object of a mesh
 * carries the same few annotations, and looking the key up is cheaper than lower-casing it first.
 */
const annotationKeyProblems = new Map<string, string | null>();
/** `labelValueProblem` of the label values seen: most objects carry the same `managed-by` value. */
const labelValueProblems = new Map<string, string | null>();
/** `isDns1123Label` of the namespaces seen: thousands of objects share a few hundred namespaces. */
const namespaceLabels = new Map<string, boolean | null>();
/** Enough for every key and namespace of a mesh; past it, values are checked without being remembered. */
const MAX_REMEMBERED = 4096;

/**
 * `check(value)`, remembered in `seen` (results depend on the value only). An `undefined` result (no problem) is kept
 * as `null`, so one lookup answers both "seen" and "what".
 */
function remembered<T>(seen: Map<string, T | null>, value: string, check: (value: string) => T | undefined): T | undefined {
  const known = seen.get(value);
  if (known !== undefined) return known ?? undefined;
  const result = check(value);
  if (seen.size < MAX_REMEMBERED) seen.set(value, result ?? null);
  return result;
}

function keyProblem(key: string): string | undefined {
  return remembered(keyProblems, key, qualifiedNameProblem);
}

function lowerCaseKeyProblem(key: string): string | undefined {
  return keyProblem(key.toLowerCase());
}
