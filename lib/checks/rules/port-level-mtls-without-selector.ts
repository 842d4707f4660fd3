import { asRecord, matchLabelsOf } from '../object-index';
import type { Rule, Violation } from '../rule';

export const portLevelMtlsWithoutSelector: Rule = {
  id: 'SM-IS-008a',
  severity: 'error',
  title: 'portLevelMtls on a PeerAuthentication without a workload selector',
  explanation:
    '`portLevelMtls` only works on workload-level policies; its keys are container ports of the selected pods. The CRD rejects ' +
    'it without `selector.matchLabels` ("portLevelMtls requires selector") and istiod rejects it on mesh/namespace policies. ' +
    'Fix: add a `selector` naming the workload, in its namespace (not the root namespace).',
  sources: ['istio/api#1928', 'istio/istio#20926'],
  *check({ index }): Iterable<Violation> {
    for (const pa of index.ofKind('PeerAuthentication')) {
      const spec = asRecord(pa.spec);
      if (spec.portLevelMtls !== undefined && !matchLabelsOf(spec.selector)) {
        yield { object: pa, message: 'sets portLevelMtls without selector.matchLabels; port-level modes need a workload selector.' };
      }
    }
  },
};
