import { SecureMeshError, type Problem } from './model/errors';

/**
 * A Kubernetes object as plain data: what the emitters produce, what `cdk8s synth` writes, and what
 * the checks, the schema validation and the connectivity report read back. Nothing here knows about
 * constructs, so the same code runs on synthesized charts and on hand-written manifests.
 */
export interface K8sObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: K8sMetadata;
  readonly [field: string]: unknown;
}

export interface K8sMetadata {
  readonly name: string;
  readonly namespace?: string;
  readonly labels?: Readonly<Record<string, string>>;
  readonly annotations?: Readonly<Record<string, string>>;
  readonly [field: string]: unknown;
}

/** `Kind/namespace/name` (or `Kind/name` for cluster-scoped objects): how messages name an object. */
export function objectRef(obj: Pick<K8sObject, 'kind' | 'metadata'>): string {
  const ns = obj.metadata?.namespace;
  return ns ? `${obj.kind}/${ns}/${obj.metadata.name}` : `${obj.kind}/${obj.metadata?.name}`;
}

/** The API group of an apiVersion: `networking.istio.io/v1` → `networking.istio.io`, `v1` → `` (core). */
export function apiGroup(apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? '' : apiVersion.slice(0, slash);
}

/**
 * The identity `kubectl apply` keys an object by: API group, kind, namespace (as written) and name. The version does
 * not count: `v1` and `v1beta1` of one kind are the same stored object. Two objects of one identity are one object on
 * the cluster, the last applied.
 */
export function objectIdentity(obj: Pick<K8sObject, 'apiVersion' | 'kind' | 'metadata'>): string {
  return `${apiGroup(obj.apiVersion)}\0${obj.kind}\0${obj.metadata.namespace ?? ''}\0${obj.metadata.name}`;
}

/** How many malformed objects one error lists before it summarizes the rest. */
const SHAPE_PROBLEMS_LISTED = 10;

/**
 * Checks that every item has the shape the checks and the connectivity report read (an object with string
 * `apiVersion` and `kind` and a `metadata` object), and throws one SecureMeshError naming each offending item
 * and field otherwise. TypeScript callers cannot pass anything else; objects parsed from YAML or built in
 * JavaScript can, and without this they fail deep inside a rule with a TypeError.
 * `what` names the function the objects were given to, for the heading.
 */
export function requireK8sObjects(objects: readonly unknown[], what: string): asserts objects is readonly K8sObject[] {
  if (!Array.isArray(objects)) {
    throw new SecureMeshError([{ path: 'objects', message: `must be an array of Kubernetes objects (got ${describe(objects)})` }], `Cannot run ${what}`);
  }
  const problems: Problem[] = [];
  for (let i = 0; i < objects.length && problems.length <= SHAPE_PROBLEMS_LISTED; i++) {
    const obj = objects[i] as Record<string, unknown> | null;
    const at = `objects[${i}]`;
    if (obj === null || typeof obj !== 'object' || Array.isArray(obj)) {
      problems.push({ path: at, message: `must be a Kubernetes object (a mapping with apiVersion, kind and metadata), got ${describe(obj)}` });
      continue;
    }
    for (const field of ['apiVersion', 'kind'] as const) {
      if (typeof obj[field] !== 'string') problems.push({ path: `${at}.${field}`, message: `must be a string such as ${field === 'kind' ? '"Service"' : '"v1"'} (got ${describe(obj[field])})` });
    }
    const metadata = obj.metadata;
    if (metadata === null || typeof metadata !== 'object' || Array.isArray(metadata)) {
      problems.push({ path: `${at}.metadata`, message: `must be a mapping with at least a name (got ${describe(metadata)})` });
    }
  }
  if (problems.length > SHAPE_PROBLEMS_LISTED) {
    problems.length = SHAPE_PROBLEMS_LISTED;
    problems.push({ path: '', message: 'more malformed objects follow; fix these first' });
  }
  if (problems.length > 0) throw new SecureMeshError(problems, `Cannot run ${what}: not Kubernetes objects`);
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  return typeof value === 'object' ? 'a mapping' : `${typeof value} ${String(value).slice(0, 40)}`;
}
