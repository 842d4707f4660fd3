import { objectRef, type K8sObject } from '../k8s-object';
import type { SecureMeshProps } from '../model/definition';
import type { ResolvedMesh, ResolvedNamespace, ResolvedWorkload } from '../model/resolved';
import { quoted } from '../model/echo';
import type { EmittedFor } from './identities';
import type { FieldOrigins } from '../integrations/origins';

/**
 * Which field of the definition each emitted object comes from, so a finding on our own output (a rule of the pack,
 * a schema violation) can name what the user wrote instead of an object they never saw: `workloads[3] (name "job",
 * namespace "shop")`. The pipeline records what each object was emitted for while emitting (synthesize.ts, the same
 * record the identity check reads): nothing is read back from the objects and no annotation is written.
 *
 * Integration sections add namespaces and workloads after the user's (integrations/expansion.ts); objects derived
 * from those are attributed to the section field that declares the workload (`kserve.inferenceServices[0]`, recorded
 * by the expansion), or for a namespace to the sections present, since their `workloads[i]` / `namespaces[i]` index
 * is not in the user's file.
 */
export interface ObjectOrigin {
  /** The definition field: `workloads[3]`, `namespaces[0]`, `pki`, `istio`, `monitoring`, `kserve`. */
  readonly path: string;
  /** How to find it by eye: `name "job", namespace "shop"`. */
  readonly label?: string;
  /** The resolved workload or namespace it is derived from, for advice in definition terms. */
  readonly workload?: ResolvedWorkload;
  readonly namespace?: ResolvedNamespace;
  /** For a workload: the definition field of its namespace (`namespaces[0]`). */
  readonly namespacePath?: string;
  /** Whether the path points into the definition as written (false: added by an integration section). */
  readonly written: boolean;
}

/** Origins by `objectRef()` (`Kind/namespace/name`), the identity findings and schema violations name objects by. */
export type ObjectOrigins = ReadonlyMap<string, ObjectOrigin>;

const SECTIONS = ['kserve', 'modelmesh', 'mayastor', 'appTls'] as const;

/** Records the origin of each object as the pipeline emits it. */
class OriginRecorder {
  public readonly origins = new Map<string, ObjectOrigin>();
  private readonly writtenNamespaces: number;
  private readonly writtenWorkloads: number;
  /** The integration sections of the definition, which may have added namespaces and workloads. */
  private readonly sections: string;
  /** Namespace name → its definition field, as namespaces are recorded (before their workloads). */
  private readonly namespacePaths = new Map<string, string>();

  /** `fields`: where the expansion's namespaces and workloads come from (`workloads[5]` → `kserve.inferenceServices[0]`). */
  public constructor(definition: SecureMeshProps, private readonly fields?: FieldOrigins) {
    this.writtenNamespaces = definition.namespaces?.length ?? 0;
    this.writtenWorkloads = definition.workloads?.length ?? 0;
    this.sections = SECTIONS.filter((s) => definition[s] !== undefined).join(', ') || 'an integration section';
  }

  public record(obj: K8sObject, origin: ObjectOrigin): void {
    const ref = objectRef(obj);
    // The first object of an identity wins: the one a finding names was emitted first (duplicates are issue 12 §1).
    if (!this.origins.has(ref)) this.origins.set(ref, origin);
  }

  /** A mesh-wide section: `pki`, `istio`, `monitoring`, or an integration section. */
  public section(path: string): ObjectOrigin {
    return { path, written: true };
  }

  /** The namespace at `index` of the resolved (expanded) definition. */
  public namespace(ns: ResolvedNamespace, index: number): ObjectOrigin {
    const label = `name ${quoted(ns.name)}`;
    const origin = index < this.writtenNamespaces
      ? { path: `namespaces[${index}]`, label, namespace: ns, written: true }
      : { path: this.sections, label: `namespace ${quoted(ns.name)} it declares`, namespace: ns, written: false };
    this.namespacePaths.set(ns.name, origin.path);
    return origin;
  }

  /** The section field that declares an integration's workload (`kserve.inferenceServices[0]`), when recorded. */
  private sectionFieldOf(w: ResolvedWorkload): string | undefined {
    return this.fields?.entryOf(w.source);
  }

  public workload(w: ResolvedWorkload): ObjectOrigin {
    const index = Number(/^workloads\[(\d+)\]$/.exec(w.source)?.[1] ?? Infinity);
    const label = `name ${quoted(w.name)}, namespace ${quoted(w.namespace)}`;
    return index < this.writtenWorkloads
      ? { path: w.source, label, workload: w, namespacePath: this.namespacePaths.get(w.namespace), written: true }
      : { path: this.sectionFieldOf(w) ?? this.sections, label: `workload ${quoted(w.name)} in namespace ${quoted(w.namespace)} it declares`, workload: w, written: false };
  }
}

/**
 * The definition field of every emitted object, from what the pipeline recorded it was emitted for (`emittedFor[i]`
 * for `objects[i]`: a workload, a namespace, or a section such as `pki`). Namespaces are described first, so a
 * workload's origin can name its namespace's field.
 */
export function definitionOrigins(
  objects: readonly K8sObject[], emittedFor: readonly EmittedFor[], definition: SecureMeshProps, mesh: ResolvedMesh,
  fields?: FieldOrigins,
): ObjectOrigins {
  const recorder = new OriginRecorder(definition, fields);
  const namespaces = new Map<ResolvedNamespace, ObjectOrigin>();
  mesh.namespaces.forEach((ns, index) => namespaces.set(ns, recorder.namespace(ns, index)));
  const workloads = new Map<ResolvedWorkload, ObjectOrigin>();
  const sections = new Map<string, ObjectOrigin>();
  for (let i = 0; i < objects.length; i++) {
    const f = emittedFor[i];
    let origin: ObjectOrigin | undefined;
    if (typeof f === 'string') {
      // `pki.trustBundle` and the like: the section is what a reader looks for.
      const section = f.split('.')[0];
      origin = sections.get(section) ?? sections.set(section, recorder.section(section)).get(section);
    } else if ('serviceAccount' in f) {
      origin = workloads.get(f) ?? workloads.set(f, recorder.workload(f)).get(f);
    } else {
      origin = namespaces.get(f);
    }
    if (origin) recorder.record(objects[i], origin);
  }
  return recorder.origins;
}
