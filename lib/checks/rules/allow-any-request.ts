import { asArray, asRecord } from '../object-index';
import type { Rule, Violation } from '../rule';

export const allowAnyRequest: Rule = {
  id: 'SM-IS-027',
  severity: 'warning',
  title: 'An ALLOW AuthorizationPolicy with an empty rule allows every request',
  explanation:
    'A rule with no `from`, `to` or `when` matches every request, so an ALLOW policy containing `{}` (e.g. `rules: [{}]`) ' +
    'admits any caller, with or without an identity, to the selected workloads (the whole namespace without a selector, the ' +
    'whole mesh in the root namespace), and every other ALLOW policy there stops restricting anything. It is how "allow-all" ' +
    'is written, and also what a rule looks like after its `from` was deleted by mistake. Fix: name the callers ' +
    '(`from.source.principals`/`namespaces`), or suppress with a reason (`secure-mesh.io/suppressions: "SM-IS-027: <why>"`) ' +
    'when opening the workloads is intended.',
  sources: ['istio.io/latest/docs/reference/config/security/authorization-policy/ (allow-all example)', 'istio pkg/config/analysis/analyzers/authz'],
  *check({ index, rootNamespace }): Iterable<Violation> {
    for (const ap of index.ofKind('AuthorizationPolicy')) {
      if (!ap.apiVersion.startsWith('security.istio.io/')) continue;
      const spec = asRecord(ap.spec);
      if ((spec.action ?? 'ALLOW') !== 'ALLOW') continue;
      const rules = asArray(spec.rules);
      for (let i = 0; i < rules.length; i++) {
        const r = asRecord(rules[i]);
        if (r.from !== undefined || r.to !== undefined || r.when !== undefined) continue;
        const scope = asRecord(asRecord(spec.selector).matchLabels);
        const selected = Object.keys(scope).length > 0
          ? `the workloads labelled ${Object.entries(scope).map(([k, v]) => `${k}=${v}`).join(',')}`
          : ap.metadata.namespace === rootNamespace ? 'every workload in the mesh' : `every workload in namespace ${ap.metadata.namespace ?? 'default'}`;
        yield { object: ap, message: `rules[${i}] is empty ({}): it allows every request, from any caller, to ${selected}. Name the callers, or suppress SM-IS-027 with a reason if this is intended.` };
      }
    }
  },
};
