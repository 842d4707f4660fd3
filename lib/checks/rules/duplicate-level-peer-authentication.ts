import { refOf } from '../finding';
import { levelPolicies, oldest } from '../mtls-modes';
import type { Rule, Violation } from '../rule';

export const duplicateLevelPeerAuthentication: Rule = {
  id: 'SM-IS-026',
  severity: 'error',
  title: 'More than one namespace-level or mesh-level PeerAuthentication: only the oldest applies',
  explanation:
    'Istio applies one selector-less PeerAuthentication per namespace (and one mesh-wide one in the root namespace). When ' +
    'several exist, the oldest by creationTimestamp wins and the others are silently ignored ("Namespace/mesh-level ' +
    'PeerAuthentication is already defined … Ignore"), so which mode applies depends on apply order. Fix: keep exactly one, ' +
    'named `default`; use selectors or portLevelMtls for exceptions.',
  sources: ['istio pilot/pkg/security/authn/policy_applier.go ComposePeerAuthentication', 'istio-kserve-modelmesh.md §1.2'],
  *check({ index, rootNamespace }): Iterable<Violation> {
    const namespaces = new Set(index.ofKind('PeerAuthentication').map((p) => p.metadata.namespace ?? 'default'));
    for (const ns of [...namespaces].sort()) {
      const level = levelPolicies(index, ns);
      if (level.length < 2) continue;
      const winner = oldest(level)!;
      const scope = ns === rootNamespace ? 'mesh-level' : `namespace-level (${ns})`;
      for (const pa of level) {
        if (pa === winner) continue;
        yield {
          object: pa,
          message: `is a second ${scope} PeerAuthentication next to ${refOf(winner)}; only the oldest applies, the other is ignored. Keep one policy named "default".`,
          related: [winner],
        };
      }
    }
  },
};
