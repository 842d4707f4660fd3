import { apiGroup, type K8sObject } from './k8s-object';

/** What an identity is read from: API version (for its group), kind, namespace and name. */
export type Identified = Pick<K8sObject, 'apiVersion' | 'kind' | 'metadata'>;

/**
 * A map keyed by object identity (API group, kind, namespace as written, name; lib/k8s-object.ts `objectIdentity`),
 * as nested maps rather than one joined key string: building and hashing a fresh string per object cost 15-45 ms over
 * the 12,664 objects of a 5,000-workload mesh, nested lookups of the object's own strings (whose hashes V8 keeps) 3-4 ms.
 */
export class IdentityMap<V> {
  private readonly kinds = new Map<string, Map<string, Map<string, Map<string, V>>>>();
  /** apiVersion → its group, computed once per apiVersion. */
  private readonly groups = new Map<string, string>();
  /**
   * The names map of the last (apiVersion, kind, namespace) looked up. Manifests come in runs of one kind in one
   * namespace (about 10 objects per run in a synthesized mesh), so most lookups skip the three outer maps. Kept only for
   * string keys, whose identity key is themselves.
   */
  private last: { readonly apiVersion: string; readonly kind: string; readonly namespace: string | undefined; readonly names: Map<string, V> } | undefined;

  public get(obj: Identified): V | undefined {
    return this.names(obj, false)?.get(`${obj.metadata.name}`);
  }

  /** Sets the value unless the identity has one already; returns the value in force. */
  public setIfAbsent(obj: Identified, value: V): V {
    const names = this.names(obj, true)!;
    const name = `${obj.metadata.name}`;
    const existing = names.get(name);
    if (existing !== undefined) return existing;
    names.set(name, value);
    return value;
  }

  public set(obj: Identified, value: V): void {
    this.names(obj, true)!.set(`${obj.metadata.name}`, value);
  }

  private names(obj: Identified, create: boolean): Map<string, V> | undefined {
    const last = this.last;
    const namespaceAsWritten = obj.metadata.namespace;
    if (last !== undefined && obj.apiVersion === last.apiVersion && obj.kind === last.kind && namespaceAsWritten === last.namespace) return last.names;
    const names = this.lookUp(obj, namespaceAsWritten, create);
    if (names && typeof obj.apiVersion === 'string' && typeof obj.kind === 'string' && (namespaceAsWritten === undefined || typeof namespaceAsWritten === 'string')) {
      this.last = { apiVersion: obj.apiVersion, kind: obj.kind, namespace: namespaceAsWritten, names };
    }
    return names;
  }

  private lookUp(obj: Identified, namespaceAsWritten: unknown, create: boolean): Map<string, V> | undefined {
    let group = this.groups.get(obj.apiVersion);
    if (group === undefined) this.groups.set(obj.apiVersion, (group = apiGroup(`${obj.apiVersion}`)));
    let byGroup = this.kinds.get(obj.kind);
    if (!byGroup) {
      if (!create) return undefined;
      this.kinds.set(obj.kind, (byGroup = new Map()));
    }
    let byNamespace = byGroup.get(group);
    if (!byNamespace) {
      if (!create) return undefined;
      byGroup.set(group, (byNamespace = new Map()));
    }
    const namespace = `${namespaceAsWritten ?? ''}`;
    let names = byNamespace.get(namespace);
    if (!names) {
      if (!create) return undefined;
      byNamespace.set(namespace, (names = new Map()));
    }
    return names;
  }
}
