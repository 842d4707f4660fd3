import { Peer, RootOfTrust, synthesizeMesh } from '../../lib';
import { validateObjects } from '../../lib/checks/schema';
import { smallMesh } from '../helpers/definitions';
import { find, ofKind } from '../helpers/objects';

describe('PKI', () => {
  const { objects } = synthesizeMesh(smallMesh());

  test('self-signed bootstrap → root CA → intermediate CA → ClusterIssuers', () => {
    expect(find(objects, 'ClusterIssuer', 'mesh-selfsigned').spec).toEqual({ selfSigned: {} });
    const root = find(objects, 'Certificate', 'mesh-root-ca', 'cert-manager').spec;
    expect(root).toMatchObject({ isCA: true, commonName: 'mesh root CA', secretName: 'mesh-root-ca', duration: '87600h', issuerRef: { name: 'mesh-selfsigned', kind: 'ClusterIssuer', group: 'cert-manager.io' } });
    // A renewed root keeps its key, so the trust anchor stays the same.
    expect(root.privateKey).toEqual({ algorithm: 'ECDSA', size: 384, encoding: 'PKCS8', rotationPolicy: 'Never' });
    expect(find(objects, 'ClusterIssuer', 'mesh-root').spec).toEqual({ ca: { secretName: 'mesh-root-ca' } });
    const intermediate = find(objects, 'Certificate', 'mesh-intermediate-ca', 'cert-manager').spec;
    expect(intermediate).toMatchObject({ isCA: true, issuerRef: { name: 'mesh-root', kind: 'ClusterIssuer' }, duration: '8760h' });
    expect(find(objects, 'ClusterIssuer', 'mesh-intermediate').spec).toEqual({ ca: { secretName: 'mesh-intermediate-ca' } });
  });

  test('workload certificates: SANs, usages, lifetime, explicit key and issuer', () => {
    const cert = find(objects, 'Certificate', 'billing-tls', 'pay').spec;
    expect(cert.dnsNames).toEqual(['billing', 'billing.pay', 'billing.pay.svc', 'billing.pay.svc.cluster.local']);
    expect(cert.commonName).toBe('billing.pay.svc.cluster.local');
    expect(cert.uris).toEqual(['spiffe://cluster.local/ns/pay/sa/billing-sa']);
    expect(cert.usages).toEqual(['server auth', 'client auth', 'digital signature', 'key encipherment']);
    expect(cert).toMatchObject({ duration: '2160h', renewBefore: '360h', secretName: 'billing-tls' });
    expect(cert.privateKey).toEqual({ algorithm: 'ECDSA', size: 256, encoding: 'PKCS8', rotationPolicy: 'Always' });
    expect(cert.issuerRef).toEqual({ name: 'mesh-intermediate', kind: 'ClusterIssuer', group: 'cert-manager.io' });
  });

  test('leaves are signed by the root when the intermediate is turned off', () => {
    const { objects: direct } = synthesizeMesh(smallMesh({ pki: { intermediate: false } }));
    expect(ofKind(direct, 'Certificate').map((c) => c.metadata.name)).toEqual(['mesh-root-ca', 'billing-tls']);
    expect(find(direct, 'Certificate', 'billing-tls', 'pay').spec.issuerRef.name).toBe('mesh-root');
  });

  test('an existing CA Secret and Vault as roots', () => {
    const fromSecret = synthesizeMesh(smallMesh({ pki: { root: RootOfTrust.fromSecret('corp-ca') } })).objects;
    expect(find(fromSecret, 'ClusterIssuer', 'mesh-root').spec).toEqual({ ca: { secretName: 'corp-ca' } });
    expect(find(fromSecret, 'Bundle', 'mesh-trust').spec.sources).toEqual([{ secret: { name: 'corp-ca', key: 'ca.crt' } }]);
    const vault = synthesizeMesh(smallMesh({ pki: { root: RootOfTrust.vault({ server: 'https://vault:8200', path: 'pki_int/sign/mesh', auth: { role: 'mesh' }, caSecretName: 'vault-ca' }) } })).objects;
    expect(find(vault, 'ClusterIssuer', 'mesh-root').spec.vault).toEqual({
      server: 'https://vault:8200', path: 'pki_int/sign/mesh', caBundleSecretRef: { name: 'vault-ca', key: 'ca.crt' },
      auth: { kubernetes: { role: 'mesh', mountPath: '/v1/auth/kubernetes', serviceAccountRef: { name: 'cert-manager' } } },
    });
    // Vault's mount already is an intermediate: leaves come straight from it.
    expect(find(vault, 'Certificate', 'billing-tls', 'pay').spec.issuerRef.name).toBe('mesh-root');
  });

  test('the trust bundle reaches every managed namespace', () => {
    const bundle = find(objects, 'Bundle', 'mesh-trust').spec;
    expect(bundle.sources).toEqual([{ secret: { name: 'mesh-root-ca', key: 'ca.crt' } }]);
    expect(bundle.target).toEqual({ configMap: { key: 'ca.crt' }, namespaceSelector: { matchLabels: { 'secure-mesh.io/trust-bundle': 'enabled' } } });
    for (const ns of ['shop', 'pay']) expect(find(objects, 'Namespace', ns).metadata.labels).toMatchObject({ 'secure-mesh.io/trust-bundle': 'enabled', 'istio-injection': 'enabled' });
    expect(objects.some((o) => o.kind === 'Namespace' && o.metadata.name === 'legacy')).toBe(false);
  });
});

