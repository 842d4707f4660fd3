import type { K8sObject } from '../k8s-object';
import type { SecureMeshProps } from '../model/definition';
import type { FieldOrigins } from '../integrations/origins';
import type { EmittedFor } from './identities';

/**
 * Annotation on every emitted object naming the definition field it was generated for, so a reviewer reading the
 * manifests (or `kubectl get -o yaml` on the cluster) knows why it exists: `workloads/shop/api`,
 * `namespaces/shop`, `kserve.inferenceServices/models/iris-predictor` (the workload the entry declares), `pki`,
 * `pki.trustBundle`, `istio`, `monitoring`, or an integration section (`kserve`, `integration/shop/x` for a workload
 * an unnamed section added). Plain YAML words (letters, digits, `._/-`): the serializer writes them without quoting
 * work (a value with spaces or parentheses costs a `yaml` round trip each, 12,664 at 5,000 workloads). Entries are
 * named, not indexed:
 * the output does not depend on the order of the definition's lists (lib/mesh/canonical-order.ts).
 */
export const SOURCE_ANNOTATION = 'secure-mesh.io/source';

/**
 * The objects with their `secure-mesh.io/source` annotation, written in place: the objects are the ones the emitters
 * have just built for this synthesis, which nothing else holds. A part that is frozen, or an annotations object that
 * already holds a source from this pass (an emitter shared it between objects), is copied instead, so nothing outside
 * changes and each object gets its own value. Copying every object, its metadata and annotations cost ~2 % of a
 * 5,000-workload synth (cachegrind instruction counts, medians of 3): 38,000 objects of garbage, and spreads of
 * objects of a dozen shapes. `origins[i]` is what objects[i] was emitted for (lib/mesh/identities.ts); `fields` the
 * section entry of each integration workload. Linear: one map lookup per object.
 */
export function withSourceAnnotations(objects: readonly K8sObject[], origins: readonly EmittedFor[], definition: SecureMeshProps,
  fields?: FieldOrigins): K8sObject[] {
  const declaredNamespaces = new Set((definition.namespaces ?? []).map((n) => n.name));
  const declaredWorkloads = (definition.workloads ?? []).length;
  // One string per origin (a workload's certificate, policies and NetworkPolicy share it), so the definition is
  // looked up once per entry, not once per object.
  const sources = new Map<EmittedFor, string>();
  const sourceOf = (origin: EmittedFor | undefined): string => {
    if (origin === undefined) return 'mesh';
    if (typeof origin === 'string') return origin;
    let source = sources.get(origin);
    if (source === undefined) sources.set(origin, (source = entrySource(origin)));
    return source;
  };
  const entrySource = (origin: Exclude<EmittedFor, string>): string => {
    if ('serviceAccount' in origin) {
      const key = `${origin.namespace}/${origin.name}`;
      // Integration workloads come after the definition's own (lib/integrations/expansion.ts): their index is past the end.
      const index = Number(/^workloads\[(\d+)\]$/.exec(origin.source)?.[1] ?? -1);
      if (index >= 0 && index < declaredWorkloads) return `workloads/${key}`;
      const path = fields?.entryOf(origin.source);
      return path ? `${path.replace(/\[\d+\]/g, '')}/${key}` : `integration/${key}`;
    }
    return declaredNamespaces.has(origin.name) ? `namespaces/${origin.name}` : `integration/${origin.name}`;
  };
  const result = new Array<K8sObject>(objects.length);
  for (let i = 0; i < objects.length; i++) {
    const o = objects[i] as K8sObject & { metadata: { annotations?: Record<string, string> } };
    const source = sourceOf(origins[i]);
    const annotations = o.metadata.annotations;
    result[i] = o;
    const ours = !Object.isFrozen(o) && !Object.isFrozen(o.metadata);
    if (ours && annotations === undefined) {
      const own: Record<string, string> = {};
      own[SOURCE_ANNOTATION] = source;
      o.metadata.annotations = own;
    } else if (ours && annotations !== undefined && !Object.isFrozen(annotations) && !(SOURCE_ANNOTATION in annotations)) {
      annotations[SOURCE_ANNOTATION] = source;
    } else {
      result[i] = { ...o, metadata: { ...o.metadata, annotations: { ...annotations, [SOURCE_ANNOTATION]: source } } };
    }
  }
  return result;
}
