import { apiGroup, type K8sObject } from '../k8s-object';
import { INJECT_POD_LABEL, INJECTION_ENABLED, INJECTION_LABEL } from '../istio/wellknown';
import { KNATIVE_SERVICE_LABEL, KNATIVE_SERVING_GROUP, REVISION_LABEL, SUPPRESSIONS_ANNOTATION } from './wellknown';

/** A pod as far as manifests tell: a Pod or the template of a workload controller (Deployment, Knative Service, …). */
export interface PodTemplate {
  /** The object that carries the template (Deployment, Pod, Knative Service, …). */
  readonly owner: K8sObject;
  readonly namespace: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly annotations: Readonly<Record<string, string>>;
  /** The pod spec, as written (`containers`, `volumes`, …). */
  readonly spec: Record<string, any>;
}

/** Where each controller kind keeps its pod template. */
const TEMPLATE_PATHS: Readonly<Record<string, readonly string[]>> = {
  Deployment: ['spec', 'template'],
  StatefulSet: ['spec', 'template'],
  DaemonSet: ['spec', 'template'],
  ReplicaSet: ['spec', 'template'],
  ReplicationController: ['spec', 'template'],
  Job: ['spec', 'template'],
  CronJob: ['spec', 'jobTemplate', 'spec', 'template'],
};

/**
 * Every object indexed once (by kind, by namespace, by kind+namespace+name; pod templates by namespace), so
 * rules look things up instead of scanning: the whole pack stays linear in the number of objects.
 */
export class ObjectIndex {
  public readonly objects: readonly K8sObject[];
  /** The objects carrying the `secure-mesh.io/suppressions` annotation, in input order (most carry none). */
  public readonly withSuppressions: readonly K8sObject[];
  /**
   * kind → its objects, and (built on first use) by namespace and name. Nested maps rather than joined
   * `kind\0namespace\0name` keys: hashing a freshly built key string per object was most of building the index at
   * 5,000 workloads (docs/performance.md).
   */
  private readonly kinds = new Map<string, KindIndex>();
  private readonly pods = new Map<string, PodTemplate[]>();
  private readonly allPods: PodTemplate[] = [];
  private readonly meshed = new Map<string, boolean | undefined>();
  private readonly secretWriters = new Map<string, K8sObject[]>();
  private readonly derivedValues = new Map<(index: ObjectIndex) => unknown, unknown>();

  public constructor(objects: readonly K8sObject[]) {
    const indexed: K8sObject[] = [];
    const withSuppressions: K8sObject[] = [];
    // One pass: every object is read once here (a second pass over 12,664 objects costs a cache miss each).
    for (const obj of objects) {
      if (!(obj && typeof obj === 'object' && typeof obj.kind === 'string' && obj.metadata && typeof obj.metadata === 'object')) continue;
      indexed.push(obj);
      if (obj.metadata.annotations?.[SUPPRESSIONS_ANNOTATION] !== undefined) withSuppressions.push(obj);
      let kind = this.kinds.get(obj.kind);
      if (!kind) this.kinds.set(obj.kind, (kind = { all: [] }));
      kind.all.push(obj);
      const secretName = obj.kind === 'Certificate' ? asRecord(obj.spec).secretName : undefined;
      if (typeof secretName === 'string') push(this.secretWriters, secretName, obj);
      const template = podTemplateOf(obj);
      if (template) {
        push(this.pods, template.namespace, template);
        this.allPods.push(template);
      }
    }
    this.objects = indexed;
    this.withSuppressions = withSuppressions;
  }

  /** Objects of a kind (any API group), in input order. */
  public ofKind(kind: string): readonly K8sObject[] {
    return this.kinds.get(kind)?.all ?? [];
  }

  /** Objects of a kind in one namespace ('' = cluster-scoped). */
  public inNamespace(kind: string, namespace: string): readonly K8sObject[] {
    return this.namespacesOf(kind)?.get(text(namespace))?.all ?? [];
  }

  /** The first object of that kind, namespace ('' or undefined = cluster-scoped) and name. */
  public get(kind: string, namespace: string | undefined, name: string): K8sObject | undefined {
    const inNamespace = this.namespacesOf(kind)?.get(text(namespace ?? ''));
    if (!inNamespace) return undefined;
    // By name only for the kinds rules look up by name (Namespaces, issuers, Services, …), when first asked:
    // most objects (the policies) are never looked up.
    if (!inNamespace.byName) {
      inNamespace.byName = new Map();
      for (const obj of inNamespace.all) {
        const objName = text(obj.metadata.name);
        if (!inNamespace.byName.has(objName)) inNamespace.byName.set(objName, obj);
      }
    }
    return inNamespace.byName.get(text(name));
  }