describe('Istio', () => {
  const { objects } = synthesizeMesh(smallMesh());

  test('mesh-wide and namespace PeerAuthentications are named default and have no selector', () => {
    expect(find(objects, 'PeerAuthentication', 'default', 'istio-system').spec).toEqual({ mtls: { mode: 'STRICT' } });
    expect(find(objects, 'PeerAuthentication', 'default', 'shop').spec).toEqual({ mtls: { mode: 'STRICT' } });
    const permissive = synthesizeMesh(smallMesh({ namespaces: [{ name: 'shop', mtls: 'PERMISSIVE' }, { name: 'pay' }, { name: 'legacy', managed: false }] })).objects;
    expect(find(permissive, 'PeerAuthentication', 'default', 'shop').spec).toEqual({ mtls: { mode: 'PERMISSIVE' } });
    expect(find(permissive, 'PeerAuthentication', 'default', 'istio-system').spec).toEqual({ mtls: { mode: 'STRICT' } });
  });

  test('callers without a sidecar open only their ports, at the workload level', () => {
    // legacy (no sidecar) may call billing on 7000: that port accepts plaintext, the rest stays STRICT.
    const pa = find(objects, 'PeerAuthentication', 'billing', 'pay').spec;
    expect(pa).toEqual({ selector: { matchLabels: { app: 'billing' } }, mtls: { mode: 'UNSET' }, portLevelMtls: { 7000: { mode: 'PERMISSIVE' } } });
    expect(objects.filter((o) => o.kind === 'PeerAuthentication' && o.metadata.namespace === 'istio-system' && (o as any).spec.selector)).toEqual([]); // eslint-disable-line @typescript-eslint/no-explicit-any
  });

  test('DestinationRules always carry an explicit TLS mode', () => {
    const dr = find(objects, 'DestinationRule', 'default', 'shop').spec;
    expect(dr).toEqual({ host: '*.shop.svc.cluster.local', exportTo: ['*'], trafficPolicy: { tls: { mode: 'ISTIO_MUTUAL' } } });
    for (const rule of ofKind(objects, 'DestinationRule')) expect((rule as any).spec.trafficPolicy.tls.mode).toMatch(/^(ISTIO_MUTUAL|DISABLE)$/); // eslint-disable-line @typescript-eslint/no-explicit-any
  });

  test('never ISTIO_MUTUAL towards a workload without a sidecar', () => {
    const def = smallMesh();
    const mixed = synthesizeMesh({ ...def, workloads: [...def.workloads!, { name: 'batch', namespace: 'shop', sidecar: false, ports: [{ port: 5000 }] }] }).objects;
    expect(find(mixed, 'DestinationRule', 'batch', 'shop').spec).toEqual({ host: 'batch.shop.svc.cluster.local', exportTo: ['*'], trafficPolicy: { tls: { mode: 'DISABLE' } } });
  });

  test('deny by default per isolated namespace, ALLOW rules per workload from the ingress rules', () => {
    expect(find(objects, 'AuthorizationPolicy', 'default-deny', 'shop').spec).toEqual({});
    const api = find(objects, 'AuthorizationPolicy', 'api', 'shop');
    expect(api.spec).toEqual({
      selector: { matchLabels: { app: 'api' } },
      action: 'ALLOW',
      rules: [{ from: [{ source: { principals: ['cluster.local/ns/shop/sa/web'] } }], to: [{ operation: { ports: ['9000'], paths: ['/api/*'], methods: ['GET'] } }] }],
    });
    expect(api.metadata.annotations).toEqual({ 'secure-mesh.io/workload': 'api', 'secure-mesh.io/service-account': 'api', 'secure-mesh.io/sidecar': 'true', 'secure-mesh.io/source': 'workloads/shop/api' });
    const billing = find(objects, 'AuthorizationPolicy', 'billing', 'pay').spec;
    // Two ingress rules on the same port share one rule. legacy has no sidecar, so no identity: admitted as
    // "no principal" (its own `from` entry, ORed), narrowed by NetworkPolicy.
    expect(billing.rules).toEqual([
      { from: [{ source: { principals: ['cluster.local/ns/shop/sa/api'] } }, { source: { notPrincipals: ['*'] } }], to: [{ operation: { ports: ['7000'] } }] },
    ]);
  });

  test('one rule per distinct operation: callers of the same ports, paths and methods share it, in declaration order', () => {
    const ports = [{ name: 'http', port: 8080 }, { name: 'http-admin', port: 9090 }];
    const { objects: objs } = synthesizeMesh({
      namespaces: [{ name: 'shop' }, { name: 'ops' }],
      workloads: [
        { name: 'a', namespace: 'shop', ports }, { name: 'b', namespace: 'shop', ports }, { name: 'c', namespace: 'shop', ports },
        { name: 'admin', namespace: 'ops', ports },
        {
          name: 'api', namespace: 'shop', ports,
          ingress: [
            { from: Peer.workload('a'), ports: [8080] },
            { from: Peer.workload('admin', 'ops'), ports: [9090] },
            { from: [Peer.workload('c'), Peer.workload('a')], ports: [8080] },
            { from: Peer.workload('b'), ports: [8080], paths: ['/api/*'] },
            { from: Peer.namespace('ops'), ports: [8080] },
          ],
        },
      ],
    });
    expect(find(objs, 'AuthorizationPolicy', 'api', 'shop').spec.rules).toEqual([
      { from: [{ source: { principals: ['cluster.local/ns/shop/sa/a', 'cluster.local/ns/shop/sa/c'] } }, { source: { namespaces: ['ops'] } }], to: [{ operation: { ports: ['8080'] } }] },
      { from: [{ source: { principals: ['cluster.local/ns/ops/sa/admin'] } }], to: [{ operation: { ports: ['9090'] } }] },
      { from: [{ source: { principals: ['cluster.local/ns/shop/sa/b'] } }], to: [{ operation: { ports: ['8080'], paths: ['/api/*'] } }] },
    ]);
  });

  test('a service called by more workloads than Istio allows rules (512) is one rule, and strictly valid', () => {
    const callers = Array.from({ length: 600 }, (_, i) => ({ name: `c${i}`, namespace: `team-${i % 3}`, ports: [{ name: 'http', port: 8080 }] }));
    const { objects: objs } = synthesizeMesh({
      namespaces: [{ name: 'team-0' }, { name: 'team-1' }, { name: 'team-2' }],
      workloads: [...callers, { name: 'auth', namespace: 'team-0', ports: [{ name: 'http', port: 8080 }], ingress: callers.map((c) => ({ from: Peer.workload(c.name, c.namespace), ports: [8080] })) }],
    });
    const rules = find(objs, 'AuthorizationPolicy', 'auth', 'team-0').spec.rules;
    expect(rules).toHaveLength(1);
    expect(rules[0].from).toEqual([{ source: { principals: callers.map((c) => `cluster.local/ns/${c.namespace}/sa/${c.name}`) } }]);
    expect(validateObjects(objs)).toEqual([]);
  });

  test('namespace isolation admits the namespace itself; none emits no default deny', () => {
    const def = smallMesh({ namespaces: [{ name: 'shop', isolation: 'namespace' }, { name: 'pay', isolation: 'none' }, { name: 'legacy', managed: false }] });
    const { objects: objs } = synthesizeMesh(def);
    expect(find(objs, 'AuthorizationPolicy', 'allow-same-namespace', 'shop').spec).toEqual({ action: 'ALLOW', rules: [{ from: [{ source: { namespaces: ['shop'] } }] }] });
    expect(objs.filter((o) => o.metadata.namespace === 'pay' && o.metadata.name === 'default-deny')).toEqual([]);
  });

  test('Sidecar scoping: each proxy gets the services its namespace may call, plus Istio\'s namespace', () => {
    expect(find(objects, 'Sidecar', 'default', 'shop').spec).toEqual({ egress: [{ hosts: ['istio-system/*', 'pay/billing.pay.svc.cluster.local', 'shop/api.shop.svc.cluster.local'] }] });
    expect(find(objects, 'Sidecar', 'default', 'pay').spec).toEqual({ egress: [{ hosts: ['istio-system/*'] }] });
    const open = synthesizeMesh(smallMesh({ namespaces: [{ name: 'shop', isolation: 'namespace' }, { name: 'pay', isolation: 'none' }, { name: 'legacy', managed: false }] })).objects;
    expect(find(open, 'Sidecar', 'default', 'shop').spec.egress[0].hosts).toContain('shop/*');
    // `shop/*` imports every Service of shop: web's call to api adds no `shop/api.shop.svc…` entry next to it.
    expect(find(open, 'Sidecar', 'default', 'shop').spec.egress[0].hosts).toEqual(['istio-system/*', 'pay/billing.pay.svc.cluster.local', 'shop/*']);
    expect(ofKind(open, 'Sidecar').map((o) => o.metadata.namespace)).toEqual(['shop']);
    expect(ofKind(synthesizeMesh(smallMesh({ istio: { sidecarScoping: false } })).objects, 'Sidecar')).toEqual([]);
  });

  test('principals use the trust domain', () => {
    const { objects: objs } = synthesizeMesh(smallMesh({ trustDomain: 'prod.example.com' }));
    expect(find(objs, 'AuthorizationPolicy', 'api', 'shop').spec.rules[0].from[0].source.principals).toEqual(['prod.example.com/ns/shop/sa/web']);
  });
});

