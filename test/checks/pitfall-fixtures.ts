/**
 * Compliant and non-compliant fixtures of the pitfall rules (user-pain §1): merged into RULE_FIXTURES, so the harness in
 * rules.test.ts runs them like every other rule's.
 */
import type { K8sObject } from '../../lib/k8s-object';
import type { RuleFixture } from './rule-fixtures';
import { ap, obj } from './helpers';

const isvc = (name: string, namespace: string, annotations?: Record<string, string>, predictor: Record<string, unknown> = {}): K8sObject =>
  obj('serving.kserve.io/v1beta1', 'InferenceService', name, namespace, { predictor: { model: { modelFormat: { name: 'sklearn' }, storageUri: 'gs://models/iris' }, ...predictor } }, annotations ? { annotations } : {});
const ksvc = (name: string, namespace: string, annotations: Record<string, string>): K8sObject =>
  obj('serving.knative.dev/v1', 'Service', name, namespace, { template: { metadata: { annotations }, spec: { containers: [{ image: 'example/app:1' }] } } });
/** The isolation policy KServe's guide writes: the namespace itself, plus the activator on every path. */
const activatorAllowed = ap('allow-ns-and-activator', 'models', { rules: [{ from: [{ source: { namespaces: ['models', 'knative-serving'] } }] }] });
const probesOnly = (namespace = 'models'): K8sObject => ap('allow-ns', namespace, {
  rules: [
    { from: [{ source: { namespaces: [namespace] } }] },
    { from: [{ source: { namespaces: ['knative-serving'] } }], to: [{ operation: { paths: ['/healthz', '/ready', '/wait-for-drain', '/metrics'] } }] },
  ],
});
const TBC = 'autoscaling.knative.dev/target-burst-capacity';
const LEGACY_TBC = 'autoscaling.knative.dev/targetBurstCapacity';

export const ingressConfig = (ingress: Record<string, unknown> | string): K8sObject =>
  obj('v1', 'ConfigMap', 'inferenceservice-config', 'kserve', undefined, { data: { ingress: typeof ingress === 'string' ? ingress : JSON.stringify(ingress, null, 2) } });
const goodIngress = {
  ingressGateway: 'knative-serving/knative-ingress-gateway',
  localGateway: 'istio-system/kserve-local-gateway',
  localGatewayService: 'kserve-local-gateway.istio-system.svc.cluster.local',
  knativeLocalGatewayService: 'knative-local-gateway.istio-system.svc.cluster.local',
  disableIstioVirtualHost: true,
};

export const PITFALL_FIXTURES: Readonly<Record<string, RuleFixture>> = {
  'SM-KN-001': {
    compliant: [
      isvc('iris', 'models', { [TBC]: '0' }, { minReplicas: 1 }), activatorAllowed,
      isvc('probe-only', 'other'), probesOnly('other'),
      ksvc('hello', 'models', { [TBC]: '0' }),
    ],
    nonCompliant: [
      [isvc('iris', 'models'), activatorAllowed],
      [isvc('iris', 'models', { [TBC]: '0' }, { minReplicas: 0 }), activatorAllowed],
      [ksvc('hello', 'models', { [TBC]: '10' }), activatorAllowed],
      // Conflicting keys: Knative applies the canonical "10", not the legacy "0".
      [isvc('iris', 'models', { [TBC]: '10', [LEGACY_TBC]: '0' })],
      [isvc('iris', 'models', { [LEGACY_TBC]: '0' })],
    ],
  },
  'SM-KS-003': {
    compliant: [ingressConfig(goodIngress), ingressConfig({ ingressGateway: 'knative-serving/knative-ingress-gateway' })],
    nonCompliant: [
      [ingressConfig('{\n  "ingressGateway": "knative-serving/knative-ingress-gateway",\n}')],
      [ingressConfig({ ...goodIngress, ingressGateway: '' })],
      [ingressConfig({ ...goodIngress, disableIstioVirtualHost: 'true' })],
      [ingressConfig({ ...goodIngress, localGatewayService: 'kserve-local-gateway.kserve.svc.cluster.local' })],
      [ingressConfig({ ...goodIngress, knativeLocalGatewayService: undefined })],
      [ingressConfig({ ...goodIngress, localGateway: 'kserve-local-gateway' })],
    ],
  },
  'SM-KS-005': {
    compliant: [ingressConfig(goodIngress), isvc('iris', 'models'), probesOnly()],
    nonCompliant: [
      [ingressConfig({ ...goodIngress, disableIstioVirtualHost: false }), isvc('iris', 'models'), probesOnly()],
      [ingressConfig({ ingressGateway: 'knative-serving/knative-ingress-gateway' }), isvc('iris', 'models'),
        ap('allow-gw', 'models', { rules: [{ from: [{ source: { principals: ['cluster.local/ns/istio-system/sa/istio-ingressgateway-service-account'] } }] }] })],
    ],
  },
};
