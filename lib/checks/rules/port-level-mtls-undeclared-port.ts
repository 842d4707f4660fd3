import { refOf } from '../finding';
import type { Rule, Violation } from '../rule';
import { containerPorts, portLevelPolicies } from './port-level-mtls-ports';

export const portLevelMtlsUndeclaredPort: Rule = {
  id: 'SM-IS-008c',
  severity: 'info',
  title: 'PeerAuthentication portLevelMtls names a port no selected pod template declares as a containerPort',
  explanation:
    'Istio builds inbound listeners per declared container port; a port the pod listens on without declaring it is ' +
    'handled by the passthrough chain, where port-level settings have been reported not to apply (istio/istio#15633), and ' +
    'a key for a port nobody listens on is dead configuration. Fix: declare the port under `containers[].ports` ' +
    '(`containerPort`), or correct the key (it must be the container port, see SM-IS-008b).',
  sources: ['istio/istio#15633', 'istio/istio#49098', 'istio-kserve-modelmesh.md §6.3'],
  *check({ index }): Iterable<Violation> {
    for (const { policy, ports, pods } of portLevelPolicies(index)) {
      // Only when the manifests show the pods: otherwise nothing is known about their ports.
      if (pods.length === 0) continue;
      const declared = new Set(pods.flatMap((p) => [...containerPorts(p).keys()]));
      const missing = ports.filter((p) => !declared.has(p));
      if (missing.length === 0) continue;
      yield {
        object: policy,
        message: `portLevelMtls port${missing.length === 1 ? '' : 's'} ${missing.join(', ')} ${missing.length === 1 ? 'is' : 'are'} not declared as a containerPort by ${pods.map((p) => refOf(p.owner)).join(', ')}: the setting may not apply. Declare the port or fix the key.`,
        related: pods.map((p) => p.owner),
      };
    }
  },
};
