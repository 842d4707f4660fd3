/**
 * Istio gateway pods: Envoy run as a router (`istio-proxy` with args `proxy router`), not as a sidecar. They carry
 * `sidecar.istio.io/inject: "false"` (istio/manifests charts/gateways: the proxy is the main container, nothing to
 * inject) or the gateway injection template (`inject.istio.io/templates: gateway`, Istio "Installing Gateways"), and
 * hold the mesh identity of their service account: they call meshed workloads with Istio mTLS, and
 * AuthorizationPolicies selecting them apply. PeerAuthentication does not apply to their listeners (the Gateway's
 * `tls` does), so callers reach them without mesh mTLS.
 */
import type { K8sObject } from '../k8s-object';
import { asArray, asRecord } from './objects';
import { podTemplateOf } from './pod-template';

/** Pod labels of the gateways Istio installs (`istio: ingressgateway` …) and of Gateway API deployments. */
const GATEWAY_LABELS: Readonly<Record<string, readonly string[] | undefined>> = {
  istio: ['ingressgateway', 'egressgateway', 'eastwestgateway'],
};
const GATEWAY_API_LABEL = 'gateway.networking.k8s.io/gateway-name';
const INJECT_TEMPLATES_ANNOTATION = 'inject.istio.io/templates';

/** Whether a workload object's pods (or a Pod) run the Istio proxy as a gateway router. */
export function isIstioGateway(o: K8sObject): boolean {
  const template = podTemplateOf(o);
  if (!template) return false;
  const meta = asRecord(template.metadata) ?? {};
  const labels = asRecord(meta.labels) ?? {};
  const annotations = asRecord(meta.annotations) ?? {};
  if (Object.entries(GATEWAY_LABELS).some(([k, values]) => values?.includes(String(labels[k])))) return true;
  if (typeof labels[GATEWAY_API_LABEL] === 'string') return true;
  if (String(annotations[INJECT_TEMPLATES_ANNOTATION] ?? '').split(',').map((t) => t.trim()).includes('gateway')) return true;
  const spec = asRecord(template.spec) ?? {};
  return (asArray(spec.containers) ?? []).some((c) => {
    const args = (asArray(asRecord(c)?.args) ?? []).map(String);
    return args[0] === 'proxy' && args[1] === 'router';
  });
}

