/**
 * ModelMesh (kserve/modelmesh) and ModelMesh Serving v0.12.0 facts (reference notes
 * "istio-kserve-modelmesh.md" §5; seeds "ModelMesh TLS" and "ModelMesh Serving security").
 */

export const CONTROLLER_NAMESPACE = 'modelmesh-serving';
/** `inferenceServiceName`: the Service in front of the runtimes; certificate SANs derive from it. */
export const SERVICE_NAME = 'modelmesh-serving';
export const DEFAULT_SECRET_NAME = 'modelmesh-serving-tls';

/** User config ConfigMap and its key (`pkg/config/config.go`). */
export const USER_CONFIG_MAP = 'model-serving-config';
export const USER_CONFIG_KEY = 'config.yaml';

/** Env vars of the ModelMesh container (kserve/modelmesh `config/base/patches/tls.yaml`, docs/configuration/tls.md). */
export const MM_TLS_KEY_CERT_PATH = 'MM_TLS_KEY_CERT_PATH';
export const MM_TLS_PRIVATE_KEY_PATH = 'MM_TLS_PRIVATE_KEY_PATH';
export const MM_TLS_CLIENT_AUTH = 'MM_TLS_CLIENT_AUTH';
/** Comma-separated PEM files trusted for client authentication. */
export const MM_TLS_TRUST_CERT_PATH = 'MM_TLS_TRUST_CERT_PATH';
/** Comma-separated extra trust for pod-to-pod links only (used during key rotation). */
export const MM_INTERNAL_TRUST_CERTS = 'MM_INTERNAL_TRUST_CERTS';

/** Where the controller mounts the TLS Secret (`controllers/modelmesh/tls.go`), volume `tls-certs`. */
export const TLS_MOUNT_PATH = '/opt/kserve/mmesh/tls';
export const TLS_VOLUME = 'tls-certs';
/** Where the next key pair is mounted during a rotation (our choice, next to the controller's). */
export const NEXT_TLS_MOUNT_PATH = '/opt/kserve/mmesh/tls-next';
export const NEXT_TLS_VOLUME = 'tls-certs-next';
/** Where the trust bundle ConfigMap is mounted for containers bound with ModelMeshTls.bind (our choice). */
export const TRUST_BUNDLE_MOUNT_PATH = '/opt/kserve/mmesh/trust';
export const TRUST_BUNDLE_VOLUME = 'trust-bundle';
export const TRUST_BUNDLE_FILE = 'ca.crt';

/** Runtime pods: labels (`modelmesh-service`) and ports (`pkg/mmesh/modelmesh_service.go`, runtimes). */
export const RUNTIME_LABELS: Readonly<Record<string, string>> = { 'modelmesh-service': 'modelmesh-serving' };
export const RUNTIME_WORKLOAD = 'modelmesh-serving';
/** Runtime ServiceAccount: "No Roles or access defined" (ModelMesh Serving security). */
export const RUNTIME_SERVICE_ACCOUNT = 'modelmesh';
export const INFERENCE_PORT = 8033;
export const RUNTIME_GRPC_PORT = 8001;
export const LITELINKS_PORT = 8080;
export const REST_PROXY_PORT = 8008;
export const METRICS_PORT = 2112;

/** Controller pods (`config/manager/manager.yaml`) and its fixed ServiceAccount. */
export const CONTROLLER_WORKLOAD = 'modelmesh-controller';
export const CONTROLLER_LABELS: Readonly<Record<string, string>> = { 'control-plane': 'modelmesh-controller' };
export const CONTROLLER_SERVICE_ACCOUNT = 'modelmesh-controller';

/**
 * The controller's validating webhook for (Cluster)ServingRuntimes: Service `modelmesh-webhook-server-service` port
 * 9443, `failurePolicy: Fail` (modelmesh-serving `config/webhook/manifests.yaml`), so a closed 9443 refuses every
 * ServingRuntime. ModelMesh's own NetworkPolicy (`config/rbac/common/networkpolicy-webhook.yaml`) opens it to every
 * source: the API server calls it from a node or control-plane address that no pod selector names.
 */
export const WEBHOOK_PORT = 9443;
/** Every IPv4 address: the API server's source address is not known in advance (see WEBHOOK_PORT). */
export const ANY_IPV4 = '0.0.0.0/0';

export const ETCD_PORT = 2379;
export const KUBERNETES_API_PORT = 443;

/** The container security context of the security guide: drop every capability, never root. */
export const CONTAINER_SECURITY_CONTEXT = {
  allowPrivilegeEscalation: false,
  capabilities: { drop: ['ALL'] },
  runAsNonRoot: true,
} as const;
