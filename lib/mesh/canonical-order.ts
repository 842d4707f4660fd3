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
  const keys = objects.map((o, i) => sortKey(o, origins[i], i));
  const order = objects.map((_, i) => i).sort((a, b) => compareKeys(keys[a], keys[b]));
  return { objects: order.map((i) => objects[i]), origins: order.map((i) => origins[i]) };
}

type Key = readonly [group: number, namespace: string, rank: number, kind: string, name: string, group: string, emitted: number];

function sortKey(o: K8sObject, origin: EmittedFor, index: number): Key {
  // The PKI keeps its emission order (the chain's), the only part whose order the definition does not vary.
  if (origin === 'pki' || origin === 'pki.trustBundle') return [0, '', 0, '', '', '', index];
  if (origin === 'istio') return [1, '', 0, o.kind, o.metadata.name, apiGroup(o.apiVersion), 0];
  const isNamespace = o.kind === 'Namespace' && apiGroup(o.apiVersion) === '';
  if (isNamespace) return [3, o.metadata.name, 0, '', '', '', 0];
  const namespace = o.metadata.namespace;
  if (namespace === undefined) return [2, '', 0, o.kind, o.metadata.name, apiGroup(o.apiVersion), 0];
  return [3, namespace, 1, o.kind, o.metadata.name, apiGroup(o.apiVersion), 0];
}

function compareKeys(a: Key, b: Key): number {
  for (let i = 0; i < a.length; i++) {
    const x = a[i];
    const y = b[i];
    if (x !== y) return x < y ? -1 : 1;
  }
  return 0;
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