  /**
   * A kind's objects by namespace, built when a rule first asks for that kind: most objects (the per-workload
   * policies) are only ever iterated by kind.
   */
  private namespacesOf(kind: string): KindIndex['byNamespace'] {
    const entry = this.kinds.get(kind);
    if (!entry) return undefined;
    if (!entry.byNamespace) {
      entry.byNamespace = new Map();
      for (const obj of entry.all) {
        const namespace = text(obj.metadata.namespace ?? '');
        const inNamespace = entry.byNamespace.get(namespace);
        if (inNamespace) inNamespace.all.push(obj);
        else entry.byNamespace.set(namespace, { all: [obj] });
      }
    }
    return entry.byNamespace;
  }

  /**
   * What `compute` makes of the whole index, computed once and shared by every rule that asks with the same function
   * (e.g. the port-level PeerAuthentications SM-IS-008b and SM-IS-008c both read). Callers must not modify it.
   */
  public derived<T>(compute: (index: ObjectIndex) => T): T {
    if (!this.derivedValues.has(compute)) this.derivedValues.set(compute, compute(this));
    return this.derivedValues.get(compute) as T;
  }

  public podTemplates(namespace?: string): readonly PodTemplate[] {
    return namespace === undefined ? this.allPods : this.pods.get(namespace) ?? [];
  }

  /** Pod templates in `namespace` whose labels match `selector` (matchLabels; an empty selector matches all). */
  public podsMatching(namespace: string, selector: Readonly<Record<string, string>> | undefined): PodTemplate[] {
    return this.podTemplates(namespace).filter((p) => labelsMatch(selector, p.labels));
  }

  /** Certificates whose `spec.secretName` is `name`, in any namespace. */
  public certificatesWriting(name: string): readonly K8sObject[] {
    return this.secretWriters.get(name) ?? [];
  }

  public namespaceObject(name: string): K8sObject | undefined {
    return this.get('Namespace', undefined, name);
  }

  /**
   * Whether sidecars are injected in a namespace: `true` when the Namespace is labelled `istio-injection=enabled` or
   * `istio.io/rev`, or a pod there opts in with the `sidecar.istio.io/inject: "true"` label; `false` when the Namespace
   * object is present without either; `undefined` when the manifests don't say.
   */
  public namespaceMeshed(name: string): boolean | undefined {
    if (this.meshed.has(name)) return this.meshed.get(name);
    const result = this.computeMeshed(name);
    this.meshed.set(name, result);
    return result;
  }

  private computeMeshed(name: string): boolean | undefined {
    const ns = this.namespaceObject(name);
    const labels = ns?.metadata.labels ?? {};
    if (labels[INJECTION_LABEL] === INJECTION_ENABLED || labels[REVISION_LABEL] !== undefined) return true;
    if (this.podTemplates(name).some((p) => p.labels[INJECT_POD_LABEL] === 'true')) return true;
    return ns ? false : undefined;
  }

  /** Whether a pod gets a sidecar: its own label wins, then the deprecated annotation's opt-out, then its namespace. */
  public podHasSidecar(pod: PodTemplate): boolean | undefined {
    const label = pod.labels[INJECT_POD_LABEL];
    if (label === 'true') return true;
    if (label === 'false' || pod.annotations[INJECT_POD_LABEL] === 'false') return false;
    if (pod.spec.hostNetwork === true) return false;
    const ns = this.namespaceObject(pod.namespace)?.metadata.labels ?? {};
    if (ns[INJECTION_LABEL] === INJECTION_ENABLED || ns[REVISION_LABEL] !== undefined) return true;
    return this.namespaceObject(pod.namespace) ? false : undefined;
  }
}

interface KindIndex {
  readonly all: K8sObject[];
  /** Built on first use (`namespacesOf`); each namespace's by-name map too (`get`). */
  byNamespace?: Map<string, { readonly all: K8sObject[]; byName?: Map<string, K8sObject> }>;
}

