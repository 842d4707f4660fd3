import { asRecord } from '../object-index';
import type { Rule, Violation } from '../rule';
import { ENFORCEMENT_ANNOTATION } from '../../mesh/metadata';

export const meshWideWeakMtls: Rule = {
  id: 'SM-IS-028',
  severity: 'warning',
  title: 'The mesh-wide PeerAuthentication is DISABLE or PERMISSIVE',
  explanation:
    'A PeerAuthentication without a selector in the root namespace sets the mode for every workload of the mesh that has no ' +
    'namespace or workload policy of its own. PERMISSIVE accepts plaintext from anyone (identity-based AuthorizationPolicies ' +
    'then see no identity on those requests); DISABLE turns mutual TLS off mesh-wide. Either is right only during a ' +
    'migration. Fix: make the mesh-wide policy STRICT and put exceptions on the namespaces or workloads that need them ' +
    '(or suppress with the reason and the end date of the migration). A STRICT policy that secure-mesh relaxed for ' +
    '`enforcement: audit` (annotated `secure-mesh.io/enforcement: audit`) is such a migration, declared in the definition: not reported.',
  sources: ['istio.io/latest/docs/tasks/security/authentication/mtls-migration/', 'istio.io/latest/docs/reference/config/security/peer_authentication/'],
  *check({ index, rootNamespace }): Iterable<Violation> {
    for (const pa of index.inNamespace('PeerAuthentication', rootNamespace)) {
      if (!pa.apiVersion.startsWith('security.istio.io/')) continue;
      const spec = asRecord(pa.spec);
      if (Object.keys(asRecord(asRecord(spec.selector).matchLabels)).length > 0) continue;
      // A staged rollout's audit step, declared in the definition (lib/istio/enforcement.ts).
      if (pa.metadata.annotations?.[ENFORCEMENT_ANNOTATION] === 'audit') continue;
      const mode = asRecord(spec.mtls).mode;
      if (mode === 'DISABLE' || mode === 'PERMISSIVE') {
        yield { object: pa, message: `sets mtls.mode ${mode} for the whole mesh (root namespace ${rootNamespace}, no selector): ${mode === 'DISABLE' ? 'no workload gets mutual TLS' : 'every workload accepts plaintext'} unless its namespace says otherwise. Use STRICT and scope exceptions.` };
      }
    }
  },
};
