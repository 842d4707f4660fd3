import type { ResolvedIstio, ResolvedMesh } from '../model/resolved';
import type { ResolvedBootstrapOptions, ResolvedGateway } from './options';
import type { HelmValues } from './values-yaml';

/** Istio `base` chart values (1.30.3): the namespace istiod runs in (its reader service account lives there). */
export function istioBaseValues(istio: ResolvedIstio): HelmValues {
  return { global: { istioNamespace: istio.istiodNamespace } };
}

/**
 * Istio `istiod` chart values (1.30.3, `manifests/charts/istio-control/istio-discovery/values.yaml`):
 * the mesh config the emitted policies rely on.
 * - `meshConfig.rootNamespace`: the mesh-wide `default` PeerAuthentication is emitted there.
 * - `meshConfig.trustDomain`: AuthorizationPolicy principals are `<trustDomain>/ns/<ns>/sa/<sa>`.
 * - `meshConfig.enableAutoMtls`: clients without a DestinationRule still send mTLS to sidecars
 *   (Istio's default, written explicitly because STRICT namespaces depend on it).
 * - `sidecarInjectorWebhook.rewriteAppHTTPProbe`: kubelet probes go through the sidecar's 15020, so
 *   STRICT mTLS and deny-by-default AuthorizationPolicies do not fail them.
 * - `global.proxy.holdApplicationUntilProxyStarts`: a choice (see `MeshBootstrapOptions`).
 * `meshConfig.defaultDestinationRuleExportTo` is left to Istio: every emitted DestinationRule sets
 * `exportTo` itself.
 */
export function istiodValues(mesh: ResolvedMesh, istio: ResolvedIstio, options: ResolvedBootstrapOptions): HelmValues {
  return {
    global: {
      istioNamespace: istio.istiodNamespace,
      proxy: { holdApplicationUntilProxyStarts: options.holdApplicationUntilProxyStarts },
    },
    meshConfig: {
      rootNamespace: istio.rootNamespace,
      trustDomain: mesh.trustDomain,
      enableAutoMtls: true,
    },
    sidecarInjectorWebhook: { rewriteAppHTTPProbe: true },
  };
}

/**
 * Istio `gateway` chart values (1.30.3, `manifests/charts/gateway/values.yaml`): the pod labels and
 * the service account the AuthorizationPolicies and NetworkPolicies admit as the ingress gateway.
 * The chart would otherwise name the service account after the release.
 */
export function gatewayValues(gateway: ResolvedGateway): HelmValues {
  return {
    labels: { ...gateway.podLabels },
    serviceAccount: { create: true, name: gateway.serviceAccount },
  };
}
