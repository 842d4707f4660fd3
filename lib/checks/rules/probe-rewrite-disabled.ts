import { namespaceMode } from '../mtls-modes';
import { refOf } from '../finding';
import type { Rule, Violation } from '../rule';
import { containersOf } from '../secret-consumers';
import { REWRITE_PROBES_ANNOTATION } from '../wellknown';

const PROBES = ['livenessProbe', 'readinessProbe', 'startupProbe'];

export const probeRewriteDisabled: Rule = {
  id: 'SM-IS-006',
  severity: 'warning',
  title: 'Kubelet probes are not rewritten on a pod served under STRICT mTLS',
  explanation:
    'The kubelet is not in the mesh. Istio rewrites httpGet/tcpSocket/grpc probes to the sidecar\'s port 15020 so they work ' +
    'under STRICT; with `sidecar.istio.io/rewriteAppHTTPProbers: "false"` the probes hit the application port, STRICT resets ' +
    'them, and pods never become Ready (or are restarted). Fix: remove the annotation, or serve probes on a port excluded from ' +
    'capture.',
  sources: ['istio/istio#41010', 'istio/istio#53786', 'KanishJebaMathewM/Truxify#8972'],
  *check({ index, rootNamespace }): Iterable<Violation> {
    for (const pod of index.podTemplates()) {
      if (pod.annotations[REWRITE_PROBES_ANNOTATION] !== 'false' || index.podHasSidecar(pod) === false) continue;
      const mode = namespaceMode(index, rootNamespace, pod.namespace);
      if (mode?.mode !== 'STRICT') continue;
      const probed = containersOf(pod).filter((c) => PROBES.some((p) => { const pr = c[p]; return pr && (pr.httpGet || pr.tcpSocket || pr.grpc); }));
      if (probed.length === 0) continue;
      yield {
        object: pod.owner,
        message: `turns off probe rewriting while ${mode.policy ? refOf(mode.policy) : 'the mesh'} is STRICT: probes of ${probed.map((c) => String(c.name)).join(', ')} will be reset. Remove ${REWRITE_PROBES_ANNOTATION}: "false".`,
        related: mode.policy ? [mode.policy] : [],
      };
    }
  },
};
