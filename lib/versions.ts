/**
 * The pinned upstream versions secure-mesh is built and validated against, in one place.
 *
 * `scripts/import-crds.ts` reads `crdFile` to vendor CRDs into `crds/`, `imports/` and `schemas/`; lib code (e.g. a
 * Helm bootstrap app) reads `version` / `chartVersion` to pick charts. Changing a version here means re-running
 * `npm run import` with the matching source files present in the shared CRD directory.
 */
export const VERSIONS = {
  certManager: {
    product: 'cert-manager',
    version: 'v1.21.1',
    chartVersion: 'v1.21.1',
    crdFile: 'cert-manager-v1.21.1.crds.yaml',
  },
  trustManager: {
    product: 'trust-manager',
    version: 'v0.24.0',
    chartVersion: 'v0.24.0',
    crdFile: 'trust-manager-v0.24.0.crds.yaml',
  },
  istio: {
    product: 'istio',
    version: '1.30.3',
    chartVersion: '1.30.3',
    crdFile: 'istio-1.30.3.crds.yaml',
  },
  kserve: {
    product: 'kserve',
    version: 'v0.20.0',
    chartVersion: 'v0.20.0',
    crdFile: 'kserve-v0.20.0.crds.yaml',
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
