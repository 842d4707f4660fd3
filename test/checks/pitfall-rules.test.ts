import { runPack } from '../../lib/checks/engine';
import type { K8sObject } from '../../lib/k8s-object';
import { ap, deployment, gw, meshedNs, np, ns, obj, pa, strict } from './helpers';
import { ingressConfig } from './pitfall-fixtures';

/** Behaviour the fixtures don't pin down: precedence, exemptions, and what each message tells the user. */
const hits = (id: string, objects: readonly K8sObject[]) => runPack(objects).filter((f) => f.ruleId === id);

describe('SM-KN-001', () => {
  const isvc = (annotations: Record<string, string>) => obj('serving.kserve.io/v1beta1', 'InferenceService', 'iris', 'models', { predictor: { minReplicas: 1 } }, { annotations });
  const trustActivator = ap('allow', 'models', { rules: [{ from: [{ source: { namespaces: ['models', 'knative-serving'] } }] }] });

  it('lets the canonical key win over a conflicting legacy key, and reports only the conflict', () => {
    const found = hits('SM-KN-001', [isvc({ 'autoscaling.knative.dev/target-burst-capacity': '0', 'autoscaling.knative.dev/targetBurstCapacity': '10' }), trustActivator]);
    expect(found.map((f) => f.message)).toEqual([expect.stringMatching(/Knative applies "0"/)]);
  });

  it('honours the legacy key alone (with a warning to rename it)', () => {
    const found = hits('SM-KN-001', [isvc({ 'autoscaling.knative.dev/targetBurstCapacity': '0' }), trustActivator]);
    expect(found.map((f) => f.message)).toEqual([expect.stringMatching(/legacy annotation/)]);
  });

  it('is silent in RawDeployment mode, where there is no activator', () => {
    expect(hits('SM-KN-001', [isvc({ 'serving.kserve.io/deploymentMode': 'RawDeployment' }), trustActivator])).toEqual([]);
  });
});

describe('SM-KS-003', () => {
  it('names the line and column of a JSON syntax error', () => {
    const [f] = hits('SM-KS-003', [ingressConfig('{\n  "ingressGateway": "knative-serving/knative-ingress-gateway",\n}')]);
    expect(f.message).toMatch(/not strict JSON \(line 3, column 1: /);
    expect(f.object).toBe('ConfigMap/kserve/inferenceservice-config');
  });

  it('reports every problem of a parseable config, one finding each', () => {
    const found = hits('SM-KS-003', [ingressConfig({ disableIstioVirtualHost: 'false', enableGatewayApi: 'true' })]);
    expect(found.map((f) => f.message.replace(/;.*/, '')).sort()).toEqual([
      'data.ingress: disableIstioVirtualHost is the string "false"',
      'data.ingress: enableGatewayApi is the string "true"',
      'data.ingress: ingressGateway is missing or empty',
    ]);
  });
});

describe('SM-IS-012', () => {
  const hook = { apiVersion: 'admissionregistration.k8s.io/v1', kind: 'ValidatingWebhookConfiguration', metadata: { name: 'v' }, webhooks: [{ name: 'v.example.com', clientConfig: { service: { name: 'hook', namespace: 'hooks', port: 8443 } } }] } as K8sObject;
  const svc = obj('v1', 'Service', 'hook', 'hooks', { selector: { app: 'hook' }, ports: [{ port: 8443, targetPort: 9443 }] });
  const pods = deployment('hook', 'hooks', { spec: { containers: [{ name: 'hook', image: 'x', ports: [{ containerPort: 9443 }] }] } });
  const base = [meshedNs('hooks'), strict('istio-system'), hook, svc, pods];

  it('names the container port behind the Service port and the STRICT policy', () => {
    const [f] = hits('SM-IS-012', base);
    expect(f.message).toMatch(/container port 9443\), whose pods get sidecars under STRICT from PeerAuthentication\/istio-system\/default/);
  });
  it('is silent when a workload PeerAuthentication makes the container port PERMISSIVE', () => {
    expect(hits('SM-IS-012', [...base, pa('hook', 'hooks', { selector: { matchLabels: { app: 'hook' } }, portLevelMtls: { 9443: { mode: 'PERMISSIVE' } } })])).toEqual([]);
  });
  it('is silent when the namespace is PERMISSIVE or not injected', () => {
    expect(hits('SM-IS-012', [...base, pa('default', 'hooks', { mtls: { mode: 'PERMISSIVE' } })])).toEqual([]);
    expect(hits('SM-IS-012', [ns('hooks'), strict('istio-system'), hook, svc, pods])).toEqual([]);
  });
});

describe('SM-NP-011', () => {
  const ambient = ns('apps', { 'istio.io/dataplane-mode': 'ambient' });
  const web = np('web', 'apps', { podSelector: { matchLabels: { app: 'web' } }, policyTypes: ['Ingress'], ingress: [{ ports: [{ port: 8080 }] }] });
  it('is silent when another policy over the same pods opens 15008 (policies are additive)', () => {
    expect(hits('SM-NP-011', [ambient, web, np('hbone', 'apps', { podSelector: {}, ingress: [{ ports: [{ port: 15000, endPort: 15010 }] }] })])).toEqual([]);
  });
  it('ignores egress-only policies', () => {
    expect(hits('SM-NP-011', [ambient, np('out', 'apps', { podSelector: {}, policyTypes: ['Egress'], egress: [{ ports: [{ port: 443 }] }] })])).toEqual([]);
  });
});

describe('SM-IS-027 (Gateway ISTIO_MUTUAL with certificate fields)', () => {
  it('is already SM-IS-103\'s finding, so the pack has no separate rule for it', () => {
    const gateway = gw('local', 'istio-system', { selector: { istio: 'ingressgateway' }, servers: [{ port: { number: 8081, name: 'https', protocol: 'HTTPS' }, hosts: ['*'], tls: { mode: 'ISTIO_MUTUAL', credentialName: 'x' } }] });
    expect(hits('SM-IS-103', [gateway]).map((f) => f.message)).toEqual([expect.stringMatching(/ISTIO_MUTUAL must not set credentialName/)]);
    expect(runPack([gateway]).some((f) => f.ruleId === 'SM-IS-027')).toBe(false);
  });
});