describe('NetworkPolicies', () => {
  const { objects } = synthesizeMesh(smallMesh({ monitoring: {} }));

  test('default deny per isolated namespace, with DNS, istiod and Prometheus opened narrowly', () => {
    const np = find(objects, 'NetworkPolicy', 'default-deny', 'shop').spec;
    expect(np.podSelector).toEqual({});
    expect(np.policyTypes).toEqual(['Ingress', 'Egress']);
    expect(np.egress).toEqual([
      { to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } }, podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } } }], ports: [{ protocol: 'UDP', port: 53 }, { protocol: 'TCP', port: 53 }] },
      { to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'istio-system' } }, podSelector: { matchLabels: { app: 'istiod' } } }], ports: [{ protocol: 'TCP', port: 15012 }] },
    ]);
    expect(np.ingress).toEqual([
      { from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' } }, podSelector: { matchLabels: { 'app.kubernetes.io/name': 'prometheus' } } }], ports: [{ protocol: 'TCP', port: 15020 }, { protocol: 'TCP', port: 15090 }] },
    ]);
  });

  test('both sides of an edge: ingress of the destination and egress of the caller', () => {
    const api = find(objects, 'NetworkPolicy', 'api', 'shop').spec;
    expect(api.podSelector).toEqual({ matchLabels: { app: 'api' } });
    expect(api.ingress).toEqual([{ from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'shop' } }, podSelector: { matchLabels: { app: 'web' } } }], ports: [{ protocol: 'TCP', port: 9000 }] }]);
    expect(api.egress).toEqual([{ to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'pay' } }, podSelector: { matchLabels: { app: 'billing' } } }], ports: [{ protocol: 'TCP', port: 7000 }] }]);
    expect(api.policyTypes).toEqual(['Ingress', 'Egress']);
    const web = find(objects, 'NetworkPolicy', 'web', 'shop').spec;
    expect(web.policyTypes).toEqual(['Egress']);
    expect(web.egress).toEqual([{ to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'shop' } }, podSelector: { matchLabels: { app: 'api' } } }], ports: [{ protocol: 'TCP', port: 9000 }] }]);
  });

  test('CIDR peers and declared egress', () => {
    const def = smallMesh();
    const objs = synthesizeMesh({
      ...def,
      workloads: [...def.workloads!.slice(0, 2), { ...def.workloads![2], ingress: [{ from: Peer.cidr('10.0.0.0/8', ['10.1.0.0/16']), ports: [7000] }], egress: [{ to: Peer.cidr('203.0.113.0/24'), ports: [443] }] }],
    }).objects;
    const np = find(objs, 'NetworkPolicy', 'billing', 'pay').spec;
    expect(np.ingress[0].from).toEqual([{ ipBlock: { cidr: '10.0.0.0/8', except: ['10.1.0.0/16'] } }]);
    expect(np.egress).toEqual([{ to: [{ ipBlock: { cidr: '203.0.113.0/24' } }], ports: [{ protocol: 'TCP', port: 443 }] }]);
    expect(find(objs, 'AuthorizationPolicy', 'billing', 'pay').spec.rules[0].from).toEqual([{ source: { ipBlocks: ['10.0.0.0/8'], notIpBlocks: ['10.1.0.0/16'] } }]);
  });

  test('networkPolicies: false emits none; istio: false emits no Istio objects', () => {
    expect(ofKind(synthesizeMesh(smallMesh({ networkPolicies: false })).objects, 'NetworkPolicy')).toEqual([]);
    const plain = synthesizeMesh(smallMesh({ istio: false })).objects;
    expect(plain.filter((o) => o.apiVersion.includes('istio.io'))).toEqual([]);
    expect(find(plain, 'Namespace', 'shop').metadata.labels).not.toHaveProperty('istio-injection');
    expect(ofKind(plain, 'NetworkPolicy').length).toBeGreaterThan(0);
  });
});

