/**
 * Istio facts the emitters rely on, each with its source (Istio 1.30.3; see
 * reference notes "istio-kserve-modelmesh.md" §1 and §3).
 */

/** Namespace label that turns on sidecar injection (`templates/mutatingwebhook.yaml`). */
export const INJECTION_LABEL = 'istio-injection';
export const INJECTION_ENABLED = 'enabled';

/** Pod label that opts a pod in or out of injection; the annotation of the same name is deprecated (IST0135). */
export const INJECT_POD_LABEL = 'sidecar.istio.io/inject';

/** API versions: v1 is the storage version of every security and networking kind we emit. */
export const SECURITY_API = 'security.istio.io/v1';
export const NETWORKING_API = 'networking.istio.io/v1';

/** istiod's xDS + CA port that every sidecar dials (`CA_ADDR istiod.<ns>.svc:15012`). */
export const ISTIOD_XDS_PORT = 15012;
/** istiod pod label (istio-discovery chart). */
export const ISTIOD_POD_LABELS: Readonly<Record<string, string>> = { app: 'istiod' };

/** Sidecar ports scraped by Prometheus: merged metrics (also the rewritten app probes) and Envoy stats. */
export const SIDECAR_METRICS_PORT = 15020;
export const ENVOY_PROMETHEUS_PORT = 15090;

/** Default ingress gateway workload (istio `gateways/istio-ingress` chart). */
export const INGRESS_GATEWAY_LABELS: Readonly<Record<string, string>> = { istio: 'ingressgateway' };
export const INGRESS_GATEWAY_SERVICE_ACCOUNT = 'istio-ingressgateway-service-account';

/** Name of mesh-wide and namespace-wide PeerAuthentications (and the namespace's DestinationRule and Sidecar). */
export { DEFAULT_POLICY_NAME } from '../model/object-names';

/** `<trustDomain>/ns/<ns>/sa/<sa>`: the principal Istio derives from a peer certificate. */
export function principal(trustDomain: string, namespace: string, serviceAccount: string): string {
  return `${trustDomain}/ns/${namespace}/sa/${serviceAccount}`;
}

/**
 * AuthorizationPolicy annotation that turns an ALLOW or DENY policy into a dry run: the proxy evaluates it and
 * records the result (debug log `shadow denied`, the `authz_dry_run_result` label of the `envoy_*_rbac` stats,
 * trace tags) but does not enforce it. Istio parses the value with Go's `strconv.ParseBool` and rejects the
 * annotation on any other kind and on CUSTOM/AUDIT policies (pilot/pkg/security/authz/builder, config validation;
 * istio.io docs/tasks/security/authorization/authz-dry-run, experimental since 1.10).
 */
export const DRY_RUN_ANNOTATION = 'istio.io/dry-run';
