import { VERSIONS } from '../versions';

/** Where a Helm chart comes from: repository (HTTP or `oci://`), chart name and exact version. */
export interface ChartRef {
  readonly repository: string;
  readonly chart: string;
  readonly version: string;
}

function chart(product: { readonly chartRepository: string; readonly chartVersion: string }, name: string): ChartRef {
  return { repository: product.chartRepository, chart: name, version: product.chartVersion };
}

/**
 * Every chart the bootstrap installs, read from `lib/versions.ts` only: bumping a version there
 * moves the CRD bindings, the schemas and the installed charts together.
 */
export const CHARTS = {
  certManager: chart(VERSIONS.certManager, VERSIONS.certManager.charts.certManager),
  trustManager: chart(VERSIONS.trustManager, VERSIONS.trustManager.charts.trustManager),
  istioBase: chart(VERSIONS.istio, VERSIONS.istio.charts.base),
  istiod: chart(VERSIONS.istio, VERSIONS.istio.charts.istiod),
  istioGateway: chart(VERSIONS.istio, VERSIONS.istio.charts.gateway),
  kserveCrd: chart(VERSIONS.kserve, VERSIONS.kserve.charts.crd),
  kserve: chart(VERSIONS.kserve, VERSIONS.kserve.charts.controller),
} as const satisfies Record<string, ChartRef>;
