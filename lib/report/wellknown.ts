/**
 * Facts the connectivity analysis relies on, each with its source. Facts the emitters already define
 * (injection label, namespace-name label, workload annotations) are re-exported from their own modules.
 */
export { INJECTION_LABEL, INJECTION_ENABLED, INJECT_POD_LABEL } from '../istio/wellknown';
export { NAMESPACE_NAME_LABEL, DNS_PORT } from '../network/wellknown';
export { ISTIOD_XDS_PORT, SIDECAR_METRICS_PORT, ENVOY_PROMETHEUS_PORT } from '../istio/wellknown';
export { WORKLOAD_ANNOTATION, SERVICE_ACCOUNT_ANNOTATION, SIDECAR_ANNOTATION, ENFORCEMENT_ANNOTATION } from '../mesh/metadata';

/** Istio 1.30.3 `meshConfig.rootNamespace` default (`pkg/config/mesh/mesh.go`). */
export const DEFAULT_ROOT_NAMESPACE = 'istio-system';
/** Istio default trust domain (`meshConfig.trustDomain`, `pkg/config/mesh/mesh.go`). */
export const DEFAULT_TRUST_DOMAIN = 'cluster.local';
/** Kubernetes default DNS cluster domain (kubelet `--cluster-domain`). */
export const DEFAULT_CLUSTER_DOMAIN = 'cluster.local';

/** Namespace label selecting an istiod revision; counts as injection enabled (Istio 1.30 `mutatingwebhook.yaml`). */
export const REVISION_LABEL = 'istio.io/rev';

/**
 * Inbound ports the sidecar never captures (Istio 1.30 `injection-template.yaml`: istio-iptables
 * `--exclude-inbound-ports 15090,15021` plus the status port 15020): no mTLS and no
 * AuthorizationPolicy apply to them, only NetworkPolicy.
 */
export const SIDECAR_BYPASS_PORTS: readonly number[] = [15020, 15021, 15090];

/** Service account of a pod that names none (Kubernetes: the `default` ServiceAccount of its namespace). */
export const DEFAULT_SERVICE_ACCOUNT = 'default';

/** Workload kinds whose pod template the analysis reads (apps/v1), and bare Pods (v1). */
export const POD_TEMPLATE_KINDS: readonly string[] = ['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet'];

/**
 * Stand-in for "any port the policies do not name": evaluated like a real port that no rule lists,
 * so an access granted on it holds for all ports (`ports: []` in the report).
 */
export const ANY_PORT = -1;

/**
 * mermaid's default limits (mermaid 11/12 `defaultConfig`: `maxEdges: 500`, `maxTextSize: 50000`): past either it
 * refuses to render ("Edge limit exceeded", "Maximum text size in diagram exceeded"), and GitHub renders Mermaid blocks
 * with those defaults; a diagram cannot raise them itself (`maxEdges` is a secure key).
 */
export const MERMAID_MAX_EDGES = 500;
export const MERMAID_MAX_TEXT = 50000;
