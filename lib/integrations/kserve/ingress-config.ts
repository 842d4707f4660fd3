import { k8s } from 'cdk8s-plus-28';
import type { K8sObject } from '../../k8s-object';
import { manifest, meta } from '../../mesh/metadata';
import { knativeLocalGatewayHost, type ResolvedKServe } from './resolve';
import {
  FIELD_MANAGER, INFERENCESERVICE_CONFIG,
  INGRESS_CONFIG_KEY, KNATIVE_LOCAL_GATEWAY, KNATIVE_SERVING_NAMESPACE, KSERVE_LOCAL_GATEWAY,
} from './wellknown';

/** KServe v0.20.0 `IngressConfig` (`pkg/apis/serving/v1beta1/configmap.go`), JSON names exactly. */
export interface KServeIngressConfig {
  readonly enableGatewayApi: boolean;
  readonly kserveIngressGateway: string;
  readonly ingressGateway: string;
  readonly knativeLocalGatewayService: string;
  readonly localGateway: string;
  readonly localGatewayService: string;
  readonly ingressDomain: string;
  readonly ingressClassName: string;
  readonly domainTemplate: string;
  readonly urlScheme: string;
  readonly disableIstioVirtualHost: boolean;
  readonly disableIngressCreation: boolean;
  readonly disableHTTPRouteTimeout: boolean;
  readonly additionalIngressDomains?: readonly string[];
}

/**
 * The `ingress` key: every field KServe's own ConfigMap sets (the controller reads the whole key as one JSON object,
 * so a partial object would drop `ingressGateway`, which it requires, and the applied key replaces the cluster's:
 * settings such as `urlScheme` come from `kserve.ingressConfig`). With a `kserve-local-gateway`,
 * the three local-gateway keys derive from that one object; `knativeLocalGatewayService` stays on
 * Knative's gateway, which routes to the revisions.
 */
export function ingressConfig(k: ResolvedKServe): KServeIngressConfig {
  const knativeService = knativeLocalGatewayHost(k);
  const lg = k.localGateway;
  // The fields the mesh does not derive: the definition's, else KServe's defaults (`kserve.ingressConfig`).
  const c = k.ingressConfig;
  return {
    enableGatewayApi: c.enableGatewayApi,
    kserveIngressGateway: c.kserveIngressGateway,
    ingressGateway: k.ingressGateway,
    knativeLocalGatewayService: knativeService,
    localGateway: lg ? `${lg.namespace}/${KSERVE_LOCAL_GATEWAY}` : `${KNATIVE_SERVING_NAMESPACE}/${KNATIVE_LOCAL_GATEWAY}`,
    localGatewayService: lg ? `${KSERVE_LOCAL_GATEWAY}.${lg.namespace}.svc.${k.clusterDomain}` : knativeService,
    ingressDomain: k.ingressDomain,
    ...(c.additionalIngressDomains ? { additionalIngressDomains: c.additionalIngressDomains } : {}),
    ingressClassName: c.ingressClassName,
    domainTemplate: c.domainTemplate,
    urlScheme: c.urlScheme,
    disableIstioVirtualHost: k.disableIstioVirtualHost,
    disableIngressCreation: c.disableIngressCreation,
    disableHTTPRouteTimeout: c.disableHTTPRouteTimeout,
  };
}

/** Annotation telling whoever applies an object that another installer created how to take over only our fields. */
export const APPLY_ANNOTATION = 'secure-mesh.io/apply';

/**
 * How to apply the objects KServe and Knative installed (this ConfigMap, the patched `knative-local-gateway`):
 * server-side, so the fields we leave out stay the installer's; with `--force-conflicts`, because the fields we set
 * hold another value owned by another field manager (the installer's), which server-side apply otherwise refuses
 * as a conflict (kubernetes.io/docs/reference/using-api/server-side-apply/#conflicts).
 */
export const SERVER_SIDE_APPLY = `kubectl apply --server-side --force-conflicts --field-manager=${FIELD_MANAGER}`;

/**
 * `inferenceservice-config` with only the `ingress` key (strict JSON, as the controller
 * `json.Unmarshal`s it). Apply it server-side (`SERVER_SIDE_APPLY`)
 * so the ConfigMap's other keys stay as KServe installed them; restart the KServe controller afterwards.
 */
export function ingressConfigMap(k: ResolvedKServe): K8sObject {
  return manifest(k8s.KubeConfigMap, {
    metadata: meta(INFERENCESERVICE_CONFIG, k.namespace, {}, { [APPLY_ANNOTATION]: SERVER_SIDE_APPLY }),
    data: { [INGRESS_CONFIG_KEY]: JSON.stringify(ingressConfig(k), null, 2) },
  });
}
