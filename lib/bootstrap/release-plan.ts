import type { ResolvedMesh } from '../model/resolved';
import { CHARTS, type ChartRef } from './charts';
import { gatewayValues, istioBaseValues, istiodValues } from './istio-values';
import { kserveValues } from './kserve-values';
import type { ResolvedBootstrapOptions } from './options';
import { certManagerValues, trustManagerValues } from './pki-values';
import type { HelmValues } from './values-yaml';
import { INGRESS_GATEWAY_RELEASE } from './wellknown';

/**
 * One Helm release to install: plain data, independent of cdktf, so the thin cdktf layer
 * (`bootstrap-stack.ts`) can be swapped for plain Terraform JSON or HCL generation.
 */
export interface HelmReleaseSpec {
  /** Release name, also the Terraform resource name (`helm_release.<name>`). */
  readonly name: string;
  readonly namespace: string;
  readonly chart: ChartRef;
  readonly values: HelmValues;
  /** Names of releases that must be installed first. */
  readonly dependsOn: readonly string[];
}

/** Release names: stable, they are Terraform addresses. */
export const RELEASES = {
  certManager: 'cert-manager',
  trustManager: 'trust-manager',
  istioBase: 'istio-base',
  istiod: 'istiod',
  ingressGateway: INGRESS_GATEWAY_RELEASE,
  kserveCrd: 'kserve-crd',
  kserve: 'kserve',
} as const;

/**
 * The releases a mesh needs, in install order: cert-manager → trust-manager (its webhook certificate
 * comes from cert-manager); Istio base (CRDs) → istiod → ingress gateway (injected by istiod);
 * kserve-crd, cert-manager and istiod → kserve (its webhook certificate and mesh integration).
 */
export function planReleases(mesh: ResolvedMesh, options: ResolvedBootstrapOptions): HelmReleaseSpec[] {
  const releases: HelmReleaseSpec[] = [
    {
      name: RELEASES.certManager, namespace: mesh.pki.namespace, chart: CHARTS.certManager,
      values: certManagerValues(mesh, options), dependsOn: [],
    },
    {
      name: RELEASES.trustManager, namespace: mesh.pki.namespace, chart: CHARTS.trustManager,
      values: trustManagerValues(mesh), dependsOn: [RELEASES.certManager],
    },
  ];
  const istio = mesh.istio;
  if (istio) {
    releases.push(
      {
        name: RELEASES.istioBase, namespace: istio.istiodNamespace, chart: CHARTS.istioBase,
        values: istioBaseValues(istio), dependsOn: [],
      },
      {
        name: RELEASES.istiod, namespace: istio.istiodNamespace, chart: CHARTS.istiod,
        values: istiodValues(mesh, istio, options), dependsOn: [RELEASES.istioBase],
      },
    );
    if (options.ingressGateway) {
      releases.push({
        name: RELEASES.ingressGateway, namespace: options.ingressGateway.namespace, chart: CHARTS.istioGateway,
        values: gatewayValues(options.ingressGateway), dependsOn: [RELEASES.istiod],
      });
    }
  }
  if (options.kserve) {
    releases.push(
      {
        name: RELEASES.kserveCrd, namespace: options.kserve.namespace, chart: CHARTS.kserveCrd,
        values: {}, dependsOn: [],
      },
      {
        name: RELEASES.kserve, namespace: options.kserve.namespace, chart: CHARTS.kserve,
        values: kserveValues(options.kserve),
        dependsOn: [RELEASES.kserveCrd, RELEASES.certManager, ...(istio ? [RELEASES.istiod] : [])],
      },
    );
  }
  return releases;
}
