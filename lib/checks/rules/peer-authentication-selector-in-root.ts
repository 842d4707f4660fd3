import { asRecord, matchLabelsOf } from '../object-index';
import type { Rule, Violation } from '../rule';

export const peerAuthenticationSelectorInRoot: Rule = {
  id: 'SM-IS-025',
  severity: 'error',
  title: 'A PeerAuthentication with a workload selector in the root namespace is ignored',
  explanation:
    'Istio ignores PeerAuthentication policies with `selector.matchLabels` in the root namespace (`meshConfig.rootNamespace`, ' +
    'default istio-system): "PeerAuthentication policies with workload selectors are ignored when deployed in the root namespace". ' +
    'The policy has no effect. Fix: move it to the namespace of the workloads it selects, or drop the selector to make it mesh-wide ' +
    '(then it must be the only selector-less policy there).',
  sources: ['istio/api security/v1beta1/peer_authentication.proto', 'istio-kserve-modelmesh.md §1.2'],
  *check({ index, rootNamespace }): Iterable<Violation> {
    for (const pa of index.inNamespace('PeerAuthentication', rootNamespace)) {
      if (matchLabelsOf(asRecord(pa.spec).selector)) {
        yield { object: pa, message: `has a workload selector in the root namespace ${rootNamespace}, where Istio ignores it; move it to the workloads' namespace.` };
      }
    }
  },
};
