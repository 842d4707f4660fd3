import { IdentityMap } from './identity-map';
import { objectRef, type K8sObject } from './k8s-object';

/**
 * The objects as `kubectl apply` leaves them on a cluster: one per identity (API group, kind, namespace, name), the
 * last one applied, at its place in the input. Analyses that read manifests (the connectivity report behind `graph`
 * and `diff`) must see what the cluster will have, not a duplicate the cluster never keeps: a second `default-deny`
 * replaces the first, it does not add to it. `replaced` lists the identities that appeared more than once.
 */
export function asApplied(objects: readonly K8sObject[]): { readonly objects: readonly K8sObject[]; readonly replaced: readonly string[] } {
  const last = new IdentityMap<number>();
  let repeated = false;
  for (let i = 0; i < objects.length; i++) {
    if (last.setIfAbsent(objects[i], i) !== i) {
      last.set(objects[i], i);
      repeated = true;
    }
  }
  if (!repeated) return { objects, replaced: [] };
  const kept: K8sObject[] = [];
  const replaced = new Set<string>();
  for (let i = 0; i < objects.length; i++) {
    if (last.get(objects[i]) === i) kept.push(objects[i]);
    else replaced.add(objectRef(objects[i]));
  }
  return { objects: kept, replaced: [...replaced] };
}
