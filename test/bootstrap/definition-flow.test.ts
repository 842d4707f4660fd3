import { synthesizeMesh } from '../../lib/mesh/synthesize';
import type { K8sObject } from '../../lib/k8s-object';
import { smallMesh } from '../helpers/definitions';
import { bootstrapStack, releaseValues, synthJson } from './helpers';

/**
 * The bootstrap and the manifests come from one definition: changing a fact in the definition must
 * move the installed charts' configuration and the emitted objects together.
 */
describe('one definition drives both the manifests and the bootstrap values', () => {
  const definition = smallMesh({
    trustDomain: 'corp.example',
    pki: { namespace: 'pki' },
    istio: { rootNamespace: 'mesh-root' },
  });
  const { objects } = synthesizeMesh(definition);
  const json = synthJson(bootstrapStack({ definition }));

  const ofKind = (kind: string): K8sObject[] => objects.filter((o) => o.kind === kind);

  it('another Istio root namespace: the mesh-wide PeerAuthentication and meshConfig.rootNamespace', () => {
    const meshWide = ofKind('PeerAuthentication').filter((o) => !(o as any).spec?.selector && o.metadata?.namespace === 'mesh-root');
    expect(meshWide.map((o) => o.metadata?.name)).toEqual(['default']);
    const istiod = releaseValues(json, 'istiod');
    expect(istiod.meshConfig.rootNamespace).toBe('mesh-root');
    expect(istiod.global.istioNamespace).toBe('mesh-root');
    expect(releaseValues(json, 'istio-base').global.istioNamespace).toBe('mesh-root');
    expect(json.resource.helm_release.istiod!.namespace).toBe('mesh-root');
  });

  it('another trust domain: the AuthorizationPolicy principals and meshConfig.trustDomain', () => {
    const principals = ofKind('AuthorizationPolicy')
      .flatMap((o) => ((o as any).spec?.rules ?? []) as any[])
      .flatMap((rule) => (rule.from ?? []) as any[])
      .flatMap((from) => (from.source?.principals ?? []) as string[]);
    expect(principals.length).toBeGreaterThan(0);
    for (const p of principals) expect(p).toMatch(/^corp\.example\/ns\/[^/]+\/sa\/[^/]+$/);
    expect(releaseValues(json, 'istiod').meshConfig.trustDomain).toBe('corp.example');
  });

  it('another PKI namespace: the CA Certificates, cert-manager clusterResourceNamespace and trust-manager trust namespace', () => {
    const caCertificates = ofKind('Certificate').filter((o) => (o as any).spec?.isCA === true);
    expect(caCertificates.length).toBeGreaterThan(0);
    for (const c of caCertificates) expect(c.metadata?.namespace).toBe('pki');
    expect(releaseValues(json, 'cert-manager').clusterResourceNamespace).toBe('pki');
    expect(releaseValues(json, 'trust-manager').app.trust.namespace).toBe('pki');
    expect(json.resource.helm_release['cert-manager']!.namespace).toBe('pki');
    expect(json.resource.helm_release['trust-manager']!.namespace).toBe('pki');
  });

  it('reads the same resolved mesh as the manifests', () => {
    expect(bootstrapStack({ definition }).mesh).toEqual(synthesizeMesh(definition).mesh);
  });

  it('the defaults line up too: cert-manager / istio-system / cluster.local when the definition says nothing', () => {
    const defaults = synthJson(bootstrapStack({ definition: smallMesh() }));
    const { mesh } = synthesizeMesh(smallMesh());
    expect(releaseValues(defaults, 'cert-manager').clusterResourceNamespace).toBe(mesh.pki.namespace);
    expect(releaseValues(defaults, 'istiod').meshConfig).toEqual({
      rootNamespace: mesh.istio!.rootNamespace, trustDomain: mesh.trustDomain, enableAutoMtls: true,
    });
  });
});
