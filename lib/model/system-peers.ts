import { INGRESS_GATEWAY_LABELS, INGRESS_GATEWAY_SERVICE_ACCOUNT } from '../istio/wellknown';
import type { SystemPeerName } from './definition';

/**
 * The platform's well-known callers, defined once. A definition refers to them with
 * `Peer.system(name)`; where the definition declares their namespace, its sidecar setting wins.
 */
export interface SystemPeerFacts {
  /** Namespace they run in (`root` means Istio's root namespace). */
  readonly namespace: string | 'root';
  /** Pod labels that narrow the caller inside its namespace, when known. */
  readonly podLabels?: Readonly<Record<string, string>>;
  readonly serviceAccount?: string;
  /** Whether they run a sidecar unless the definition says otherwise. */
  readonly sidecar: boolean;
  readonly description: string;
}

/** Knative Serving's namespace: activator, autoscaler and net-istio prober (Knative Serving v1.21). */
export const KNATIVE_SERVING_NAMESPACE = 'knative-serving';

/** Paths Knative probes revisions on (net-istio#700, KServe servicemesh guide); without them revisions never become Ready. */
export const KNATIVE_PROBE_PATHS = ['/healthz', '/ready', '/wait-for-drain'] as const;
/** Every path Knative's system pods call on revisions: the probes and the queue-proxy metrics. */
export const KNATIVE_SYSTEM_PATHS = ['/metrics', ...KNATIVE_PROBE_PATHS] as const;

export const SYSTEM_PEERS: Readonly<Record<Exclude<SystemPeerName, 'prometheus'>, SystemPeerFacts>> = {
  // Knative Serving's activator, autoscaler and net-istio prober. Under STRICT mTLS the activator and
  // autoscaler must be injected (KServe "Secure InferenceService with ServiceMesh").
  'knative-serving': {
    namespace: KNATIVE_SERVING_NAMESPACE,
    sidecar: true,
    description: 'Knative activator, autoscaler and probes',
  },
  'istio-ingressgateway': {
    namespace: 'root',
    podLabels: INGRESS_GATEWAY_LABELS,
    serviceAccount: INGRESS_GATEWAY_SERVICE_ACCOUNT,
    sidecar: true,
    description: 'Istio ingress gateway',
  },
};
