import type { NamespaceProps, SecureMeshProps, WorkloadProps } from '../model/definition';
import { ProblemList, type Problem } from '../model/errors';
import { FieldOrigins } from './origins';

/** Where part of an added workload comes from; `mirrors`: it is a copy of that field, item for item (origins.ts). */
export interface WorkloadOrigin {
  readonly path: string;
  readonly mirrors: boolean;
}

/**
 * The definition being expanded by the integrations: each integration adds the namespaces and
 * workloads it implies (so they take part in the same intent graph, policies and checks as the
 * user's own), records problems under its own field paths (`kserve.inferenceServices[0].name`) and
 * warnings. Integration workloads are appended after the user's, so `workloads[i]` paths in messages
 * still point at the user's definition.
 */
export class Expansion {
  public readonly problems = new ProblemList();
  public readonly warnings: Problem[] = [];
  /** Which definition field each added namespace and workload (and their parts) comes from (origins.ts). */
  public readonly origins = new FieldOrigins();
  private readonly namespaces: NamespaceProps[];
  private readonly workloads: WorkloadProps[];
  /** Where each integration workload (`namespace/name`) comes from: the section entry that declared it (`kserve.inferenceServices[1]`). */
  public readonly workloadPaths = new Map<string, string>();

  public constructor(public readonly props: SecureMeshProps) {
    this.namespaces = [...(props.namespaces ?? [])];
    this.workloads = [...(props.workloads ?? [])];
  }

  /** Whether Istio is on. */
  public get istio(): boolean {
    return this.props.istio !== false;
  }

  public get clusterDomain(): string {
    return this.props.clusterDomain ?? 'cluster.local';
  }

  public get rootNamespace(): string {
    return (this.props.istio === false ? undefined : this.props.istio?.rootNamespace) ?? 'istio-system';
  }

  public namespace(name: string): NamespaceProps | undefined {
    return this.namespaces.find((n) => n.name === name);
  }

  /**
   * Declares a namespace the integration needs unless the definition already does; returns the declaration in force.
   * `origin` is the definition field that names it, for messages about the added declaration.
   */
  public ensureNamespace(ns: NamespaceProps, origin?: string): NamespaceProps {
    const existing = this.namespace(ns.name);
    if (existing) return existing;
    if (origin !== undefined) this.origins.add(`namespaces[${this.namespaces.length}]`, origin);
    this.namespaces.push(ns);
    return ns;
  }

  /** Replaces a namespace declaration (e.g. a migration phase's mTLS mode). */
  public replaceNamespace(ns: NamespaceProps): void {
    const i = this.namespaces.findIndex((n) => n.name === ns.name);
    if (i >= 0) this.namespaces[i] = ns;
  }

  public workload(namespace: string, name: string): WorkloadProps | undefined {
    return this.workloads.find((w) => w.namespace === namespace && w.name === name);
  }

  /**
   * Adds an integration workload; a user workload of the same name is a problem at `path`. `origins` says which
   * definition field each part of the workload comes from (`{ '': 'kserve.inferenceServices[0]', 'ingress[3].from':
   * { path: 'kserve.inferenceServices[0].callers', mirrors: true } }`, origins.ts); the whole workload defaults to `path`.
   */
  public addWorkload(w: WorkloadProps, path: string, origins: Readonly<Record<string, string | WorkloadOrigin>> = {}): void {
    if (this.workload(w.namespace, w.name)) {
      this.problems.add(path, `workload "${w.name}" in namespace "${w.namespace}" is already declared under workloads; remove it there, the integration declares it`);
      return;
    }
    const at = `workloads[${this.workloads.length}]`;
    this.origins.add(at, path);
    for (const [part, from] of Object.entries(origins)) {
      const origin = typeof from === 'string' ? { path: from, mirrors: false } : from;
      this.origins.add(part === '' ? at : `${at}.${part}`, origin.path, origin.mirrors);
    }
    this.workloads.push(w);
  }

  /** Rewrites the user's workloads (e.g. a migration phase without certificates). */
  public mapWorkloads(f: (w: WorkloadProps) => WorkloadProps): void {
    this.workloads.splice(0, this.workloads.length, ...this.workloads.map(f));
  }

  public check(path: string, message: string | undefined): void {
    if (message !== undefined) this.problems.add(path, message);
  }

  public warn(path: string, message: string): void {
    this.warnings.push({ path, message });
  }

  /** The expanded definition, without the integration sections (they are consumed). */
  public result(): SecureMeshProps {
    const { kserve: _k, modelmesh: _m, mayastor: _y, appTls: _a, ...rest } = this.props;
    return { ...rest, namespaces: this.namespaces, workloads: this.workloads };
  }
}
