import { parse } from 'yaml';
import { Yaml } from 'cdk8s';
import { ModelMeshChart, modelmeshDefinition, rotationStep2 } from '../../apps/modelmesh';
import { SecureMeshError, synthesizeMesh } from '../../lib';
import { validateObjects } from '../../lib/checks/schema';
import { modelMeshRotationPlan } from '../../lib/integrations';
import { evaluate, type Pod } from '../evaluator';
import { testApp } from '../helpers/cdk8s';
import { find, namespacesOf, objectsOf, ofKind, spec } from './helpers';

const chart = new ModelMeshChart(testApp());
const objects = objectsOf(chart);

describe('ModelMesh app (seeds: ModelMesh TLS, ModelMesh Serving security)', () => {
  test('snapshot, strictly valid', () => {
    expect(validateObjects(objects)).toEqual([]);
    expect(Yaml.stringify(...objects)).toMatchSnapshot();
  });

  test('a PKCS8 certificate for the ModelMesh service, with its SANs, in the controller and runtime namespaces', () => {
    const cert = spec(find(objects, 'Certificate', 'modelmesh-serving', 'modelmesh-serving-tls'));
    expect(cert.secretName).toBe('modelmesh-serving-tls');
    expect(cert.privateKey.encoding).toBe('PKCS8');
    expect(cert.dnsNames).toEqual(['modelmesh-serving', 'modelmesh-serving.modelmesh-serving', 'modelmesh-serving.modelmesh-serving.svc', 'modelmesh-serving.modelmesh-serving.svc.cluster.local']);
    // Even when the mesh default is PKCS1, ModelMesh's netty gets PKCS8, in every namespace.
    const { objects: pkcs1 } = synthesizeMesh({ ...modelmeshDefinition, pki: { certificateDefaults: { privateKey: { encoding: 'PKCS1' } } }, modelmesh: { ...modelmeshDefinition.modelmesh, runtimeNamespaces: ['models-a', 'models-b'] } });
    const certs = ofKind(pkcs1, 'Certificate').filter((c) => c.metadata.name === 'modelmesh-serving-tls');
    expect(certs.map((c) => c.metadata.namespace)).toEqual(['modelmesh-serving', 'models-a', 'models-b']);
    expect(certs.map((c) => spec(c).privateKey.encoding)).toEqual(['PKCS8', 'PKCS8', 'PKCS8']);
  });

  test('model-serving-config sets tls.secretName and tls.clientAuth', () => {
    const cm = find(objects, 'ConfigMap', 'modelmesh-serving', 'model-serving-config');
    expect(parse((cm as any).data['config.yaml'])).toEqual({ tls: { secretName: 'modelmesh-serving-tls', clientAuth: 'require' }, serviceAccountName: 'modelmesh' });
  });

  test('a managed ModelMesh container gets the MM_TLS_* env vars, the Secret and trust bundle mounts, the security context and a dedicated ServiceAccount without roles', () => {
    const deployment = find(objects, 'Deployment', 'modelmesh-serving', 'modelmesh-standalone') as any;
    const container = deployment.spec.template.spec.containers[0];
    expect(container.env).toEqual([
      { name: 'MM_TLS_KEY_CERT_PATH', value: '/opt/kserve/mmesh/tls/tls.crt' },
      { name: 'MM_TLS_PRIVATE_KEY_PATH', value: '/opt/kserve/mmesh/tls/tls.key' },
      { name: 'MM_TLS_CLIENT_AUTH', value: 'REQUIRE' },
      // The controller's own list, plus the trust bundle: every root valid during a CA rotation.
      { name: 'MM_TLS_TRUST_CERT_PATH', value: '/opt/kserve/mmesh/tls/tls.crt,/opt/kserve/mmesh/tls/ca.crt,/opt/kserve/mmesh/trust/ca.crt' },
    ]);
    expect(container.volumeMounts).toEqual([
      { name: 'tls-certs', mountPath: '/opt/kserve/mmesh/tls', readOnly: true },
      { name: 'trust-bundle', mountPath: '/opt/kserve/mmesh/trust', readOnly: true },
    ]);
    expect(deployment.spec.template.spec.volumes).toEqual([
      { name: 'tls-certs', secret: { secretName: 'modelmesh-serving-tls' } },
      { name: 'trust-bundle', configMap: { name: 'modelmesh-trust', items: [{ key: 'ca.crt', path: 'ca.crt' }] } },
    ]);
    expect(deployment.metadata.annotations).toEqual({ 'secret.reloader.stakater.com/reload': 'modelmesh-serving-tls', 'configmap.reloader.stakater.com/reload': 'modelmesh-trust' });
    expect(container.securityContext).toMatchObject({ capabilities: { drop: ['ALL'] }, runAsNonRoot: true, allowPrivilegeEscalation: false });
    expect(deployment.spec.template.spec.serviceAccountName).toBe('modelmesh');
    expect(find(objects, 'ServiceAccount', 'modelmesh-serving', 'modelmesh')).toBeDefined();
    expect(objects.filter((o) => o.kind === 'RoleBinding' || o.kind === 'ClusterRoleBinding')).toEqual([]);
  });

  test('the network policy of the security guide', () => {
    const np = spec(find(objects, 'NetworkPolicy', 'modelmesh-serving', 'modelmesh-serving'));
    expect(np.podSelector).toEqual({ matchLabels: { 'modelmesh-service': 'modelmesh-serving' } });
    const ports = (rule: any) => rule.ports.map((p: any) => p.port);
    expect(np.ingress.map(ports)).toEqual([[8033, 8001], [8033, 8080]]);
    expect(np.ingress[0].from).toEqual([{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'modelmesh-serving' } }, podSelector: { matchLabels: { 'control-plane': 'modelmesh-controller' } } }]);
    expect(np.egress).toContainEqual({ to: [{ ipBlock: { cidr: '9.10.11.12/32' } }], ports: [{ protocol: 'TCP', port: 2379 }] });
    expect(np.egress).toContainEqual({ to: [{ ipBlock: { cidr: '13.12.11.10/32' } }], ports: [{ protocol: 'TCP', port: 8081 }] });
  });

  test('key rotation with new trust: three explicit steps, each synthesizable; skipping one is refused', () => {
    const plan = modelMeshRotationPlan({ secretName: 's', clientAuth: 'require', newSecretName: 's-next' });
    expect(plan.map((p) => p.step)).toEqual([1, 2, 3]);
    const env = (step: number) => Object.fromEntries(plan[step - 1].env.map((e) => [e.name, e.value]));
    expect(env(1)).toMatchObject({ MM_TLS_KEY_CERT_PATH: '/opt/kserve/mmesh/tls/tls.crt', MM_INTERNAL_TRUST_CERTS: '/opt/kserve/mmesh/tls-next/ca.crt' });
    expect(env(2)).toMatchObject({ MM_TLS_KEY_CERT_PATH: '/opt/kserve/mmesh/tls-next/tls.crt', MM_TLS_PRIVATE_KEY_PATH: '/opt/kserve/mmesh/tls-next/tls.key', MM_INTERNAL_TRUST_CERTS: '/opt/kserve/mmesh/tls/ca.crt' });
    expect(env(3)).not.toHaveProperty('MM_INTERNAL_TRUST_CERTS');
    expect(plan.map((p) => p.volumes.map((v) => v.secretName))).toEqual([['s', 's-next'], ['s', 's-next'], ['s-next']]);

    const step2 = objectsOf(new ModelMeshChart(testApp(), 'modelmesh', rotationStep2));
    expect(validateObjects(step2)).toEqual([]);
    expect(parse((find(step2, 'ConfigMap', 'modelmesh-serving', 'model-serving-config') as any).data['config.yaml']).tls.secretName).toBe('modelmesh-serving-tls-next');
    expect(ofKind(step2, 'Certificate').filter((c) => c.metadata.namespace === 'modelmesh-serving').map((c) => c.metadata.name)).toEqual(['modelmesh-serving-tls', 'modelmesh-serving-tls-next']);
    const env2 = (find(step2, 'Deployment', 'modelmesh-serving', 'modelmesh-standalone') as any).spec.template.spec.containers[0].env;
    expect(env2).toContainEqual({ name: 'MM_INTERNAL_TRUST_CERTS', value: '/opt/kserve/mmesh/tls/ca.crt' });

    const skip = { ...modelmeshDefinition, modelmesh: { ...modelmeshDefinition.modelmesh, tls: { rotation: { step: 3, currentStep: 1 } } } };
    expect(() => synthesizeMesh(skip)).toThrow(SecureMeshError);
    expect(() => synthesizeMesh(skip)).toThrow('modelmesh.tls.rotation.step: cannot go from step 1 to step 3: apply step 2 first (during each rolling update, old and new pods must trust each other\'s certificates)');
  });

  describe('documented traffic outcomes (independent evaluator)', () => {
    const cluster = { objects, namespaces: namespacesOf(objects, ['other']) };
    const runtime = (name = 'a'): Pod => ({ namespace: 'modelmesh-serving', labels: { 'modelmesh-service': 'modelmesh-serving', pod: name }, serviceAccount: 'modelmesh', sidecar: false, service: 'modelmesh-serving' });
    const controller: Pod = { namespace: 'modelmesh-serving', labels: { 'control-plane': 'modelmesh-controller' }, serviceAccount: 'modelmesh-controller', sidecar: false };
    const stranger: Pod = { namespace: 'other', labels: { app: 'x' }, serviceAccount: 'x', sidecar: false };

    test('controller → runtime on 8033 and 8001 allowed, on 8080 denied', () => {
      expect(evaluate(cluster, { from: controller, to: runtime(), port: 8033 }).allowed).toBe(true);
      expect(evaluate(cluster, { from: controller, to: runtime(), port: 8001 }).allowed).toBe(true);
      expect(evaluate(cluster, { from: controller, to: runtime(), port: 8080 }).allowed).toBe(false);
    });
    test('runtime ↔ runtime on 8033 and 8080 allowed', () => {
      expect(evaluate(cluster, { from: runtime('a'), to: runtime('b'), port: 8033 }).allowed).toBe(true);
      expect(evaluate(cluster, { from: runtime('a'), to: runtime('b'), port: 8080 }).allowed).toBe(true);
    });
    test('anything else → runtime denied', () => {
      expect(evaluate(cluster, { from: stranger, to: runtime(), port: 8033 }).allowed).toBe(false);
    });
  });
});
