import { objectIdentity, objectRef, type K8sObject } from './k8s-object';

/**
 * The objects as `kubectl apply` leaves them on a cluster: one per identity (API group, kind, namespace, name), the
 * last one applied, at its place in the input. Analyses that read manifests (the connectivity report behind `graph`
 * and `diff`) must see what the cluster will have, not a duplicate the cluster never keeps: a second `default-deny`
 * replaces the first, it does not add to it. `replaced` lists the identities that appeared more than once.
 */
export function asApplied(objects: readonly K8sObject[]): { readonly objects: readonly K8sObject[]; readonly replaced: readonly string[] } {
  const last = new Map<string, number>();
  for (let i = 0; i < objects.length; i++) last.set(objectIdentity(objects[i]), i);
  if (last.size === objects.length) return { objects, replaced: [] };
  const kept: K8sObject[] = [];
  const replaced = new Set<string>();
  for (let i = 0; i < objects.length; i++) {
    if (last.get(objectIdentity(objects[i])) === i) kept.push(objects[i]);
    else replaced.add(objectRef(objects[i]));
  }
  return { objects: kept, replaced: [...replaced] };
}
