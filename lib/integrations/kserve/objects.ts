import type { K8sObject } from '../../k8s-object';
import type { ResolvedMesh } from '../../model/resolved';
import { kserveLocalGateway, patchedKnativeLocalGateway, strictDestinationRules } from './gateways';
import { inferenceServiceObject } from './inference-service';
import { ingressConfigMap } from './ingress-config';
import type { ResolvedKServe } from './resolve';

/**
 * Everything KServe-specific, after the mesh's own objects (which already hold the predictors'
 * namespaces, PeerAuthentications, AuthorizationPolicies and NetworkPolicies): InferenceServices, the
 * strict-mTLS DestinationRules, the patched Knative gateway, the local gateway, the ingress config.
 */
export function kserveObjects(mesh: ResolvedMesh, k: ResolvedKServe): K8sObject[] {
  return [
    ...k.inferenceServices.map(inferenceServiceObject).filter((o): o is K8sObject => o !== undefined),
    ...strictDestinationRules(k),
    ...[patchedKnativeLocalGateway(k)].filter((o): o is K8sObject => o !== undefined),
    ...kserveLocalGateway(mesh, k),
    ingressConfigMap(k),
  ];
}
