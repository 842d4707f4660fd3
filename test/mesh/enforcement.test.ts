/** `enforcement: audit | enforce`: what the emitters write for a namespace in audit, and for the mesh in audit. */
import { synthesizeMesh, SecureMeshError, type SecureMeshProps } from '../../lib';
import { validateObjects } from '../../lib/checks/schema';
import type { K8sObject } from '../../lib/k8s-object';
import { smallMesh } from '../helpers/definitions';
import { find, ofKind } from '../helpers/objects';

const inNamespace = (objects: readonly K8sObject[], ns: string) => objects.filter((o) => o.metadata.namespace === ns);
const auditPay = (extra: Partial<SecureMeshProps> = {}) => smallMesh({ namespaces: [{ name: 'shop' }, { name: 'pay', enforcement: 'audit' }, { name: 'legacy', managed: false }], ...extra });

describe('a namespace in audit', () => {
  const { objects, warnings, mesh } = synthesizeMesh(auditPay());
  const pay = inNamespace(objects, 'pay');

  test('resolves per namespace, the mesh default staying enforce', () => {
    expect(mesh.enforcement).toBe('enforce');
    expect(mesh.namespaces.map((n) => [n.name, n.enforcement])).toEqual([['shop', 'enforce'], ['pay', 'audit'], ['legacy', 'enforce']]);
  });

  test('every AuthorizationPolicy is a dry run, the allow-nothing default-deny included; nothing else changes in them', () => {
    const enforced = inNamespace(synthesizeMesh(smallMesh()).objects, 'pay').filter((o) => o.kind === 'AuthorizationPolicy');
    const aps = ofKind(pay, 'AuthorizationPolicy');
    expect(aps.map((o) => o.metadata.name).sort()).toEqual(['billing', 'default-deny']);
    for (const ap of aps) {
      expect(ap.metadata.annotations?.['istio.io/dry-run']).toBe('true');
      const before = enforced.find((o) => o.metadata.name === ap.metadata.name)!;
      expect(ap.spec).toEqual(before.spec);
    }
    expect(find(objects, 'AuthorizationPolicy', 'default-deny', 'pay').spec).toEqual({});
  });

  test('PeerAuthentication PERMISSIVE, and no port-level exception is needed', () => {
    expect(find(objects, 'PeerAuthentication', 'default', 'pay').spec).toEqual({ mtls: { mode: 'PERMISSIVE' } });
    // Enforced, billing admits plaintext callers from legacy through its own port-level PERMISSIVE.
    expect(() => find(synthesizeMesh(smallMesh()).objects, 'PeerAuthentication', 'billing', 'pay')).not.toThrow();
    expect(ofKind(pay, 'PeerAuthentication').map((o) => o.metadata.name)).toEqual(['default']);
  });

  test('no NetworkPolicy and no Sidecar in it; DestinationRules keep ISTIO_MUTUAL (PERMISSIVE accepts it)', () => {
    expect(ofKind(pay, 'NetworkPolicy')).toEqual([]);
    expect(ofKind(pay, 'Sidecar')).toEqual([]);
    expect(find(objects, 'DestinationRule', 'default', 'pay').spec.trafficPolicy).toEqual({ tls: { mode: 'ISTIO_MUTUAL' } });
  });

  test('enforced namespaces keep their objects, their baseline egress opened towards the audited namespace', () => {
    expect(find(objects, 'PeerAuthentication', 'default', 'shop').spec).toEqual({ mtls: { mode: 'STRICT' } });
    expect(find(objects, 'PeerAuthentication', 'default', 'istio-system').spec).toEqual({ mtls: { mode: 'STRICT' } });
    expect(find(objects, 'AuthorizationPolicy', 'default-deny', 'shop').metadata.annotations?.['istio.io/dry-run']).toBeUndefined();
    // The Sidecar scope of an enforced namespace imports the audited one whole (declared calls or not).
    expect(find(objects, 'Sidecar', 'default', 'shop').spec.egress[0].hosts).toContain('pay/*');
    expect(find(synthesizeMesh(smallMesh()).objects, 'Sidecar', 'default', 'shop').spec.egress[0].hosts).not.toContain('pay/*');
    const egress = find(objects, 'NetworkPolicy', 'default-deny', 'shop').spec.egress;
    expect(egress).toContainEqual({ to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'pay' } } }] });
    const enforcedEgress = find(synthesizeMesh(smallMesh()).objects, 'NetworkPolicy', 'default-deny', 'shop').spec.egress;
    expect(egress).toEqual([...enforcedEgress, { to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'pay' } } }] }]);
  });

  test('the Namespace says so, the objects pass the strict schema validation, and a warning names the layers', () => {
    expect(find(objects, 'Namespace', 'pay').metadata.annotations).toEqual({ 'secure-mesh.io/enforcement': 'audit', 'secure-mesh.io/source': 'namespaces/pay' });
    expect(find(objects, 'Namespace', 'shop').metadata.annotations?.['secure-mesh.io/enforcement']).toBeUndefined();
    expect(validateObjects(objects)).toEqual([]);
    const w = warnings.find((x) => x.path === 'namespaces[1].enforcement');
    expect(w?.message).toMatch(/^namespace "pay" is in audit: AuthorizationPolicies are dry-run .*PERMISSIVE instead of STRICT; no NetworkPolicies; no Sidecar egress scope/);
  });

  test('a PERMISSIVE or DISABLE namespace keeps its mode (only STRICT refuses plaintext)', () => {
    const r = synthesizeMesh(smallMesh({ namespaces: [{ name: 'shop', mtls: 'DISABLE', enforcement: 'audit' }, { name: 'pay', mtls: 'PERMISSIVE', enforcement: 'audit' }, { name: 'legacy', managed: false }] }));
    expect(find(r.objects, 'PeerAuthentication', 'default', 'shop').spec).toEqual({ mtls: { mode: 'DISABLE' } });
    expect(find(r.objects, 'PeerAuthentication', 'default', 'pay').spec).toEqual({ mtls: { mode: 'PERMISSIVE' } });
  });
});