describe('monitoring', () => {
  test('certificate alerts guard against the unset 0 timestamp', () => {
    const { objects } = synthesizeMesh(smallMesh({ monitoring: { certificateAlerts: { expiringWithin: '168h', notReadyFor: '5m' } } }));
    const rules = find(objects, 'PrometheusRule', 'mesh-certificate-alerts', 'monitoring').spec.groups[0].rules;
    expect(rules.map((r: { alert: string }) => r.alert)).toEqual(['CertificateExpiringSoon', 'CertificateRenewalFailed']);
    expect(rules[0].expr).toBe('(certmanager_certificate_expiration_timestamp_seconds > 0) - time() < 604800');
    expect(rules[1]).toMatchObject({ expr: 'certmanager_certificate_ready_status{condition="False"} == 1', for: '5m' });
  });

  test('ruleLabels label the PrometheusRule so kube-prometheus-stack\'s ruleSelector (release: <name>) loads it', () => {
    const { objects } = synthesizeMesh(smallMesh({ monitoring: { ruleLabels: { release: 'kube-prometheus-stack' } } }));
    expect(find(objects, 'PrometheusRule', 'mesh-certificate-alerts', 'monitoring').metadata.labels).toEqual({
      release: 'kube-prometheus-stack', 'app.kubernetes.io/managed-by': 'secure-mesh',
    });
    expect(() => synthesizeMesh(smallMesh({ monitoring: { ruleLabels: { release: 'not a label value' } } }))).toThrow(/monitoring\.ruleLabels\.release/);
  });
});

