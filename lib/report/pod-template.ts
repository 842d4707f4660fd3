/** The PodTemplateSpec of a workload object of any kind and served version (POD_TEMPLATE_KINDS), or a Pod itself. */
import type { K8sObject } from '../k8s-object';
import { asRecord, isKind } from './objects';
import { POD_TEMPLATE_KINDS } from './wellknown';

/** `{ metadata, spec }` of the pods `o` runs; undefined when `o` runs no pods. */
export function podTemplateOf(o: K8sObject): Record<string, unknown> | undefined {
  if (isKind(o, '', 'Pod')) return { metadata: o.metadata, spec: o.spec };
  const kind = POD_TEMPLATE_KINDS.find((k) => isKind(o, k.group, k.kind));
  if (!kind) return undefined;
  let node: Record<string, unknown> | undefined = o as unknown as Record<string, unknown>;
  for (const key of kind.template) node = asRecord(node?.[key]);
  return node ?? {};
}
