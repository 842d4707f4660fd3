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
