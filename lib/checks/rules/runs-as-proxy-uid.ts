import { asArray, asRecord } from '../object-index';
import type { Rule, Violation } from '../rule';

/**
 * The UID the Istio sidecar runs as: istio-iptables excludes outbound traffic of this UID from redirection
 * (`-m owner --uid-owner 1337 -j RETURN`) so the proxy's own connections are not looped back (istio
 * tools/istio-iptables, `--proxy-uid`, default 1337).
 */
export const ISTIO_PROXY_UID = 1337;
const PROXY_CONTAINER = 'istio-proxy';

export const runsAsProxyUid: Rule = {
  id: 'SM-IS-033',
  severity: 'warning',
  title: 'An application container in a meshed pod runs as UID 1337, the sidecar\'s UID',
  explanation:
    'Istio\'s iptables rules let traffic from UID 1337 leave the pod without passing the sidecar (that is how the proxy\'s own ' +
    'connections escape the redirect). An application container running as 1337 therefore sends plaintext, without its ' +
    'identity and outside every egress policy; calls to STRICT destinations fail and AuthorizationPolicies see no principal. ' +
    'Fix: run the application as another UID (`securityContext.runAsUser`), never 1337.',
  sources: ['istio tools/istio-iptables (proxy UID 1337 excluded from outbound capture)', 'istio.io/latest/docs/ops/deployment/application-requirements/'],
  *check({ index }): Iterable<Violation> {
    for (const pod of index.podTemplates()) {
      if (index.podHasSidecar(pod) !== true) continue;
      const podUid = asRecord(pod.spec.securityContext).runAsUser;
      for (const c of asArray(pod.spec.containers)) {
        const container = asRecord(c);
        if (container.name === PROXY_CONTAINER) continue;
        const uid = asRecord(container.securityContext).runAsUser ?? podUid;
        if (Number(uid) === ISTIO_PROXY_UID) {
          yield { object: pod.owner, message: `container ${String(container.name)} runs as UID ${ISTIO_PROXY_UID}, the sidecar's UID: its outbound traffic bypasses the sidecar (no mTLS, no policy). Use another runAsUser.` };
        }
      }
    }
  },
};
