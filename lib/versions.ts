/**
 * The pinned upstream versions secure-mesh is built and validated against, in one place.
 *
 * `scripts/import-crds.ts` reads `crdFile` to vendor CRDs into `crds/`, `imports/` and `schemas/`; lib code (e.g. a
 * Helm bootstrap app) reads `version` / `chartVersion` to pick charts. Changing a version here means re-running
 * `npm run import` with the matching source files present in the shared CRD directory.
 *
 * `chartRepository` / `charts` name where the Helm charts of a version live (`lib/bootstrap/` installs them); they are
 * kept next to the version so that a bump changes the bindings and the bootstrap together.
 */
export const VERSIONS = {
  certManager: {
    product: 'cert-manager',
    version: 'v1.21.1',
    chartVersion: 'v1.21.1',
    crdFile: 'cert-manager-v1.21.1.crds.yaml',
    /** Jetstack's chart repository (cert-manager.io/docs/installation/helm). */
    chartRepository: 'https://charts.jetstack.io',
    charts: { certManager: 'cert-manager' },
  },
  trustManager: {
    product: 'trust-manager',
    version: 'v0.24.0',
    chartVersion: 'v0.24.0',
    crdFile: 'trust-manager-v0.24.0.crds.yaml',
    /** Same repository as cert-manager (cert-manager.io/docs/trust/trust-manager/installation). */
    chartRepository: 'https://charts.jetstack.io',
    charts: { trustManager: 'trust-manager' },
  },
  istio: {
    product: 'istio',
    version: '1.30.3',
    chartVersion: '1.30.3',
    crdFile: 'istio-1.30.3.crds.yaml',
    /** Istio's Helm repository (istio.io/latest/docs/setup/install/helm): CRDs in `base`, the control plane in `istiod`. */
    chartRepository: 'https://istio-release.storage.googleapis.com/charts',
    charts: { base: 'base', istiod: 'istiod', gateway: 'gateway' },
  },
  kserve: {
    product: 'kserve',
    version: 'v0.20.0',
    chartVersion: 'v0.20.0',
    crdFile: 'kserve-v0.20.0.crds.yaml',
    /** KServe publishes OCI charts (kserve.github.io/website, "Helm install"): CRDs in `kserve-crd`, the controller in `kserve`. */
    chartRepository: 'oci://ghcr.io/kserve/charts',
    charts: { crd: 'kserve-crd', controller: 'kserve' },
  },
  prometheusOperator: {
    product: 'prometheus-operator',
    version: 'v0.93.0',
    /** Only the PrometheusRule CRD is vendored; the operator's chart (kube-prometheus-stack) is versioned separately. */
    chartVersion: undefined,
    crdFile: 'prometheus-operator-v0.93.0-prometheusrules.crd.yaml',
  },
  kubernetes: {
    product: 'kubernetes',
    version: '1.28.0',
    /** Kubernetes has no chart; the core API definitions (OpenAPI v2 `definitions`) are vendored instead. */
    chartVersion: undefined,
    crdFile: 'kubernetes-v1.28.0-definitions.json',
  },
} as const;

export type ProductKey = keyof typeof VERSIONS;
