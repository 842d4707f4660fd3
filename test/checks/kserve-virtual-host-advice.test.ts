/**
 * SM-KS-005's advice: `disableIstioVirtualHost: true` is the fix only when no gateway of KServe's own needs the
 * top-level virtual host; with a `kserve-local-gateway` it would take that gateway's routes away (and synthesis
 * refuses it), so the finding says what to do instead.
 */
import { runPack } from '../../lib/checks/engine';
import { kserveVirtualHostIsolation } from '../../lib/checks/rules/kserve-virtual-host-isolation';
import { ap, obj } from './helpers';
import { ingressConfig } from './pitfall-fixtures';

const isvc = obj('serving.kserve.io/v1beta1', 'InferenceService', 'iris', 'models', { predictor: {} });
// The predictor admits only its own namespace, by identity.
const isolation = ap('allow-ns', 'models', { rules: [{ from: [{ source: { namespaces: ['models'] } }] }] });

function messageFor(ingress: Record<string, unknown>): string {
  const findings = runPack([ingressConfig(ingress), isvc, isolation], {}, [kserveVirtualHostIsolation]);
  expect(findings).toHaveLength(1);
  return findings[0].message;
}

test('with Knative\'s local gateway only, the fix is disableIstioVirtualHost: true', () => {
  const message = messageFor({ ingressGateway: 'knative-serving/knative-ingress-gateway', localGateway: 'knative-serving/knative-local-gateway', disableIstioVirtualHost: false });
  expect(message).toContain('Set "disableIstioVirtualHost": true.');
});

test('with a kserve-local-gateway, the finding keeps the virtual host and points at the gateway', () => {
  const message = messageFor({
    ingressGateway: 'knative-serving/knative-ingress-gateway',
    localGateway: 'istio-system/kserve-local-gateway',
    localGatewayService: 'kserve-local-gateway.istio-system.svc.cluster.local',
    knativeLocalGatewayService: 'knative-local-gateway.istio-system.svc.cluster.local',
    disableIstioVirtualHost: false,
  });
  expect(message).not.toContain('Set "disableIstioVirtualHost": true');
  expect(message).toContain('The local gateway istio-system/kserve-local-gateway needs the virtual host');
  expect(message).toContain('keep disableIstioVirtualHost false');
  expect(message).toContain('suppress SM-KS-005 on ConfigMap/kserve/inferenceservice-config');
});
