/**
 * Facts the pitfall rules (SM-KN-001, SM-KS-003/005, SM-IS-008b/c, SM-IS-012, SM-NP-011, SM-MM-015/016, SM-MS-023) rely
 * on that no emitter and no other rule defines, each with its source. Facts defined elsewhere are imported from there.
 */

/**
 * Knative Serving v1.21 legacy alias of `autoscaling.knative.dev/target-burst-capacity`: read only when the canonical key
 * is absent (`kmap.KeyPriority{TargetBurstCapacityKey, GroupName + "/targetBurstCapacity"}`, `pkg/apis/autoscaling/register.go`).
 */
export const LEGACY_TARGET_BURST_CAPACITY_ANNOTATION = 'autoscaling.knative.dev/targetBurstCapacity';
/** Knative Serving revision-template annotation for the minimum scale (`autoscaling.knative.dev/min-scale`). */
export const MIN_SCALE_ANNOTATION = 'autoscaling.knative.dev/min-scale';

/**
 * Boolean fields of KServe v0.20.0's `IngressConfig` (`pkg/apis/serving/v1beta1/configmap.go`): Go's `json.Unmarshal`
 * rejects a JSON string ("true") for them and the controller fails to start.
 */
export const KSERVE_INGRESS_BOOLEAN_KEYS: readonly string[] = ['disableIstioVirtualHost', 'disableIngressCreation', 'enableGatewayApi', 'disableHTTPRouteTimeout'];

/** Istio 1.30 ambient: namespace (and pod) label enrolling workloads in ambient mode, and its value. */
export const DATAPLANE_MODE_LABEL = 'istio.io/dataplane-mode';
export const DATAPLANE_MODE_AMBIENT = 'ambient';
/** Istio 1.30 HBONE tunnel port (ztunnel, waypoints): every meshed connection to an ambient pod arrives here. */
export const HBONE_PORT = 15008;

/** Istio 1.30 pod annotation listing inbound ports left out of sidecar capture (`traffic.sidecar.istio.io/excludeInboundPorts`). */
export const EXCLUDE_INBOUND_PORTS_ANNOTATION = 'traffic.sidecar.istio.io/excludeInboundPorts';
/** Kubernetes admissionregistration/v1: `clientConfig.service.port` default. */
export const WEBHOOK_SERVICE_DEFAULT_PORT = 443;

/**
 * ModelMesh Serving v0.12.0 etcd connection: the Secret (`etcdSecretName` in model-serving-config, default
 * `model-serving-etcd`), its key, and the `etcd_connection` fields that configure a TLS client certificate
 * (docs/configuration/etcd; kserve/modelmesh `EtcdClient`).
 */
export const MODELMESH_ETCD_SECRET = 'model-serving-etcd';
export const MODELMESH_ETCD_SECRET_CONFIG_KEY = 'etcdSecretName';
export const MODELMESH_ETCD_CONNECTION_KEY = 'etcd_connection';
export const MODELMESH_ETCD_CLIENT_CERT_FIELDS: readonly string[] = ['client_key', 'client_key_file', 'client_certificate', 'client_certificate_file'];
/** model-serving-config key whose annotations ModelMesh Serving puts on every runtime pod. */
export const MODELMESH_RUNTIME_POD_ANNOTATIONS_KEY = 'runtimePodAnnotations';

/** SM-MS-023: leaves living longer than a year avoid rotation instead of handling it (Mayastor OEP example: 175200h). */
export const LONG_LIVED_LEAF_SECONDS = 8760 * 3600;
