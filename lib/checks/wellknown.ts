/**
 * Facts the rule pack relies on that no emitter defines, each with its source. Facts the emitters already
 * define (injection label, root namespace, istiod port, DNS) are imported from their own wellknown modules.
 */

/** Istio 1.30.3 `meshConfig.rootNamespace` default (`pkg/config/mesh/mesh.go`). */
export const DEFAULT_ROOT_NAMESPACE = 'istio-system';

/** Namespace label selecting an istiod revision; counts as injection enabled (Istio 1.30 `mutatingwebhook.yaml`). */
export const REVISION_LABEL = 'istio.io/rev';
/** Pod annotation turning off kubelet probe rewriting (Istio 1.30 `pkg/kube/inject/app_probe.go`). */
export const REWRITE_PROBES_ANNOTATION = 'sidecar.istio.io/rewriteAppHTTPProbers';

/**
 * Annotations that make a workload pick up a renewed certificate Secret.
 * Stakater Reloader v1 (`secret.reloader.stakater.com/reload`, `reloader.stakater.com/auto`,
 * `reloader.stakater.com/search`), Wave (`wave.pusher.com/update-on-config-change`), and the
 * secure-mesh annotation the library puts on pod templates it controls (`secure-mesh.io/reload: hot|restart`).
 */
export const RELOAD_ANNOTATIONS: readonly string[] = [
  'secret.reloader.stakater.com/reload',
  'reloader.stakater.com/auto',
  'reloader.stakater.com/search',
  'wave.pusher.com/update-on-config-change',
  'secure-mesh.io/reload',
];
/** Pod-template annotation prefixes that tie a rollout to a Secret's content (Helm `checksum/<x>` convention). */
export const RELOAD_ANNOTATION_PREFIXES: readonly string[] = ['checksum/', 'secure-mesh.io/checksum-'];

/** Knative Serving: the system namespace (activator, autoscaler) and its probe/metrics paths (net-istio#700, KServe servicemesh guide). */
export { KNATIVE_SERVING_NAMESPACE as KNATIVE_NAMESPACE, KNATIVE_PROBE_PATHS } from '../model/system-peers';
/** Labels Knative puts on revision pods (`serving.knative.dev/{service,revision,configuration}`). */
export const KNATIVE_LABEL_PREFIX = 'serving.knative.dev/';
export const KNATIVE_SERVICE_LABEL = 'serving.knative.dev/service';
export const KNATIVE_SERVING_GROUP = 'serving.knative.dev';
/** KServe v0.20.0: InferenceService group, deployment-mode annotation and the modes without Knative. */
export const KSERVE_GROUP = 'serving.kserve.io';
export const KSERVE_DEPLOYMENT_MODE_ANNOTATION = 'serving.kserve.io/deploymentMode';
export const KSERVE_NON_KNATIVE_MODES: readonly string[] = ['RawDeployment', 'Standard', 'ModelMesh'];
/** Label KServe puts on predictor pods (`serving.kserve.io/inferenceservice: <isvc>`). */
export { ISVC_LABEL as KSERVE_ISVC_LABEL } from '../integrations/kserve/wellknown';

/** ModelMesh Serving v0.12.0: config ConfigMap/key, TLS env vars (`controllers/modelmesh/tls.go`), rest-proxy skip-verify. */
export const MODELMESH_CONFIGMAP = 'model-serving-config';
export const MODELMESH_CONFIG_KEY = 'config.yaml';
export const MODELMESH_TLS_ENV_PREFIX = 'MM_TLS_';
export const REST_PROXY_SKIP_VERIFY_ENV = 'REST_PROXY_SKIP_VERIFY';

/** Istio ingress gateway defaults: `istio: ingressgateway` pods run in istio-system (istio `gateways/istio-ingress`). */
export const DEFAULT_GATEWAY_NAMESPACE = 'istio-system';

/** Annotation carrying reviewer-visible suppressions: one `SM-XX-NNN: reason` per line. */
export const SUPPRESSIONS_ANNOTATION = 'secure-mesh.io/suppressions';
/** cdk-nag's rule: a suppression needs a reason of at least this many characters. */
export const MIN_SUPPRESSION_REASON = 10;

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

/**
 * The cdk8s.yaml `validations[].package` we document: a local path, which cdk8s-cli's PluginManager `require`s as is
 * (cdk8s-cli lib/plugins/_manager.js: a path that is absolute or starts with `./` is local; any other name is
 * `npm install`ed from the registry into ~/.cdk8s/plugins, where secure-mesh is not published).
 */
export const PLUGIN_PACKAGE_PATH = './node_modules/secure-mesh';
