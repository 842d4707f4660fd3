import { apiGroup, type K8sObject } from '../k8s-object';
import { INJECT_POD_LABEL, INJECTION_ENABLED, INJECTION_LABEL } from '../istio/wellknown';
import { KNATIVE_SERVICE_LABEL, KNATIVE_SERVING_GROUP, REVISION_LABEL } from './wellknown';

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
  private readonly kinds = new Map<string, K8sObject[]>();
  private readonly byKindNs = new Map<string, K8sObject[]>();
  private readonly byName = new Map<string, K8sObject[]>();
  private readonly pods = new Map<string, PodTemplate[]>();
  private readonly allPods: PodTemplate[] = [];
  private readonly meshed = new Map<string, boolean | undefined>();
  private readonly secretWriters = new Map<string, K8sObject[]>();

  public constructor(objects: readonly K8sObject[]) {
    this.objects = objects.filter((o) => o && typeof o === 'object' && typeof o.kind === 'string' && o.metadata && typeof o.metadata === 'object');
    for (const obj of this.objects) {
      push(this.kinds, obj.kind, obj);
      push(this.byKindNs, `${obj.kind}\0${obj.metadata.namespace ?? ''}`, obj);
      push(this.byName, `${obj.kind}\0${obj.metadata.namespace ?? ''}\0${obj.metadata.name}`, obj);
      const secretName = obj.kind === 'Certificate' ? asRecord(obj.spec).secretName : undefined;
      if (typeof secretName === 'string') push(this.secretWriters, secretName, obj);
      const template = podTemplateOf(obj);
      if (template) {
        push(this.pods, template.namespace, template);
        this.allPods.push(template);
      }
    }
  }

  /** Objects of a kind (any API group), in input order. */
  public ofKind(kind: string): readonly K8sObject[] {
    return this.kinds.get(kind) ?? [];
  }

  /** Objects of a kind in one namespace ('' = cluster-scoped). */
  public inNamespace(kind: string, namespace: string): readonly K8sObject[] {
    return this.byKindNs.get(`${kind}\0${namespace}`) ?? [];
  }

  public get(kind: string, namespace: string | undefined, name: string): K8sObject | undefined {
    return this.byName.get(`${kind}\0${namespace ?? ''}\0${name}`)?.[0];
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

/** Whether two matchLabels selectors can select the same pod (no key with different values). */
export function selectorsOverlap(a: Readonly<Record<string, string>> | undefined, b: Readonly<Record<string, string>> | undefined): boolean {
  if (!a || !b) return true;
  for (const [k, v] of Object.entries(a)) if (k in b && b[k] !== v) return false;
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
