import { refOf } from '../finding';
import { asArray, asRecord, matchLabelsOf } from '../object-index';
import { possibleModes } from '../mtls-modes';
import type { Rule, Violation } from '../rule';
import { isDryRunPolicy } from '../../istio/enforcement';

/** Source fields and `when` keys whose value comes from the peer certificate, so they are empty for plaintext callers. */
const IDENTITY_FIELDS = ['principals', 'notPrincipals', 'namespaces', 'notNamespaces', 'serviceAccounts', 'notServiceAccounts'];
const IDENTITY_KEYS = ['source.principal', 'source.namespace', 'source.serviceAccount', 'source.trustDomain'];

/** Ports a rule is limited to (`to.operation.ports`), or undefined for every port. */
function rulePorts(rule: Record<string, any>): string[] | undefined {
  const ports = asArray(rule.to).flatMap((t) => asArray(asRecord(asRecord(t).operation).ports)).map(String);
  return ports.length > 0 ? ports : undefined;
}

export const identityRulesOverPlaintext: Rule = {
  id: 'SM-IS-010',
  severity: 'error',
  title: 'A DENY AuthorizationPolicy matches on peer identity where plaintext is accepted, so plaintext requests bypass it',
  explanation:
    '`principals`, `namespaces`, `serviceAccounts` (and the `source.*` `when` keys) are read from the peer certificate and ' +
    'need mTLS. Under PERMISSIVE or DISABLE a plaintext request carries no identity, so a DENY rule on those fields never ' +
    'matches it and the request goes through (ISTIO-SECURITY-2021-003). Fix: make the selected workloads (and the ports the ' +
    'rule covers) STRICT, or deny on `ipBlocks`, or use `notPrincipals: ["*"]` to deny plaintext explicitly.',
  sources: ['istio/istio.io#9524 (ISTIO-SECURITY-2021-003)', 'kiali/kiali#2938', 'istio/istio#30039'],
  *check({ index, rootNamespace }): Iterable<Violation> {
    for (const ap of index.ofKind('AuthorizationPolicy')) {
      const spec = asRecord(ap.spec);
      if (spec.action !== 'DENY' || isDryRunPolicy(ap)) continue;
      const ns = ap.metadata.namespace ?? 'default';
      const selector = matchLabelsOf(spec.selector);
      for (const [i, rule] of asArray(spec.rules).entries()) {
        const r = asRecord(rule);
        const fields = asArray(r.from).flatMap((f) => Object.keys(asRecord(asRecord(f).source)).filter((k) => IDENTITY_FIELDS.includes(k)));
        const keys = asArray(r.when).map((w) => asRecord(w).key).filter((k) => IDENTITY_KEYS.includes(k));
        if (fields.length === 0 && keys.length === 0) continue;
        // notPrincipals: ["*"] is how one denies plaintext on purpose.
        const ports = rulePorts(r);
        const weak = possibleModes(index, rootNamespace, ns, selector)
          .filter((m) => m.mode !== 'STRICT' && (!m.port || !ports || ports.includes(m.port)));
        if (weak.length === 0) continue;
        const w = weak[0];
        yield {
          object: ap,
          message: `rules[${i}] denies by ${[...new Set([...fields, ...keys])].join(', ')}, but ${w.policy ? refOf(w.policy) : 'the mesh'} accepts plaintext (${w.mode}${w.port ? ` on port ${w.port}` : ''}) for these workloads: plaintext requests carry no identity and are not denied. Make them STRICT.`,
          related: w.policy ? [w.policy] : [],
        };
      }
    }
  },
};
