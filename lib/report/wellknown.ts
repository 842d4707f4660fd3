/**
 * Facts the connectivity analysis relies on, each with its source. Facts the emitters already define
 * (injection label, namespace-name label, workload annotations) are re-exported from their own modules.
 */
export { INJECTION_LABEL, INJECTION_ENABLED, INJECT_POD_LABEL } from '../istio/wellknown';
export { NAMESPACE_NAME_LABEL, DNS_PORT } from '../network/wellknown';
export { ISTIOD_XDS_PORT, SIDECAR_METRICS_PORT, ENVOY_PROMETHEUS_PORT } from '../istio/wellknown';
export { WORKLOAD_ANNOTATION, SERVICE_ACCOUNT_ANNOTATION, SERVICE_ANNOTATION, SIDECAR_ANNOTATION, ENFORCEMENT_ANNOTATION } from '../mesh/metadata';

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

/** Where a workload kind keeps its pod template: the path to the PodTemplateSpec (`metadata` labels and `spec`). */
export interface PodTemplateKind {
  /** API group ('' = core). Every served version of the group has the template at the same path. */
  readonly group: string;
  readonly kind: string;
  readonly template: readonly string[];
}

/**
 * Workload kinds whose pod template the analysis reads, in every version Kubernetes has served them (the template is
 * at the same path in all of them, so the group and kind decide, not the version): apps/v1, apps/v1beta1 and
 * apps/v1beta2 (Deployment, StatefulSet, DaemonSet, ReplicaSet); extensions/v1beta1 (Deployment, DaemonSet,
 * ReplicaSet; served until Kubernetes 1.16 and still common in old manifests); v1 ReplicationController; batch/v1
 * Job; batch/v1, batch/v1beta1 and batch/v2alpha1 CronJob (`spec.jobTemplate.spec.template`). Bare Pods (v1) are
 * their own template. Source: the Kubernetes API reference (workload-resources) and the deprecated-API migration
 * guide (kubernetes.io/docs/reference/using-api/deprecation-guide).
 */
export const POD_TEMPLATE_KINDS: readonly PodTemplateKind[] = [
  ...['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet'].map((kind) => ({ group: 'apps', kind, template: ['spec', 'template'] })),
  ...['Deployment', 'DaemonSet', 'ReplicaSet'].map((kind) => ({ group: 'extensions', kind, template: ['spec', 'template'] })),
  { group: '', kind: 'ReplicationController', template: ['spec', 'template'] },
  { group: 'batch', kind: 'Job', template: ['spec', 'template'] },
  { group: 'batch', kind: 'CronJob', template: ['spec', 'jobTemplate', 'spec', 'template'] },
];

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
