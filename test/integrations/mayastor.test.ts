import { Yaml } from 'cdk8s';
import { MayastorChart, mayastorDefinition } from '../../apps/mayastor';
import { synthesizeMesh } from '../../lib';
import { validateObjects } from '../../lib/checks/schema';
import { mayastorComponentTls, mayastorHelmValues } from '../../lib/integrations';
import { evaluate } from '../evaluator';
import { testApp } from '../helpers/cdk8s';
import { find, objectsOf, ofKind, spec } from './helpers';

const chart = new MayastorChart(testApp());
const objects = objectsOf(chart);

describe('Mayastor app (seed: OEP 3855 Enable TLS in Mayastor)', () => {
  test('snapshot, strictly valid', () => {
    expect(validateObjects(objects)).toEqual([]);
    expect(Yaml.stringify(...objects)).toMatchSnapshot();
  });

  test('TLS on: self-signed root → CA Issuer → one Certificate per component with the release/namespace DNS pattern', () => {
    expect(spec(find(objects, 'Issuer', 'mayastor', 'mayastor-selfsigned-issuer'))).toEqual({ selfSigned: {} });
    const root = spec(find(objects, 'Certificate', 'mayastor', 'mayastor-root-ca'));
    expect(root).toMatchObject({ isCA: true, duration: '175200h', secretName: 'mayastor-root-ca', issuerRef: { name: 'mayastor-selfsigned-issuer', kind: 'Issuer' } });
    expect(spec(find(objects, 'Issuer', 'mayastor', 'mayastor-ca-issuer'))).toEqual({ ca: { secretName: 'mayastor-root-ca' } });
    const leaves = ofKind(objects, 'Certificate').filter((c) => c.metadata.namespace === 'mayastor' && !spec(c).isCA);
    expect(leaves.map((c) => c.metadata.name)).toEqual(['mayastor-agent-core-tls', 'mayastor-api-rest-tls', 'mayastor-etcd-peer-tls', 'mayastor-etcd-tls', 'mayastor-io-engine-tls']); // canonical order: by name
    expect(spec(leaves[1]).dnsNames).toEqual(['mayastor-api-rest', 'mayastor-api-rest.mayastor.svc', 'mayastor-api-rest.mayastor.svc.cluster.local']);
    expect(spec(leaves[0]).dnsNames).toEqual(['mayastor-agent-core', 'mayastor-agent-core.mayastor.svc', 'mayastor-agent-core.mayastor.svc.cluster.local']);
    expect(spec(leaves[2]).dnsNames).toEqual(['*.mayastor-etcd-headless.mayastor.svc', '*.mayastor-etcd-headless.mayastor.svc.cluster.local']);
    for (const leaf of leaves) expect(spec(leaf)).toMatchObject({ isCA: false, issuerRef: { name: 'mayastor-ca-issuer', kind: 'Issuer' }, privateKey: { encoding: 'PKCS8' } });
  });

  test('the certificate is mounted into the component with its TLS flags', () => {
    const d = find(objects, 'Deployment', 'mayastor', 'mayastor-api-rest') as any;
    const c = d.spec.template.spec.containers[0];
    expect(c.args).toEqual(['--http=[::]:8081', '--https=[::]:8080', '--tls-cert-file=/etc/tls/tls.crt', '--tls-key-file=/etc/tls/tls.key']);
    expect(c.volumeMounts).toEqual([{ name: 'tls', mountPath: '/etc/tls', readOnly: true }]);
    expect(d.spec.template.spec.volumes).toEqual([{ name: 'tls', secret: { secretName: 'mayastor-api-rest-tls' } }]);
    expect(d.spec.template.metadata.annotations).toMatchObject({ 'secure-mesh.io/reload': 'hot' });
  });

  test('host-network components: certificate issued, no mesh policy, marked in the model', () => {
    const { mesh, objects: all } = synthesizeMesh(mayastorDefinition);
    const io = mesh.workloads.find((w) => w.name === 'mayastor-io-engine');
    expect(io).toMatchObject({ hostNetwork: true, sidecar: false });
    expect(find(all, 'Certificate', 'mayastor', 'mayastor-io-engine-tls')).toBeDefined();
    expect(all.filter((o) => ['NetworkPolicy', 'AuthorizationPolicy', 'PeerAuthentication'].includes(o.kind) && o.metadata.name === 'mayastor-io-engine')).toEqual([]);
    const ioTls = mayastorComponentTls(synthesizeMesh(mayastorDefinition).integrations.mayastor!).find((c) => c.workloadName === 'mayastor-io-engine');
    expect(ioTls).toMatchObject({ hostNetwork: true, workloadAnnotations: { 'secret.reloader.stakater.com/reload': 'mayastor-io-engine-tls' } });
  });

  test('Helm values: the switch and etcd client/peer TLS from the emitted Secrets', () => {
    expect(mayastorHelmValues(synthesizeMesh(mayastorDefinition).integrations.mayastor!)).toEqual({
      base: { tls: { enabled: true } },
      etcd: {
        auth: {
          client: { secureTransport: true, useAutoTLS: false, existingSecret: 'mayastor-etcd-tls', enableAuthentication: true, certFilename: 'tls.crt', certKeyFilename: 'tls.key', caFilename: 'ca.crt' },
          peer: { secureTransport: true, useAutoTLS: false, existingSecret: 'mayastor-etcd-peer-tls', enableAuthentication: true, certFilename: 'tls.crt', certKeyFilename: 'tls.key', caFilename: 'ca.crt' },
        },
      },
    });
  });

  test('TLS off: plain HTTP, no certificate or issuer, nothing mounted', () => {
    const off = { ...mayastorDefinition, mayastor: { ...mayastorDefinition.mayastor, tls: false } };
    const offObjects = objectsOf(new MayastorChart(testApp(), 'mayastor', off));
    expect(offObjects.filter((o) => (o.kind === 'Certificate' || o.kind === 'Issuer') && o.metadata.namespace === 'mayastor')).toEqual([]);
    const c = (find(offObjects, 'Deployment', 'mayastor', 'mayastor-api-rest') as any).spec.template.spec.containers[0];
    expect(c.args).toEqual(['--http=[::]:8081', '--https=[::]:8080']);
    expect(c.volumeMounts).toBeUndefined();
    const resolved = synthesizeMesh(off).integrations.mayastor!;
    expect(mayastorComponentTls(resolved)).toEqual([]);
    expect(mayastorHelmValues(resolved)).toEqual({ base: { tls: { enabled: false } }, etcd: { auth: { client: { secureTransport: false }, peer: { secureTransport: false } } } });
  });

  test('bad input names the field', () => {
    expect(() => synthesizeMesh({ mayastor: { tls: true, caDuration: '20y' } })).toThrow('mayastor.caDuration: "20y" is not a duration');
    expect(() => synthesizeMesh({ mayastor: { tls: 'yes' } })).toThrow('mayastor.tls');
  });
});

