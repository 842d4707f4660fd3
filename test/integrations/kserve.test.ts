import { parse } from 'yaml';
import { Yaml } from 'cdk8s';
import { KServeChart, kserveDefinition } from '../../apps/kserve';
import { SecureMeshError, synthesizeMesh, type SecureMeshProps } from '../../lib';
import { validateObjects } from '../../lib/checks/schema';
import { evaluate, type Pod } from '../evaluator';
import { testApp } from '../helpers/cdk8s';
import { find, namespacesOf, objectsOf, ofKind, spec } from './helpers';

const objects = objectsOf(new KServeChart(testApp()));

function problemsOf(props: unknown): string[] {
  try {
    synthesizeMesh(props);
  } catch (e) {
    if (e instanceof SecureMeshError) return e.problems.map((p) => `${p.path}: ${p.message}`);
    throw e;
  }
  return [];
}

const base: SecureMeshProps = { istio: { mtls: 'STRICT' }, kserve: { inferenceServices: [{ name: 'm', namespace: 'user1', bypassActivator: true }] } };

describe('KServe app (seed: Secure InferenceService with ServiceMesh)', () => {
  test('snapshot, strictly valid', () => {
    expect(validateObjects(objects)).toEqual([]);
    expect(Yaml.stringify(...objects)).toMatchSnapshot();
  });

  test('namespace isolation: STRICT, injection label, same namespace + activator + Knative probe paths', () => {
    expect(spec(find(objects, 'PeerAuthentication', 'user1', 'default')).mtls.mode).toBe('STRICT');
    expect(spec(find(objects, 'PeerAuthentication', 'istio-system', 'default')).mtls.mode).toBe('STRICT');
    expect(find(objects, 'Namespace', undefined, 'user1').metadata.labels).toMatchObject({ 'istio-injection': 'enabled' });
    const burst = spec(find(objects, 'AuthorizationPolicy', 'user1', 'sklearn-iris-burst-predictor'));
    // The rules with the same operation share one rule: the namespace itself, the activator (knative-serving) and
    // the ingress gateway on the serving ports; the probe and metrics paths on their own.
    expect(burst.rules).toEqual([
      {
        from: [{ source: { principals: ['cluster.local/ns/istio-system/sa/istio-ingressgateway-service-account'] } }, { source: { namespaces: ['user1', 'knative-serving'] } }],
        to: [{ operation: { ports: ['8012', '8013'] } }],
      },
      { from: [{ source: { namespaces: ['knative-serving'] } }], to: [{ operation: { paths: ['/metrics', '/healthz', '/ready', '/wait-for-drain'], ports: ['8012', '8013', '9090', '9091'] } }] },
    ]);
    // Without the activator on the path, knative-serving only gets the probe and metrics paths.
    const direct = spec(find(objects, 'AuthorizationPolicy', 'user1', 'sklearn-iris-predictor'));
    expect(direct.rules.filter((r: any) => r.from.some((f: any) => f.source.namespaces?.includes('knative-serving')))).toEqual([
      { from: [{ source: { namespaces: ['knative-serving'] } }], to: [{ operation: { paths: ['/metrics', '/healthz', '/ready', '/wait-for-drain'], ports: ['8012', '8013', '9090', '9091'] } }] },
    ]);
  });

  test('InferenceServices: injection label, activator switch with canonical key and a minimum of one replica', () => {
    const iris = find(objects, 'InferenceService', 'user1', 'sklearn-iris');
    expect(iris.metadata.labels).toMatchObject({ 'sidecar.istio.io/inject': 'true' });
    expect(iris.metadata.annotations).toEqual({ 'autoscaling.knative.dev/target-burst-capacity': '0', 'secure-mesh.io/source': 'kserve' });
    expect(spec(iris).predictor).toMatchObject({ minReplicas: 1, model: { modelFormat: { name: 'sklearn' }, storageUri: 'gs://kfserving-examples/models/sklearn/1.0/model' } });
    const burst = find(objects, 'InferenceService', 'user1', 'sklearn-iris-burst');
    // No activator switch: the example acknowledges SM-KN-001 on it, and the source annotation names its section.
    expect(burst.metadata.annotations).toEqual({ 'secure-mesh.io/source': 'kserve', 'secure-mesh.io/suppressions': expect.stringMatching(/^SM-KN-001: /) });
    expect(spec(burst).predictor.minReplicas).toBeUndefined();
  });

  test('the ingress key is strict JSON with every field KServe requires, derived from kserve-local-gateway', () => {
    const cm = find(objects, 'ConfigMap', 'kserve', 'inferenceservice-config');
    expect(Object.keys((cm as any).data)).toEqual(['ingress']);
    expect(cm.metadata.annotations).toEqual({
      'secure-mesh.io/apply': 'kubectl apply --server-side --force-conflicts --field-manager=secure-mesh',
      'secure-mesh.io/source': 'kserve',
      // The example's acknowledgement of SM-KS-005 (the definition's suppressions).
      'secure-mesh.io/suppressions': expect.stringMatching(/^SM-KS-005: kserve-local-gateway needs the top-level virtual host/),
    });
    const ingress = JSON.parse((cm as any).data.ingress);
    expect(ingress).toEqual({
      enableGatewayApi: false,
      kserveIngressGateway: 'kserve/kserve-ingress-gateway',
      ingressGateway: 'knative-serving/knative-ingress-gateway',
      knativeLocalGatewayService: 'knative-local-gateway.istio-system.svc.cluster.local',
      localGateway: 'istio-system/kserve-local-gateway',
      localGatewayService: 'kserve-local-gateway.istio-system.svc.cluster.local',
      ingressDomain: 'example.com',
      ingressClassName: 'istio',
      domainTemplate: '{{ .Name }}-{{ .Namespace }}.{{ .IngressDomain }}',
      urlScheme: 'http',
      disableIstioVirtualHost: false,
      disableIngressCreation: false,
      disableHTTPRouteTimeout: false,
    });
    expect(typeof ingress.disableIstioVirtualHost).toBe('boolean');
  });

  test('the ingress key carries the cluster\'s own settings from kserve.ingressConfig (the controller reads the whole key)', () => {
    const ingressOf = (props: SecureMeshProps) => JSON.parse((find(synthesizeMesh(props).objects, 'ConfigMap', 'kserve', 'inferenceservice-config') as any).data.ingress);
    const custom = ingressOf({
      ...base,
      kserve: {
        ...base.kserve,
        ingressConfig: {
          urlScheme: 'https', domainTemplate: '{{ .Name }}.{{ .Namespace }}.{{ .IngressDomain }}', ingressClassName: 'nginx', enableGatewayApi: true,
          kserveIngressGateway: 'gateways/kserve', disableIngressCreation: true, disableHTTPRouteTimeout: true, additionalIngressDomains: ['models.example.org'],
        },
      },
    });
    expect(custom).toMatchObject({
      urlScheme: 'https', domainTemplate: '{{ .Name }}.{{ .Namespace }}.{{ .IngressDomain }}', ingressClassName: 'nginx', enableGatewayApi: true,
      kserveIngressGateway: 'gateways/kserve', disableIngressCreation: true, disableHTTPRouteTimeout: true, additionalIngressDomains: ['models.example.org'],
      // Still derived by the mesh.
      ingressGateway: 'knative-serving/knative-ingress-gateway', disableIstioVirtualHost: true,
    });
    // Unset: KServe v0.20.0's values, and no example additionalIngressDomains.
    expect(ingressOf(base)).toMatchObject({ urlScheme: 'http', ingressClassName: 'istio', enableGatewayApi: false, kserveIngressGateway: 'kserve/kserve-ingress-gateway' });
    expect(ingressOf(base).additionalIngressDomains).toBeUndefined();
    expect(problemsOf({ ...base, kserve: { ...base.kserve, ingressConfig: { kserveIngressGateway: 'kserve-ingress-gateway' } } })).toEqual([
      'kserve.ingressConfig.kserveIngressGateway: "kserve-ingress-gateway" must be "<namespace>/<gateway>"',
    ]);
    expect(problemsOf({ ...base, kserve: { ...base.kserve, ingressConfig: { urlScheme: 'ftp' } } })[0]).toContain('kserve.ingressConfig.urlScheme');
  });

  test('strict mesh-wide mTLS: patched knative-local-gateway and ISTIO_MUTUAL only towards sidecars', () => {
    const knative = spec(find(objects, 'Gateway', 'knative-serving', 'knative-local-gateway'));
    // Knative installed it: the patch says how to take over spec.servers, like the inferenceservice-config ConfigMap.
    expect(find(objects, 'Gateway', 'knative-serving', 'knative-local-gateway').metadata.annotations?.['secure-mesh.io/apply'])
      .toBe('kubectl apply --server-side --force-conflicts --field-manager=secure-mesh');
    expect(knative.servers).toEqual([{ hosts: ['*'], port: { name: 'https', number: 8081, protocol: 'HTTPS' }, tls: { mode: 'ISTIO_MUTUAL' } }]);
    const mutualHosts = ofKind(objects, 'DestinationRule').filter((d) => spec(d).trafficPolicy.tls.mode === 'ISTIO_MUTUAL').map((d) => spec(d).host).sort();
    expect(mutualHosts).toEqual(['*.knative-serving.svc.cluster.local', '*.user1.svc.cluster.local', 'knative-local-gateway.istio-system.svc.cluster.local']);
  });

  test('kserve-local-gateway over HTTPS 443 → 8445 with a PKI certificate for cluster-local names in istio-system', () => {
    const gw = spec(find(objects, 'Gateway', 'istio-system', 'kserve-local-gateway'));
    expect(gw.servers).toEqual([{ hosts: ['*'], port: { name: 'https', number: 8445, protocol: 'HTTPS' }, tls: { mode: 'SIMPLE', credentialName: 'kserve-cluster-local-tls' } }]);
    const svc = spec(find(objects, 'Service', 'istio-system', 'kserve-local-gateway'));
    expect(svc.ports).toEqual([{ name: 'https', protocol: 'TCP', port: 443, targetPort: 8445 }]);
    const cert = spec(find(objects, 'Certificate', 'istio-system', 'kserve-cluster-local-tls'));
    expect(cert.secretName).toBe('kserve-cluster-local-tls');
    expect(cert.dnsNames).toEqual([
      'kserve-local-gateway.istio-system.svc', 'kserve-local-gateway.istio-system.svc.cluster.local', '*.user1.svc', '*.user1.svc.cluster.local',
    ]);
    expect(cert.issuerRef).toEqual({ name: 'kserve-intermediate', kind: 'ClusterIssuer', group: 'cert-manager.io' });
  });

  test('kserve-local-gateway over HTTP: 80 → 8082 with the port-translation label, no certificate', () => {
    const { objects: http } = synthesizeMesh({ ...base, kserve: { ...base.kserve, localGateway: { protocol: 'HTTP' } } });
    const svc = find(http, 'Service', 'istio-system', 'kserve-local-gateway');
    expect(svc.metadata.labels).toMatchObject({ 'experimental.istio.io/disable-gateway-port-translation': 'true' });
    expect(JSON.parse(JSON.stringify(spec(svc).ports))).toEqual([{ name: 'http', protocol: 'TCP', port: 80, targetPort: 8082 }]);
    expect(spec(find(http, 'Gateway', 'istio-system', 'kserve-local-gateway')).servers[0].port).toEqual({ name: 'http', number: 8082, protocol: 'HTTP' });
    expect(ofKind(http, 'Certificate').filter((c) => c.metadata.namespace === 'istio-system')).toEqual([]);
    expect(validateObjects(http)).toEqual([]);
  });

  test('refuses the combinations that block inference, with messages naming the field', () => {
    expect(problemsOf({ ...base, kserve: { ...base.kserve, strictMeshWideMtls: true, disableIstioVirtualHost: false } })).toEqual([
      'kserve.patchKnativeLocalGateway: strict mesh-wide mTLS with the top-level virtual host blocks inference: clients send Istio mutual TLS to knative-local-gateway, which serves plaintext; set patchKnativeLocalGateway: true or disableIstioVirtualHost: true',
    ]);
    expect(problemsOf({ ...base, kserve: { ...base.kserve, localGateway: {}, disableIstioVirtualHost: true } })).toEqual([
      'kserve.disableIstioVirtualHost: the kserve-local-gateway is only reached through the top-level virtual host; set disableIstioVirtualHost: false or remove localGateway',
    ]);
    expect(problemsOf({ ...base, kserve: { inferenceServices: [{ name: 'm', namespace: 'user1', bypassActivator: true, minReplicas: 0 }] } })).toEqual([
      'kserve.inferenceServices[0].minReplicas: bypassActivator needs at least 1 replica: at zero replicas Knative puts the activator back on the request path',
    ]);
    expect(problemsOf({ ...base, istio: false })).toEqual(['kserve: KServe InferenceServices are secured with Istio; remove istio: false or the kserve section']);
    expect(problemsOf({ ...base, istio: { mtls: 'PERMISSIVE' }, kserve: { ...base.kserve, strictMeshWideMtls: true } })).toEqual([
      'kserve.strictMeshWideMtls: needs istio.mtls: "STRICT" (the mesh-wide PeerAuthentication in the root namespace); it is "PERMISSIVE"',
    ]);
    expect(problemsOf({ ...base, kserve: { inferenceServices: [{ name: 'm', namesapce: 'user1' }] } })).toEqual([
      'kserve.inferenceServices[0].namesapce: unknown field — did you mean "namespace"?',
    ]);
  });

  test('warns that namespace isolation is not enforced while the activator is on the path', () => {
    const { warnings } = synthesizeMesh({ ...base, kserve: { inferenceServices: [{ name: 'm', namespace: 'user1' }] } });
    expect(warnings).toContainEqual({
      path: 'kserve.inferenceServices[0].bypassActivator',
      message: 'namespace isolation is not enforced for InferenceService "m": the Knative activator is on the request path and hides the caller\'s namespace, so any namespace can call it through the activator (knative-sandbox/net-istio#554); set bypassActivator: true to take the activator off the path',
    });
    expect(synthesizeMesh(base).warnings.filter((w) => w.path.startsWith('kserve'))).toEqual([]);
  });

  test('a mesh file (YAML) gives the same objects as the TypeScript definition', () => {
    const fromFile = synthesizeMesh(parse(Yaml.stringify(JSON.parse(JSON.stringify(kserveDefinition)))));
    expect(fromFile.objects).toEqual(synthesizeMesh(kserveDefinition).objects);
  });

  describe('documented traffic outcomes (independent evaluator)', () => {
    const cluster = { objects, namespaces: namespacesOf(objects, ['knative-serving', 'default', 'istio-system']) };
    const model = (name: string): Pod => ({ namespace: 'user1', labels: { 'serving.kserve.io/inferenceservice': name }, serviceAccount: 'default', sidecar: true, service: `${name}-predictor` });
    const httpbin: Pod = { namespace: 'user1', labels: { app: 'httpbin' }, serviceAccount: 'httpbin', sidecar: true };
    const sleep: Pod = { namespace: 'default', labels: { app: 'sleep' }, serviceAccount: 'sleep', sidecar: true };
    const activator: Pod = { namespace: 'knative-serving', labels: { app: 'activator' }, serviceAccount: 'activator', sidecar: true };
    const predict = { port: 8012, path: '/v1/models/sklearn-iris', method: 'GET' };

    test('same namespace → allowed (activator off the path)', () => {
      expect(evaluate(cluster, { from: httpbin, to: model('sklearn-iris'), ...predict }).allowed).toBe(true);
    });
    test('another namespace → denied (activator off the path)', () => {
      expect(evaluate(cluster, { from: sleep, to: model('sklearn-iris'), ...predict }).allowed).toBe(false);
    });
    test('through the activator → allowed to the burst model (the known limitation), only probes to the bypassed one', () => {
      expect(evaluate(cluster, { from: activator, to: model('sklearn-iris-burst'), ...predict }).allowed).toBe(true);
      expect(evaluate(cluster, { from: activator, to: model('sklearn-iris'), ...predict }).allowed).toBe(false);
      expect(evaluate(cluster, { from: activator, to: model('sklearn-iris'), port: 8012, path: '/healthz', method: 'GET' }).allowed).toBe(true);
    });
  });
});