describe('every emitted object', () => {
  test.each([
    ['small mesh', smallMesh({ monitoring: {} })],
    ['istio off', smallMesh({ istio: false })],
    ['permissive, namespace isolation', smallMesh({ namespaces: [{ name: 'shop', mtls: 'PERMISSIVE', isolation: 'namespace' }, { name: 'pay', isolation: 'none' }, { name: 'legacy', managed: false }] })],
  ])('%s passes strict schema and CEL validation', (_name, def) => {
    expect(validateObjects(synthesizeMesh(def).objects)).toEqual([]);
  });

  test('objects grow linearly: at most 3 per workload plus 6 per namespace plus a constant', () => {
    const namespaces = Array.from({ length: 10 }, (_, i) => ({ name: `ns${i}` }));
    const workloads = Array.from({ length: 200 }, (_, i) => ({
      name: `w${i}`, namespace: `ns${i % 10}`, ports: [{ name: 'http', port: 8080 }],
      tls: i % 5 === 0 ? {} : undefined,
      ingress: [{ from: [Peer.workload(`w${(i + 1) % 200}`, `ns${(i + 1) % 10}`), Peer.workload(`w${(i + 7) % 200}`, `ns${(i + 7) % 10}`)] }],
    }));
    const { objects } = synthesizeMesh({ namespaces, workloads });
    expect(objects.length).toBeLessThanOrEqual(3 * 200 + 6 * 10 + 10);
  });
});
