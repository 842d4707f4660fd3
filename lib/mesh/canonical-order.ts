import { apiGroup, type K8sObject } from '../k8s-object';
import type { ResolvedMesh } from '../model/resolved';
import type { EmittedFor } from './identities';

/**
 * The one order of a mesh's objects, whatever the order of namespaces, workloads and integration entries in the
 * definition (reordering the definition changes no byte of the output):
 *
 * 1. the PKI (`pki`: issuer chain, then the trust bundle), in chain order, so the file reads root → intermediate →
 *    bundle;
 * 2. the mesh-wide Istio policy (`istio`: the root namespace's PeerAuthentication);
 * 3. other cluster-scoped objects, by kind, then name;
 * 4. per namespace, by namespace name: its Namespace object first (kubectl apply creates objects in file order, and a
 *    namespace must exist before its objects), then its objects by kind, then name (then API group, for kinds two
 *    groups define).
 *
 * Names are compared by UTF-16 code units, not by locale, so the order is the same on every machine.
 */
export function canonicalOrder(objects: readonly K8sObject[], origins: readonly EmittedFor[]): { objects: K8sObject[]; origins: EmittedFor[] } {
  // Parts 1-3 keep their few objects; each namespace's objects (nearly all of them) are sorted on their own, with
  // the fields compared directly: sorting all 12,664 objects of a 5,000-workload mesh on a 7-part key built per
  // object cost ~10 ms and a key array per object.
  const pki: number[] = [];
  const istio: number[] = [];
  const cluster: number[] = [];
  const byNamespace = new Map<string, number[]>();
  // Each object's kind and name read once into flat lists: the comparisons then read plain strings, not objects of a
  // dozen shapes (a property read that cannot be specialized).
  const kinds = new Array<string>(objects.length);
  const names = new Array<string>(objects.length);
  const namespaceObject = new Array<boolean>(objects.length);
  for (let i = 0; i < objects.length; i++) {
    const o = objects[i];
    const origin = origins[i];
    kinds[i] = o.kind;
    names[i] = o.metadata.name;
    namespaceObject[i] = isNamespace(o);
    // The PKI keeps its emission order (the chain's), the only part whose order the definition does not vary.
    if (origin === 'pki' || origin === 'pki.trustBundle') pki.push(i);
    else if (origin === 'istio') istio.push(i);
    else {
      const namespace = namespaceObject[i] ? o.metadata.name : o.metadata.namespace;
      if (namespace === undefined) {
        cluster.push(i);
        continue;
      }
      const list = byNamespace.get(namespace);
      if (list) list.push(i);
      else byNamespace.set(namespace, [i]);
    }
  }
  /** By kind, then name, then API group (for kinds two groups define). */
  const byKindAndName = (a: number, b: number): number =>
    compareStrings(kinds[a], kinds[b]) || compareStrings(names[a], names[b]) || compareStrings(apiGroup(objects[a].apiVersion), apiGroup(objects[b].apiVersion));
  const order = pki;
  for (const i of istio.sort(byKindAndName)) order.push(i);
  for (const i of cluster.sort(byKindAndName)) order.push(i);
  for (const namespace of [...byNamespace.keys()].sort(compareStrings)) {
    // The Namespace object first: kubectl apply creates objects in file order.
    const list = byNamespace.get(namespace)!.sort((a, b) => (namespaceObject[a] !== namespaceObject[b] ? (namespaceObject[a] ? -1 : 1) : byKindAndName(a, b)));
    for (const i of list) order.push(i);
  }
  return { objects: order.map((i) => objects[i]), origins: order.map((i) => origins[i]) };
}

function isNamespace(o: K8sObject): boolean {
  return o.kind === 'Namespace' && apiGroup(o.apiVersion) === '';
}

/** UTF-16 code-unit order, the same on every machine (not the locale's). */
function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * The resolved mesh with its namespaces by name and its workloads by namespace, then name: the emitters and the intent
 * graph read these lists in order (a NetworkPolicy's egress peers, a Sidecar's hosts), so objects built from several
 * entries list them the same way whatever the definition's order. Each entry keeps `source` (`workloads[3]`), the
 * index the user wrote, for messages.
 */
export function canonicalMesh(mesh: ResolvedMesh): ResolvedMesh {
  const byName = (a: { readonly name: string }, b: { readonly name: string }): number => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
  const namespaces = [...mesh.namespaces].sort(byName);
  const workloads = [...mesh.workloads].sort((a, b) => (a.namespace < b.namespace ? -1 : a.namespace > b.namespace ? 1 : byName(a, b)));
  return { ...mesh, namespaces, workloads };
}
