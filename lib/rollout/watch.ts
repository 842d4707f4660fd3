/**
 * What to look at before a namespace goes from audit to enforce, each fact with its source:
 * - Istio dry-run results (istio.io docs/tasks/security/authorization/authz-dry-run, Istio 1.10+, experimental): a
 *   dry-run policy's verdicts are counted by the proxy's RBAC stats, labelled `authz_dry_run_action` (allow/deny)
 *   and `authz_dry_run_result` (allowed/denied), e.g. `envoy_http_inbound_0_0_0_0_80_rbac`; they are also in the
 *   proxy's debug log (`shadow denied, matched policy ns[..]-policy[..]-rule[..]`, `istioctl proxy-config log <pod>
 *   --level rbac:debug`) and in traces (`istio.authorization.dry_run.*` tags). Istio says these are for
 *   troubleshooting, not an API: check them on your version.
 * - Istio standard metrics (istio.io docs/reference/config/metrics): `istio_requests_total` and
 *   `istio_tcp_connections_opened_total`, reported by the destination (`reporter="destination"`), label a request
 *   that arrived without mutual TLS with `connection_security_policy` other than `mutual_tls`: STRICT refuses those.
 * - NetworkPolicies have no dry run: what they would refuse is what the traffic `diff` lists as observed but not
 *   declared (calls into the namespace, and calls out of it).
 */
export function watchBeforeEnforcing(namespace: string, meshFile: string): string[] {
  return [
    `Istio dry-run denials in "${namespace}" are zero over your observation window: sum by (pod) (increase({__name__=~"envoy_.*rbac.*", authz_dry_run_result="denied", namespace="${namespace}"}[7d])) (the namespace label is "kubernetes_namespace" with Istio's sample Prometheus; the results are also in the proxy debug log as "shadow denied" with istioctl proxy-config log <pod> --level rbac:debug).`,
    `No plaintext into "${namespace}", which STRICT will refuse: sum by (source_workload_namespace, source_workload, destination_workload) (increase(istio_requests_total{reporter="destination", destination_workload_namespace="${namespace}", connection_security_policy!="mutual_tls"}[7d])) and the same for istio_tcp_connections_opened_total.`,
    `The traffic diff of this step's mesh file shows no observed call it would block, into or out of "${namespace}" (NetworkPolicies have no dry run): secure-mesh diff ${meshFile} --traffic <prometheus-response.json>.`,
  ];
}

/** Before the mesh-wide step: the root namespace's PeerAuthentication turns STRICT for every namespace without its own. */
export function watchBeforeMeshWide(rootNamespace: string): string[] {
  return [
    `No plaintext into namespaces that have no PeerAuthentication of their own (they follow the one in "${rootNamespace}"): sum by (destination_workload_namespace, source_workload) (increase(istio_requests_total{reporter="destination", connection_security_policy!="mutual_tls"}[7d])) and the same for istio_tcp_connections_opened_total.`,
  ];
}
