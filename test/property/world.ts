/**
 * The evaluator's view of a synthesized definition: the emitted objects plus the namespaces the test
 * world's pods live in (the evaluator reads namespace labels for `namespaceSelector`s).
 */
import type { K8sObject } from '../../lib/k8s-object';
import type { Cluster } from '../evaluator';
import type { Oracle } from './oracle';

export function clusterOf(objects: readonly K8sObject[], oracle: Oracle): Cluster {
  // Namespace objects the library emits carry labels; the rest exist with only the implied name label.
  const emitted = new Map(objects.filter((o) => o.kind === 'Namespace').map((o) => [o.metadata.name, { ...(o.metadata.labels ?? {}) }]));
  return {
    objects: [...objects],
    namespaces: oracle.namespaceNames().map((name) => ({ name, labels: emitted.get(name) ?? {} })),
    trustDomain: oracle.trustDomain,
    rootNamespace: oracle.rootNamespace,
  };
}
