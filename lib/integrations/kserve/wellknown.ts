/**
 * KServe v0.20.0, Knative Serving (net-istio) and Istio 1.30 facts the KServe integration relies on
 * (reference notes "istio-kserve-modelmesh.md" §4; seed 001 "Secure InferenceService with ServiceMesh").
 */

/** KServe's API and the kind whose schema is vendored in `schemas/`. */
export const INFERENCE_SERVICE_API = 'serving.kserve.io/v1beta1';
export const INFERENCE_SERVICE_KIND = 'InferenceService';

/** KServe's controller namespace and ConfigMap (`config/configmap/inferenceservice.yaml`). */
export const KSERVE_NAMESPACE = 'kserve';
export const INFERENCESERVICE_CONFIG = 'inferenceservice-config';
/** The key of that ConfigMap we own; applied server-side so the other keys stay KServe's. */
export const INGRESS_CONFIG_KEY = 'ingress';
export const FIELD_MANAGER = 'secure-mesh';

/** Knative Serving's namespace, defined with the other system callers. */
export { KNATIVE_SERVING_NAMESPACE } from '../../model/system-peers';

/** Defaults of the `ingress` key in KServe v0.20.0's `inferenceservice-config`. */
export const DEFAULT_INGRESS_GATEWAY = 'knative-serving/knative-ingress-gateway';
export const DEFAULT_KSERVE_INGRESS_GATEWAY = 'kserve/kserve-ingress-gateway';
export const DEFAULT_INGRESS_DOMAIN = 'example.com';
export const DEFAULT_INGRESS_CLASS = 'istio';
export const DEFAULT_DOMAIN_TEMPLATE = '{{ .Name }}-{{ .Namespace }}.{{ .IngressDomain }}';
export const DEFAULT_URL_SCHEME = 'http';

/** Knative's cluster-local gateway: Gateway in knative-serving, Service in istio-system. */
export const KNATIVE_LOCAL_GATEWAY = 'knative-local-gateway';
/**
 * The pod port behind the `knative-local-gateway` Service: port 80 → targetPort 8081 on the `istio: ingressgateway`
 * pods of istio-system (net-istio `config/203-local-gateway.yaml`); NetworkPolicy sees 8081.
 */
export const KNATIVE_LOCAL_GATEWAY_POD_PORT = 8081;

/**
 * Knative's activator (knative/serving `config/core/deployments/activator.yaml`): pods labelled `app: activator` in
 * knative-serving, container ports `http1` 8012 and `h2c` 8013 (Service `activator-service` 80 → 8012, 81 → 8013).
 * While it is on the path, Knative points the revision's Service at these pods, so callers connect to them.
 */
export const ACTIVATOR_POD_LABELS: Readonly<Record<string, string>> = { app: 'activator' };
export const ACTIVATOR_PORTS = [8012, 8013] as const;
/** The patched server of knative-local-gateway under mesh-wide strict mTLS (seed 001). */
export const KNATIVE_LOCAL_GATEWAY_HTTPS_PORT = 8081;

/** KServe's dedicated local gateway (seed 001 "Invoking InferenceServices from workloads not in the mesh"). */
export const KSERVE_LOCAL_GATEWAY = 'kserve-local-gateway';
export const KSERVE_LOCAL_GATEWAY_HTTP = { gatewayPort: 8082, servicePort: 80 } as const;
export const KSERVE_LOCAL_GATEWAY_HTTPS = { gatewayPort: 8445, servicePort: 443 } as const;
export const KSERVE_LOCAL_GATEWAY_CREDENTIAL = 'kserve-cluster-local-tls';
/** Service label that makes Istio use the Gateway port number as the pod port (HTTP variant, seed 001). */
export const DISABLE_GATEWAY_PORT_TRANSLATION_LABEL = 'experimental.istio.io/disable-gateway-port-translation';

/**
 * Knative's canonical key (knative/serving `pkg/apis/autoscaling/register.go`); it wins over the
 * legacy `targetBurstCapacity` alias the KServe docs show. "0": the activator is only on the path
 * while the revision is scaled to zero.
 */
export const TARGET_BURST_CAPACITY_ANNOTATION = 'autoscaling.knative.dev/target-burst-capacity';

/** Pod label KServe puts on the pods of every component of an InferenceService. */
export const ISVC_LABEL = 'serving.kserve.io/inferenceservice';

/**
 * Ports of a Knative revision pod as Istio sees them: queue-proxy serves requests (8012 HTTP/1,
 * 8013 h2c) and metrics (9090 autoscaler, 9091 user); knative/serving `pkg/networking/constants.go`.
 */
export const QUEUE_PROXY_PORTS = [
  { name: 'http-queue', port: 8012 },
  { name: 'http2-queue', port: 8013 },
  { name: 'http-autometric', port: 9090 },
  { name: 'http-usermetric', port: 9091 },
] as const;
export const QUEUE_PROXY_SERVING_PORTS = [8012, 8013] as const;
