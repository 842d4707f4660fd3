import { refOf } from '../finding';
import { podsBehind, resolveHost } from '../hosts';
import { asArray, asRecord, type PodTemplate } from '../object-index';
import type { Rule, Violation } from '../rule';

export const istioMutualWithoutSidecar: Rule = {
  id: 'SM-IS-024',
  severity: 'error',
  title: 'A DestinationRule sets ISTIO_MUTUAL for a host whose pods have no sidecar',
  explanation:
    'An explicit `tls.mode: ISTIO_MUTUAL` applies to every endpoint of the host, without the plaintext fallback auto mTLS uses ' +
    'for pods without a sidecar, so calls to non-injected workloads (etcd, a non-injected activator, kube services) fail with ' +
    '503; a wildcard host such as `*.local` in the root namespace reaches every namespace without sidecars. Fix: drop `trafficPolicy.tls` and rely on auto mTLS, narrow the host to meshed services, or inject the destination.',
  sources: ['istio/istio#36672', 'istio-kserve-modelmesh.md §1.4'],
  *check({ index }): Iterable<Violation> {
    for (const dr of index.ofKind('DestinationRule')) {
      const spec = asRecord(dr.spec);
      if (typeof spec.host !== 'string') continue;
      const modes = [asRecord(asRecord(spec.trafficPolicy).tls).mode, ...asArray(asRecord(spec.trafficPolicy).portLevelSettings).map((p) => asRecord(asRecord(p).tls).mode)];
      if (!modes.includes('ISTIO_MUTUAL')) continue;
      const target = resolveHost(spec.host, dr.metadata.namespace ?? 'default');
      if (!target) continue;
      const { pods } = podsBehind(index, target);
      const outside: PodTemplate[] = pods.filter((p) => index.podHasSidecar(p) === false);
      if (outside.length > 0) {
        const names = outside.map((p) => refOf(p.owner));
        yield {
          object: dr,
          message: `sets ISTIO_MUTUAL for "${spec.host}", but ${names.join(', ')} ${outside.length === 1 ? 'has' : 'have'} no sidecar: those calls will fail. Rely on auto mTLS (remove trafficPolicy.tls) or inject the destination.`,
          related: outside.map((p) => p.owner),
        };
        continue;
      }
      // A wildcard over every namespace (`*.local`, `*.cluster.local`, often in the root namespace): the namespaces the
      // input shows without injection, in one finding.
      if (target.namespaces === '*') {
        const plain = index.ofKind('Namespace').filter((n) => index.namespaceMeshed(n.metadata.name) === false);
        if (plain.length > 0) {
          const names = plain.map((n) => n.metadata.name);
          yield {
            object: dr,
            message: `sets ISTIO_MUTUAL for "${spec.host}", which covers ${names.length === 1 ? 'namespace' : 'namespaces'} ${names.join(', ')} without sidecar injection: meshed callers' requests to their plaintext services (etcd, webhooks, databases) will fail. Narrow the host to meshed namespaces or rely on auto mTLS.`,
            related: plain,
          };
        }
        continue;
      }
      // A whole namespace that is known not to be meshed.
      if (!target.service) {
        for (const ns of target.namespaces) {
          if (index.namespaceMeshed(ns) === false) {
            const nsObj = index.namespaceObject(ns);
            yield {
              object: dr,
              message: `sets ISTIO_MUTUAL for "${spec.host}", but namespace ${ns} has no sidecar injection: calls to it will fail. Rely on auto mTLS or label the namespace istio-injection=enabled.`,
              related: nsObj ? [nsObj] : [],
            };
          }
        }
      }
    }
  },
};