describe('the mesh in audit', () => {
  const { objects, warnings } = synthesizeMesh(smallMesh({ enforcement: 'audit', namespaces: [{ name: 'shop', enforcement: 'enforce' }, { name: 'pay' }, { name: 'legacy', managed: false }] }));

  test('the root namespace PeerAuthentication is PERMISSIVE; a namespace that says enforce still enforces', () => {
    expect(find(objects, 'PeerAuthentication', 'default', 'istio-system').spec).toEqual({ mtls: { mode: 'PERMISSIVE' } });
    expect(find(objects, 'PeerAuthentication', 'default', 'shop').spec).toEqual({ mtls: { mode: 'STRICT' } });
    expect(find(objects, 'PeerAuthentication', 'default', 'pay').spec).toEqual({ mtls: { mode: 'PERMISSIVE' } });
    expect(ofKind(inNamespace(objects, 'shop'), 'NetworkPolicy').length).toBeGreaterThan(0);
    expect(ofKind(inNamespace(objects, 'pay'), 'NetworkPolicy')).toEqual([]);
    expect(warnings.find((w) => w.path === 'enforcement')?.message).toMatch(/^audit mode, nothing emitted refuses a connection in namespace "pay" \(.*\); the mesh-wide PeerAuthentication in "istio-system" is PERMISSIVE; `secure-mesh rollout plan`/);
  });
});

describe('bad input', () => {
  test('enforcement on an unmanaged namespace, and an unknown mode, name the field', () => {
    const unmanaged = () => synthesizeMesh(smallMesh({ namespaces: [{ name: 'shop' }, { name: 'pay' }, { name: 'legacy', managed: false, enforcement: 'audit' }] }));
    expect(unmanaged).toThrow(SecureMeshError);
    expect(unmanaged).toThrow(/namespaces\[2\]\.enforcement: namespace "legacy" is not managed/);
    expect(() => synthesizeMesh(smallMesh({ enforcement: 'dry-run' as never }))).toThrow(/enforcement/);
  });
});