/** A namespace or name as the index keys it: as written when it is a string (malformed objects: as text). */
function text(value: unknown): string {
  return typeof value === 'string' ? value : `${value}`;
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** The pod template an object carries, if any. Knative Services get the label Knative adds to their revision pods. */
export function podTemplateOf(obj: K8sObject): PodTemplate | undefined {
  const namespace = obj.metadata.namespace ?? 'default';
  if (obj.kind === 'Pod' && apiGroup(obj.apiVersion) === '') {
    return { owner: obj, namespace, labels: obj.metadata.labels ?? {}, annotations: obj.metadata.annotations ?? {}, spec: asRecord(obj.spec) };
  }
  let template: unknown;
  let extraLabels: Record<string, string> = {};
  if (obj.kind === 'Service' && apiGroup(obj.apiVersion) === KNATIVE_SERVING_GROUP) {
    template = asRecord(obj.spec).template;
    extraLabels = { [KNATIVE_SERVICE_LABEL]: obj.metadata.name };
  } else {
    const path = TEMPLATE_PATHS[obj.kind];
    if (!path) return undefined;
    template = path.reduce<unknown>((at, key) => asRecord(at)[key], obj);
  }
  const t = asRecord(template);
  const meta = asRecord(t.metadata);
  return {
    owner: obj,
    namespace,
    labels: { ...stringMap(meta.labels), ...extraLabels },
    annotations: stringMap(meta.annotations),
    spec: asRecord(t.spec),
  };
}

/** `matchLabels` semantics: every selector label present with the same value. `undefined` or `{}` matches everything. */
export function labelsMatch(selector: Readonly<Record<string, string>> | undefined, labels: Readonly<Record<string, string>>): boolean {
  if (!selector) return true;
  for (const [k, v] of Object.entries(selector)) if (labels[k] !== v) return false;
  return true;
}

/**
 * Items keyed by a matchLabels selector, for visiting every item whose selector selects a given label set without
 * testing them all: `forEachMatching(labels, visit)` visits exactly the items `labelsMatch(selector, labels)` accepts.
 * Each item is filed under the first entry of its selector (a selector can only match label sets that carry that
 * entry), so a lookup costs one probe per label plus the items with an empty selector, instead of one `labelsMatch`
 * per item: rules that compare every policy of a namespace with every other stay linear.
 */
export class SelectorIndex<T> {
  private readonly matchAll: T[] = [];
  /** label key → label value → items whose selector's first entry is that, with their selectors. */
  private readonly byEntry = new Map<string, Map<string, { readonly selector: Readonly<Record<string, string>>; readonly item: T }[]>>();

  /** `selector` as `labelsMatch` reads it: undefined or {} matches every label set. */
  public add(selector: Readonly<Record<string, string>> | undefined, item: T): void {
    const first = selector ? Object.keys(selector)[0] : undefined;
    if (first === undefined) {
      this.matchAll.push(item);
      return;
    }
    let values = this.byEntry.get(first);
    if (!values) this.byEntry.set(first, (values = new Map()));
    push(values, selector![first], { selector: selector!, item });
  }

  /** Visits each item whose selector selects `labels` once: those with an empty selector first, then the others. */
  public forEachMatching(labels: Readonly<Record<string, string>>, visit: (item: T) => void): void {
    for (const item of this.matchAll) visit(item);
    for (const key of Object.keys(labels)) {
      const filed = this.byEntry.get(key)?.get(labels[key]);
      if (filed) for (const f of filed) if (labelsMatch(f.selector, labels)) visit(f.item);
    }
  }

  /**
   * `forEachMatching`, stopping once `visit` returns true (it has what it looks for), and saying whether it did: the
   * items with an empty selector often settle the question before any label is looked up.
   */
  public someMatching(labels: Readonly<Record<string, string>>, visit: (item: T) => boolean): boolean {
    for (const item of this.matchAll) if (visit(item)) return true;
    for (const key of Object.keys(labels)) {
      const filed = this.byEntry.get(key)?.get(labels[key]);
      if (filed) for (const f of filed) if (labelsMatch(f.selector, labels) && visit(f.item)) return true;
    }
    return false;
  }
}

/** Whether two matchLabels selectors can select the same pod (no key with different values). */
export function selectorsOverlap(a: Readonly<Record<string, string>> | undefined, b: Readonly<Record<string, string>> | undefined): boolean {
  if (!a || !b) return true;
  for (const [k, v] of Object.entries(a)) if (Object.prototype.hasOwnProperty.call(b, k) && b[k] !== v) return false;
  return true;
}

export function asRecord(v: unknown): Record<string, any> {
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, any>) : {};
}

export function asArray(v: unknown): any[] {
  return Array.isArray(v) ? v : [];
}

export function stringMap(v: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, val] of Object.entries(asRecord(v))) if (typeof val === 'string') out[k] = val;
  return out;
}

/** `spec.selector.matchLabels` (Istio), or undefined when the object has no selector or an empty one. */
export function matchLabelsOf(selector: unknown): Record<string, string> | undefined {
  const labels = stringMap(asRecord(selector).matchLabels);
  return Object.keys(labels).length > 0 ? labels : undefined;
}
