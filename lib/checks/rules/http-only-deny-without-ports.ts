import { asArray, asRecord } from '../object-index';
import type { Rule, Violation } from '../rule';
import { isDryRunPolicy } from '../../istio/enforcement';

const HTTP_ONLY = ['methods', 'notMethods', 'paths', 'notPaths', 'hosts', 'notHosts'];

export const httpOnlyDenyWithoutPorts: Rule = {
  id: 'SM-IS-104',
  severity: 'warning',
  title: 'A DENY AuthorizationPolicy uses only HTTP fields without ports, so it denies all TCP traffic in scope',
  explanation:
    'On TCP (non-HTTP) traffic istiod ignores HTTP-only attributes of DENY rules, which widens the rule: it denies every TCP ' +
    'connection to the selected workloads. The webhook warns ("will deny all traffic to TCP ports under its scope"). Fix: add ' +
    '`to.operation.ports` for the HTTP ports the rule is meant for.',
  sources: ['istio pilot/pkg/security/authz/model/model.go', 'istio-kserve-modelmesh.md §1.3'],
  *check({ index }): Iterable<Violation> {
    for (const ap of index.ofKind('AuthorizationPolicy')) {
      const spec = asRecord(ap.spec);
      if (spec.action !== 'DENY' || isDryRunPolicy(ap)) continue;
      for (const [i, raw] of asArray(spec.rules).entries()) {
        const ops = asArray(asRecord(raw).to).map((t) => asRecord(asRecord(t).operation));
        if (ops.some((op) => Object.keys(op).some((k) => HTTP_ONLY.includes(k)) && op.ports === undefined)) {
          yield { object: ap, message: `rules[${i}] denies on HTTP fields without to.operation.ports: it denies all TCP traffic to the selected workloads. Add ports.` };
        }
      }
    }
  },
};
