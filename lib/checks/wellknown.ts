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
export const KNATIVE_NAMESPACE = 'knative-serving';
export const KNATIVE_PROBE_PATHS: readonly string[] = ['/healthz', '/ready', '/wait-for-drain'];
/** Labels Knative puts on revision pods (`serving.knative.dev/{service,revision,configuration}`). */
export const KNATIVE_LABEL_PREFIX = 'serving.knative.dev/';
export const KNATIVE_SERVICE_LABEL = 'serving.knative.dev/service';
export const KNATIVE_SERVING_GROUP = 'serving.knative.dev';
/** KServe v0.20.0: InferenceService group, deployment-mode annotation and the modes without Knative. */
export const KSERVE_GROUP = 'serving.kserve.io';
export const KSERVE_DEPLOYMENT_MODE_ANNOTATION = 'serving.kserve.io/deploymentMode';
export const KSERVE_NON_KNATIVE_MODES: readonly string[] = ['RawDeployment', 'Standard', 'ModelMesh'];
/** Label KServe puts on predictor pods (`serving.kserve.io/inferenceservice: <isvc>`). */
export const KSERVE_ISVC_LABEL = 'serving.kserve.io/inferenceservice';

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

/** Where each rule's documentation lives; SARIF `helpUri` and plugin `fix` link to `#<id>` anchors (lowercased). */
export const RULES_DOC_URL = 'https://github.com/secure-mesh/secure-mesh/blob/main/docs/rules.md';
