import type { Chart } from 'cdk8s';
import type { K8sObject } from '../../lib';
import type { Namespace } from '../evaluator';

process.env.SECURE_MESH_QUIET = '1';

/** The chart's objects as `cdk8s synth` writes them. */
export function objectsOf(chart: Chart): K8sObject[] {
  return chart.toJson() as K8sObject[];
}

export function find(objects: readonly K8sObject[], kind: string, namespace: string | undefined, name: string): K8sObject {
  const found = objects.find((o) => o.kind === kind && o.metadata.namespace === namespace && o.metadata.name === name);
  if (!found) throw new Error(`no ${kind} ${namespace ?? ''}/${name} among ${objects.map((o) => `${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`).join(', ')}`);
  return found;
}

export function ofKind(objects: readonly K8sObject[], kind: string): K8sObject[] {
  return objects.filter((o) => o.kind === kind);
}

/** Namespaces for the evaluator: the emitted Namespace objects' labels, plus unmanaged ones. */
export function namespacesOf(objects: readonly K8sObject[], unmanaged: readonly string[] = []): Namespace[] {
  return [
    ...ofKind(objects, 'Namespace').map((n) => ({ name: n.metadata.name, labels: { ...(n.metadata.labels ?? {}) } })),
    ...unmanaged.map((name) => ({ name, labels: {} })),
  ];
}

/** `spec` of an object, loosely typed for assertions. */
export function spec(o: K8sObject): any {
  return (o as any).spec;
}
