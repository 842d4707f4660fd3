import { synthesizeMesh, type SecureMeshProps } from '../../lib';
import { loadMeshFile } from '../../lib/model/mesh-file-loader';
import { withSourceAnnotations } from '../../lib/mesh/source-annotation';

const SOURCE = 'secure-mesh.io/source';
const sourceOf = (objects: readonly { kind: string; metadata: { name: string; namespace?: string; annotations?: Record<string, string> } }[], ref: string) =>
  objects.find((o) => `${o.kind}/${o.metadata.namespace ? `${o.metadata.namespace}/` : ''}${o.metadata.name}` === ref)?.metadata.annotations?.[SOURCE];

describe('secure-mesh.io/source: every object names the definition field it comes from', () => {
  test('the platform example: PKI, mesh-wide, namespaces, workloads, monitoring', () => {
    const { objects } = synthesizeMesh(loadMeshFile('examples/platform.yaml').content.spec);
    expect(objects.filter((o) => typeof o.metadata.annotations?.[SOURCE] !== 'string').map((o) => o.kind)).toEqual([]);
    expect(sourceOf(objects, 'Bundle/platform-trust')).toBe('pki.trustBundle');
    expect(sourceOf(objects, 'ClusterIssuer/platform-root')).toBe('pki');
    expect(sourceOf(objects, 'PeerAuthentication/istio-system/default')).toBe('istio');
    expect(sourceOf(objects, 'Namespace/orders')).toBe('namespaces/orders');
    expect(sourceOf(objects, 'NetworkPolicy/orders/default-deny')).toBe('namespaces/orders');
    expect(sourceOf(objects, 'AuthorizationPolicy/orders/billing-worker')).toBe('workloads/orders/billing-worker');
    expect(sourceOf(objects, 'Certificate/payments/payments-tls')).toBe('workloads/payments/payments');
    expect(sourceOf(objects, 'PrometheusRule/monitoring/platform-certificate-alerts')).toBe('monitoring');
    // The policies' own annotations are kept next to it.
    expect(objects.find((o) => o.kind === 'NetworkPolicy' && o.metadata.name === 'orders')?.metadata.annotations?.['secure-mesh.io/workload']).toBe('orders');
  });

  test('integration entries: the section entry that declared the workload, and the section for its own objects', () => {
    const { objects } = synthesizeMesh(loadMeshFile('examples/kserve.yaml').content.spec);
    expect(objects.every((o) => typeof o.metadata.annotations?.[SOURCE] === 'string')).toBe(true);
    expect(sourceOf(objects, 'NetworkPolicy/user1/sklearn-iris-predictor')).toBe('kserve.inferenceServices/user1/sklearn-iris-predictor');
    expect(sourceOf(objects, 'ConfigMap/kserve/inferenceservice-config')).toBe('kserve');
  });

  test('named, not indexed: the annotation does not change when the lists are reordered', () => {
    const def: SecureMeshProps = {
      namespaces: [{ name: 'a' }, { name: 'b' }],
      workloads: [{ name: 'x', namespace: 'a', ports: [{ port: 80 }] }, { name: 'y', namespace: 'b', ports: [{ port: 80 }], ingress: [{ from: { workload: 'x', namespace: 'a' } }] }],
    };
    const a = synthesizeMesh(def).objects;
    const b = synthesizeMesh({ namespaces: [...def.namespaces!].reverse(), workloads: [...def.workloads!].reverse() }).objects;
    expect(b).toEqual(a);
    expect(sourceOf(a, 'NetworkPolicy/b/y')).toBe('workloads/b/y');
  });
});

describe('written in place, never into what is frozen or shared', () => {
  const object = (name: string, metadata: Record<string, unknown>) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: 'a', ...metadata } });

  test('each object gets its own source, also when two share their metadata or annotations', () => {
    const shared = { 'x.io/kept': 'yes' };
    const metadata = { name: 'm', namespace: 'a' };
    const objects = [object('one', { annotations: shared }), object('two', { annotations: shared }), { apiVersion: 'v1', kind: 'Secret', metadata }, { apiVersion: 'v1', kind: 'ConfigMap', metadata }];
    const annotated = withSourceAnnotations(objects, ['pki', 'istio', 'monitoring', 'kserve'], {});
    expect(annotated.map((o) => o.metadata.annotations?.[SOURCE])).toEqual(['pki', 'istio', 'monitoring', 'kserve']);
    expect(annotated.map((o) => o.metadata.annotations?.['x.io/kept'])).toEqual(['yes', 'yes', undefined, undefined]);
  });

  test('frozen objects, metadata or annotations are copied, and stay as they were', () => {
    const frozenAnnotations = Object.freeze({ 'x.io/kept': 'yes' });
    const objects = [
      Object.freeze(object('one', {})),
      object('two', { annotations: frozenAnnotations }),
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: Object.freeze({ name: 'three', namespace: 'a' }) },
    ];
    const annotated = withSourceAnnotations(objects, ['pki', 'istio', 'monitoring'], {});
    expect(annotated.map((o) => o.metadata.annotations?.[SOURCE])).toEqual(['pki', 'istio', 'monitoring']);
    expect(objects[0].metadata).not.toHaveProperty('annotations');
    expect(frozenAnnotations).toEqual({ 'x.io/kept': 'yes' });
    expect(objects[2].metadata).not.toHaveProperty('annotations');
  });

  test('a second synthesis of the same definition writes the same objects (nothing of the first run leaks into it)', () => {
    const spec = loadMeshFile('examples/kserve.yaml').content.spec;
    expect(synthesizeMesh(spec).objects).toEqual(synthesizeMesh(spec).objects);
  });
});