describe('Mayastor request paths (docs/integrations.md)', () => {
  const def = { istio: false as const, mayastor: { tls: true } };
  const pod = (app: string, ip?: string) => ({ namespace: 'mayastor', labels: { app, 'app.kubernetes.io/instance': 'mayastor' }, serviceAccount: 'mayastor-service-account', sidecar: false, ...(ip ? { ip } : {}) });

  test('the namespace is not isolated: every hop between components, including from the host network, is open', () => {
    const { objects, warnings } = synthesizeMesh(def);
    const cluster = { objects: [...objects], namespaces: [{ name: 'mayastor', labels: {} }] };
    for (const [from, to, port] of [
      [pod('csi-controller'), pod('api-rest'), 8081],
      [pod('api-rest'), pod('agent-core'), 50051],
      [pod('io-engine', '172.18.0.3'), pod('agent-core'), 50051],
      [pod('ha-node', '172.18.0.3'), pod('agent-core'), 50052],
      [pod('agent-core'), { ...pod('etcd'), labels: { 'app.kubernetes.io/name': 'etcd', 'app.kubernetes.io/instance': 'mayastor' } }, 2379],
    ] as const) {
      expect(evaluate(cluster, { from, to, port })).toMatchObject({ allowed: true });
    }
    expect(warnings.filter((w) => w.path.startsWith('mayastor'))).toEqual([]);
  });

  test('declaring the namespace isolated is a warning naming the field and what breaks', () => {
    const { warnings } = synthesizeMesh({ ...def, namespaces: [{ name: 'mayastor' }] });
    expect(warnings).toContainEqual(expect.objectContaining({ path: 'mayastor.namespace', message: expect.stringContaining('io-engine and the CSI and HA node agents run on the host network') }));
  });
});
