import type { K8sObject } from '../../lib';

/** The one object of this kind, namespace and name (fails the test when absent). */
export function find(objects: readonly K8sObject[], kind: string, name: string, namespace?: string): K8sObject & { spec?: any } { // eslint-disable-line @typescript-eslint/no-explicit-any
  const found = objects.filter((o) => o.kind === kind && o.metadata.name === name && o.metadata.namespace === namespace);
  if (found.length !== 1) throw new Error(`expected one ${kind}/${namespace ?? ''}/${name}, found ${found.length}`);
  return found[0] as K8sObject & { spec?: any }; // eslint-disable-line @typescript-eslint/no-explicit-any
}

export function ofKind(objects: readonly K8sObject[], kind: string): K8sObject[] {
  return objects.filter((o) => o.kind === kind);
}
