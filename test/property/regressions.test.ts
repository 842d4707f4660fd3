/**
 * Counterexamples the properties found in the library, kept as fixed cases so the bugs stay fixed.
 * Each is the shrunk definition, checked with the same oracle and evaluator as the property.
 */
import type { SecureMeshProps } from '../../lib/model/definition';
import { synthesizeMesh } from '../../lib/mesh/synthesize';
import { reachabilityMismatches } from './check';
import { formatMismatches } from './report';

process.env.SECURE_MESH_QUIET = '1';

function expectDeclaredReachability(def: SecureMeshProps): void {
  const mismatches = reachabilityMismatches(def);
  if (mismatches.length > 0) throw new Error(formatMismatches(def, mismatches));
}

describe('regressions found by the reachability property', () => {
  // Bug 1: a workload with `sidecar: true` in a namespace without injection got no DestinationRule of
  // its own, so the namespace's DISABLE rule made callers send plaintext: STRICT refused declared
  // callers, and under a no-identity rule every sidecar caller was admitted without identity.
  const sidecarInPlainNamespace: SecureMeshProps = {
    istio: { mtls: 'STRICT' },
    networkPolicies: false,
    namespaces: [{ name: 'c', sidecarInjection: false }],
    workloads: [
      { name: 'api', namespace: 'c' },
      { name: 'web', namespace: 'c', sidecar: true, ingress: [{ from: { workload: 'api' } }] },
    ],
  };

  test('callers send Istio mTLS to a sidecar workload in a namespace without injection', () => {
    const drs = synthesizeMesh(sidecarInPlainNamespace).objects.filter((o) => o.kind === 'DestinationRule');
    const web = drs.find((o) => o.metadata.name === 'web');
    expect(web?.spec).toEqual({ host: 'web.c.svc.cluster.local', exportTo: ['*'], trafficPolicy: { tls: { mode: 'ISTIO_MUTUAL' } } });
    expectDeclaredReachability(sidecarInPlainNamespace);
  });

  test('a sidecar workload in an injected namespace needs no DestinationRule of its own', () => {
    const def: SecureMeshProps = { namespaces: [{ name: 'c' }], workloads: [{ name: 'web', namespace: 'c', sidecar: true }] };
    expect(synthesizeMesh(def).objects.filter((o) => o.kind === 'DestinationRule').map((o) => o.metadata.name)).toEqual(['default']);
  });

  // Bug 2: the namespace's deny-by-default AuthorizationPolicy was emitted only where injection is on,
  // so a `sidecar: true` workload in a namespace without injection was open to every mesh caller at
  // L7 (only the NetworkPolicy refused undeclared callers: no defence in depth).
  test('a sidecar workload in an isolated namespace without injection is denied by default at L7', () => {
    const def: SecureMeshProps = {
      namespaces: [{ name: 'b', sidecarInjection: false }, { name: 'c' }],
      workloads: [{ name: 'db', namespace: 'b', ports: [{ port: 80, protocol: 'TCP' }], sidecar: true }],
    };
    const aps = synthesizeMesh(def).objects.filter((o) => o.kind === 'AuthorizationPolicy' && o.metadata.namespace === 'b');
    expect(aps.map((o) => [o.metadata.name, o.spec])).toEqual([['default-deny', {}]]);
    expectDeclaredReachability(def);
  });

  test('a namespace without any sidecar gets no AuthorizationPolicy (nothing would enforce it)', () => {
    const def: SecureMeshProps = { namespaces: [{ name: 'b', sidecarInjection: false }], workloads: [{ name: 'db', namespace: 'b' }] };
    expect(synthesizeMesh(def).objects.filter((o) => o.kind === 'AuthorizationPolicy')).toEqual([]);
  });
});
