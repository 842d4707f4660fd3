import type { K8sObject } from '../../k8s-object';
import { meta } from '../../mesh/metadata';
import { INJECT_POD_LABEL } from '../../istio/wellknown';
import type { ResolvedInferenceService } from './resolve';
import { INFERENCE_SERVICE_API, INFERENCE_SERVICE_KIND, TARGET_BURST_CAPACITY_ANNOTATION } from './wellknown';

/** Metadata an InferenceService needs in the mesh, for users who write the object themselves. */
export function inferenceServiceMetadata(isvc: ResolvedInferenceService): { labels: Record<string, string>; annotations: Record<string, string> } {
  return {
    // The label, not the deprecated annotation: only the label makes the injector act in an unlabelled namespace.
    labels: { [INJECT_POD_LABEL]: 'true' },
    annotations: isvc.bypassActivator ? { [TARGET_BURST_CAPACITY_ANNOTATION]: '0' } : {},
  };
}

/**
 * The InferenceService (plain object: KServe has no generated binding; validated against the vendored
 * v1beta1 schema). With `bypassActivator`, target burst capacity "0" and at least one replica keep
 * the activator off the request path.
 */
export function inferenceServiceObject(isvc: ResolvedInferenceService): K8sObject | undefined {
  if (!isvc.model) return undefined;
  const m = inferenceServiceMetadata(isvc);
  const annotations = Object.keys(m.annotations).length > 0 ? m.annotations : undefined;
  return {
    apiVersion: INFERENCE_SERVICE_API,
    kind: INFERENCE_SERVICE_KIND,
    metadata: { ...meta(isvc.name, isvc.namespace, m.labels, annotations) },
    spec: {
      predictor: {
        ...(isvc.minReplicas === undefined ? {} : { minReplicas: isvc.minReplicas }),
        ...(isvc.serviceAccount === undefined ? {} : { serviceAccountName: isvc.serviceAccount }),
        model: { modelFormat: { name: isvc.model.format }, storageUri: isvc.model.storageUri },
      },
    },
  };
}
