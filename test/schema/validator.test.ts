import { K8sObject } from '../../lib/k8s-object';
import { SchemaViolation, formatViolation, knownKind, knownKinds, validateObject, validateObjects } from '../../lib/checks/schema';
import { VALID, valid } from './fixtures';

function only(v: SchemaViolation[], kind?: SchemaViolation['kind']): SchemaViolation[] {
  return kind ? v.filter((x) => x.kind === kind) : v;
}

describe('valid objects', () => {
  it('has a fixture for every known kind (41 kinds: every served version)', () => {
    expect(knownKinds().sort()).toEqual(Object.keys(VALID).sort());
    expect(knownKinds()).toHaveLength(41);
  });

  it.each(Object.keys(VALID))('%s passes', (key) => {
    expect(validateObject(VALID[key])).toEqual([]);
  });

  it('validateObjects on all fixtures is clean', () => {
    expect(validateObjects(Object.values(VALID))).toEqual([]);
  });
});

describe('kinds', () => {
  it('knows every served version of the pinned kinds, and only those', () => {
    expect(knownKind('security.istio.io/v1', 'PeerAuthentication')).toBe(true);
    // Istio 1.30's CRDs serve v1beta1 (and networking v1alpha3) next to v1; v1alpha1 is not served.
    expect(knownKind('security.istio.io/v1beta1', 'PeerAuthentication')).toBe(true);
    expect(knownKind('networking.istio.io/v1alpha3', 'DestinationRule')).toBe(true);
    expect(knownKind('security.istio.io/v1alpha1', 'PeerAuthentication')).toBe(false);
    expect(knownKind('v1', 'Namespace')).toBe(true);
    // Kubernetes 1.28 serves autoscaling/v1 next to v2; apps/v1beta2 and extensions/v1beta1 are gone since 1.16.
    expect(knownKind('autoscaling/v1', 'HorizontalPodAutoscaler')).toBe(true);
    expect(knownKind('apps/v1beta2', 'Deployment')).toBe(false);
    expect(knownKind('extensions/v1beta1', 'Deployment')).toBe(false);
  });

  // Before, these versions were "not schema-checked" (info) and every typo passed.
  it.each([
    ['security.istio.io/v1beta1', 'PeerAuthentication', { mtls: { mode: 'STRCT' } }, 'spec.mtls.mode'],
    ['security.istio.io/v1beta1', 'AuthorizationPolicy', { action: 'ALLOW', rule: [{}] }, 'spec.rule'],
    ['networking.istio.io/v1alpha3', 'DestinationRule', { host: 'a', trafficPolicy: { tls: { mode: 'ISTIO_MUTAUL' } } }, 'spec.trafficPolicy.tls.mode'],
    ['networking.istio.io/v1beta1', 'Sidecar', { egres: [] }, 'spec.egres'],
    ['networking.istio.io/v1alpha3', 'Gateway', { servers: [{ port: { number: 443, protocol: 'HTTPS', name: 'https' }, hosts: ['*'], tls: { mode: 'SIMPLE', credentialName: 'c' }, bogus: 1 }] }, 'spec.servers[0].bogus'],
  ])('%s %s is checked against its schema (%s)', (apiVersion, kind, spec, path) => {
    const v = validateObject({ apiVersion, kind, metadata: { name: 'x', namespace: 'a' }, spec } as K8sObject);
    expect(v.map((x) => x.path)).toContain(path);
    expect(v.some((x) => x.kind === 'unknown-kind')).toBe(false);
  });

  it('a version no longer served names the versions to use', () => {
    const v = validateObject({ apiVersion: 'extensions/v1beta1', kind: 'Deployment', metadata: { name: 'd', namespace: 'a' } });
    expect(v).toEqual([expect.objectContaining({ kind: 'unknown-kind', message: expect.stringContaining('use apps/v1') })]);
  });

  it('reports an unknown apiVersion/kind', () => {
    const v = validateObject({ apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' } });
    expect(v).toEqual([expect.objectContaining({ kind: 'unknown-kind', object: 'Widget/w', path: '' })]);
  });
});

describe('structural schema', () => {
  it('rejects an unknown field with its path', () => {
    const pa = valid('security.istio.io/v1/PeerAuthentication');
    pa.spec.mtls.foo = 'bar';
    const v = validateObject(pa);
    expect(v).toEqual([
      {
        object: 'PeerAuthentication/payments/api',
        path: 'spec.mtls.foo',
        kind: 'unknown-field',
        message: 'spec.mtls.foo: unknown field (an API server would drop it silently)',
      },
    ]);
  });

  it('rejects unknown fields at the root, in metadata and inside arrays', () => {
    const gw = valid('networking.istio.io/v1/Gateway');
    gw.extra = 1;
    gw.metadata.labelz = { a: 'b' };
    gw.spec.servers[1].tls.credentialNamez = ['x'];
    const paths = only(validateObject(gw), 'unknown-field').map((x) => x.path).sort();
    expect(paths).toEqual(['extra', 'metadata.labelz', 'spec.servers[1].tls.credentialNamez']);
  });

  it('rejects unknown fields in core kinds (e.g. a typo in a container)', () => {
    const d = valid('apps/v1/Deployment');
    d.spec.template.spec.containers[0].imagePullPolice = 'Always';
    expect(only(validateObject(d), 'unknown-field').map((x) => x.path)).toEqual(['spec.template.spec.containers[0].imagePullPolice']);
  });

  it('accepts unknown fields under x-kubernetes-preserve-unknown-fields', () => {
    // InferenceService predictor containers etc. are typed; but PrometheusRule has none, so use a map-typed field:
    const cm = valid('v1/ConfigMap');
    cm.data['any.key'] = 'value';
    expect(validateObject(cm)).toEqual([]);
  });

  it('reports a wrong enum value with the allowed values', () => {
    const pa = valid('security.istio.io/v1/PeerAuthentication');
    pa.spec.mtls.mode = 'STRCT';
    expect(validateObject(pa)).toEqual([
      {
        object: 'PeerAuthentication/payments/api',
        path: 'spec.mtls.mode',
        kind: 'enum',
        message: 'spec.mtls.mode: must be one of UNSET, DISABLE, PERMISSIVE, STRICT (got "STRCT")',
      },
    ]);
  });

  it('reports a missing required field', () => {
    const c = valid('cert-manager.io/v1/Certificate');
    delete c.spec.issuerRef;
    expect(only(validateObject(c))).toEqual([
      expect.objectContaining({ kind: 'required', path: 'spec.issuerRef', message: 'spec.issuerRef: required field missing' }),
    ]);
  });

  it('reports a wrong type', () => {
    const dr = valid('networking.istio.io/v1/DestinationRule');
    dr.spec.trafficPolicy.connectionPool.tcp.maxConnections = '100';
    const v = validateObject(dr);
    expect(v).toEqual([expect.objectContaining({ kind: 'type', path: 'spec.trafficPolicy.connectionPool.tcp.maxConnections' })]);
    expect(v[0].message).toBe('spec.trafficPolicy.connectionPool.tcp.maxConnections: must be integer (got string "100")');
  });

  it('accepts integer or string for int-or-string fields, and nothing else', () => {
    const svc = valid('v1/Service');
    svc.spec.ports[0].targetPort = 8080;
    expect(validateObject(svc)).toEqual([]);
    svc.spec.ports[0].targetPort = true;
    expect(validateObject(svc)).toEqual([
      expect.objectContaining({ kind: 'type', path: 'spec.ports[0].targetPort', message: 'spec.ports[0].targetPort: must be string or integer (got boolean true)' }),
    ]);
    const ap = valid('security.istio.io/v1/AuthorizationPolicy');
    expect(validateObject(ap)).toEqual([]);
  });

  it('accepts Quantity as string or number', () => {
    const pod = valid('v1/Pod');
    pod.spec.containers[0].resources.limits.cpu = 2;
    expect(validateObject(pod)).toEqual([]);
    pod.spec.containers[0].resources.limits.cpu = { cores: 2 };
    expect(only(validateObject(pod), 'type').map((x) => x.path)).toEqual(['spec.containers[0].resources.limits.cpu']);
  });

  it('reports a pattern violation', () => {
    const rule = valid('monitoring.coreos.com/v1/PrometheusRule');
    rule.spec.groups[0].partial_response_strategy = 'ignore';
    expect(validateObject(rule)).toEqual([expect.objectContaining({ kind: 'pattern', path: 'spec.groups[0].partial_response_strategy' })]);
    rule.spec.groups[0].partial_response_strategy = 'WARN'; // Go (?i) flag is honoured
    expect(validateObject(rule)).toEqual([]);
  });

  it('describes Istio mutual-exclusion oneOfs readably', () => {
    const dr = valid('networking.istio.io/v1/DestinationRule');
    dr.spec.trafficPolicy.loadBalancer = { simple: 'ROUND_ROBIN' };
    expect(validateObject(dr)).toEqual([]);
    dr.spec.trafficPolicy.loadBalancer = { simple: 'ROUND_ROBIN', consistentHash: { httpHeaderName: 'x-user' } };
    expect(validateObject(dr)).toEqual([
      {
        object: 'DestinationRule/payments/api',
        path: 'spec.trafficPolicy.loadBalancer',
        kind: 'other',
        message: 'spec.trafficPolicy.loadBalancer: at most one of simple, consistentHash may be set (got simple, consistentHash)',
      },
    ]);
  });

  it('reports list-type=map duplicates', () => {
    const rule = valid('monitoring.coreos.com/v1/PrometheusRule');
    rule.spec.groups.push(structuredClone(rule.spec.groups[0]));
    expect(validateObject(rule)).toEqual([expect.objectContaining({ kind: 'other', path: 'spec.groups[1]' })]);
  });
});

describe('metadata', () => {
  it('NetworkPolicy without spec.podSelector: required', () => {
    const np = valid('networking.k8s.io/v1/NetworkPolicy');
    delete np.spec.podSelector;
    expect(validateObject(np)).toEqual([
      {
        object: 'NetworkPolicy/payments/api-ingress',
        path: 'spec.podSelector',
        kind: 'required',
        message: 'spec.podSelector: required field missing',
      },
    ]);
  });

  it('rejects a bad label value and a bad label key', () => {
    const cm = valid('v1/ConfigMap');
    cm.metadata.labels = { app: 'has spaces', 'example.com/ok': 'x', 'Bad_Prefix/x': 'y', long: 'a'.repeat(64) };
    const v = validateObject(cm);
    expect(v.map((x) => [x.kind, x.path])).toEqual([
      ['pattern', 'metadata.labels.app'],
      ['pattern', 'metadata.labels["Bad_Prefix/x"]'],
      ['pattern', 'metadata.labels.long'],
    ]);
    expect(v[0].message).toContain('invalid label value "has spaces"');
    expect(v[2].message).toContain('no more than 63 characters');
  });

  it('rejects a label value that is not a string (schema)', () => {
    const cm = valid('v1/ConfigMap');
    cm.metadata.labels = { replicas: 3 };
    expect(validateObject(cm)).toEqual([expect.objectContaining({ kind: 'type', path: 'metadata.labels.replicas' })]);
  });

  it('rejects a Namespace with an invalid name', () => {
    const v = validateObject({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'Payments.Team' } });
    expect(v).toEqual([expect.objectContaining({ kind: 'pattern', path: 'metadata.name', object: 'Namespace/Payments.Team' })]);
    expect(v[0].message).toMatch(/^metadata\.name: must be a DNS-1123 label/);
    // A dotted name is a fine subdomain for most kinds, but not a label:
    expect(validateObject({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'a.b' } })).toHaveLength(1);
    expect(validateObject({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a.b', namespace: 'x' } })).toEqual([]);
  });

  it('requires metadata.name, checks length and namespace', () => {
    expect(validateObject({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { namespace: 'x' } } as unknown as K8sObject)).toEqual([
      expect.objectContaining({ kind: 'required', path: 'metadata.name' }),
    ]);
    expect(validateObject({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a'.repeat(254), namespace: 'x' } })).toEqual([
      expect.objectContaining({ kind: 'pattern', path: 'metadata.name' }),
    ]);
    expect(validateObject({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a', namespace: 'X_Y' } })).toEqual([
      expect.objectContaining({ kind: 'pattern', path: 'metadata.namespace' }),
    ]);
  });

  it('allows RBAC names with colons but not slashes', () => {
    const cr = valid('rbac.authorization.k8s.io/v1/ClusterRole');
    expect(validateObject(cr)).toEqual([]);
    cr.metadata.name = 'a/b';
    expect(validateObject(cr)).toEqual([expect.objectContaining({ kind: 'pattern', path: 'metadata.name' })]);
  });

  it('limits annotations to 256 KiB of key characters plus UTF-8 value bytes, exactly at the limit', () => {
    const limit = 256 * 1024;
    const at = (valueBytes: string, keys = 'a'): K8sObject => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', namespace: 'x', annotations: { [keys]: valueBytes } } });
    // 'é' is 2 UTF-8 bytes, '😀' 4 (two UTF-16 units): the cheap bound (3 bytes per unit) exceeds the limit, the count not.
    const twoByte = 'é'.repeat((limit - 1) / 2 - 0.5);
    expect(validateObject(at(twoByte + 'x'))).toEqual([]);
    expect(validateObject(at(twoByte + 'xy'))).toEqual([
      expect.objectContaining({ kind: 'other', path: 'metadata.annotations', message: `metadata.annotations: total size ${limit + 1} B exceeds 262144 B` }),
    ]);
    const fourByte = '😀'.repeat((limit - 1 - 3) / 4);
    expect(validateObject(at(`${fourByte}abc`))).toEqual([]);
    expect(validateObject(at(`${fourByte}abcd`))).toHaveLength(1);
    // Well under the bound: no byte count needed, and none reported.
    expect(validateObject(at('v'.repeat(80_000)))).toEqual([]);
  });

  it('reports the same key problem on every object that repeats the key (key checks are remembered)', () => {
    const bad = (name: string): K8sObject => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: 'x', labels: { 'Bad_Prefix/x': 'y', ok: 'v' }, annotations: { '-bad': 'z' } } });
    const v = validateObjects([bad('a'), bad('b'), bad('c')]);
    expect(v.map((x) => `${x.object} ${x.path}`)).toEqual([
      'ConfigMap/x/a metadata.labels["Bad_Prefix/x"]', 'ConfigMap/x/a metadata.annotations["-bad"]',
      'ConfigMap/x/b metadata.labels["Bad_Prefix/x"]', 'ConfigMap/x/b metadata.annotations["-bad"]',
      'ConfigMap/x/c metadata.labels["Bad_Prefix/x"]', 'ConfigMap/x/c metadata.annotations["-bad"]',
    ]);
    expect(new Set(v.filter((x) => x.path.startsWith('metadata.labels')).map((x) => x.message)).size).toBe(1);
  });

  it('validates nested ObjectMeta structurally (pod template labels must be strings)', () => {
    const d = valid('apps/v1/Deployment');
    d.spec.template.metadata.labels = { app: 'api', version: 2 };
    expect(validateObject(d)).toEqual([expect.objectContaining({ kind: 'type', path: 'spec.template.metadata.labels.version' })]);
  });
});

describe('CEL rules from the real CRDs', () => {
  it('PeerAuthentication: portLevelMtls requires selector', () => {
    const pa = valid('security.istio.io/v1/PeerAuthentication');
    delete pa.spec.selector;
    expect(validateObject(pa)).toEqual([
      { object: 'PeerAuthentication/payments/api', path: 'spec', kind: 'cel', message: 'spec: portLevelMtls requires selector' },
    ]);
    pa.spec.selector = { matchLabels: {} };
    expect(validateObject(pa).map((x) => x.message)).toEqual(['spec: portLevelMtls requires selector']);
    pa.spec.selector = { matchLabels: { app: 'api' } };
    expect(validateObject(pa)).toEqual([]);
  });

  it('PeerAuthentication: port keys must be 1-65535', () => {
    const pa = valid('security.istio.io/v1/PeerAuthentication');
    pa.spec.portLevelMtls = { '70000': { mode: 'STRICT' } };
    expect(validateObject(pa)).toEqual([expect.objectContaining({ kind: 'cel', path: 'spec.portLevelMtls', message: 'spec.portLevelMtls: port must be between 1-65535' })]);
  });

  it('AuthorizationPolicy: selector and targetRef are exclusive', () => {
    const ap = valid('security.istio.io/v1/AuthorizationPolicy');
    ap.spec.targetRef = { group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'gw' };
    expect(validateObject(ap)).toEqual([
      expect.objectContaining({ kind: 'cel', path: 'spec', message: 'spec: only one of targetRefs or selector can be set' }),
    ]);
    delete ap.spec.selector;
    expect(validateObject(ap)).toEqual([]);
  });

  it('AuthorizationPolicy: serviceAccounts cannot be combined with principals', () => {
    const ap = valid('security.istio.io/v1/AuthorizationPolicy');
    ap.spec.rules[0].from[1].source.principals = ['x'];
    expect(validateObject(ap)).toEqual([
      expect.objectContaining({ kind: 'cel', path: 'spec.rules[0].from[1].source', message: 'spec.rules[0].from[1].source: Cannot set serviceAccounts with namespaces or principals' }),
    ]);
  });

  it('Gateway: credentialName and credentialNames are exclusive', () => {
    const gw = valid('networking.istio.io/v1/Gateway');
    gw.spec.servers[0].tls.credentialNames = ['other'];
    expect(validateObject(gw)).toEqual([
      expect.objectContaining({ kind: 'cel', path: 'spec.servers[0].tls', message: 'spec.servers[0].tls: only one of credentialName or credentialNames can be set' }),
    ]);
  });

  it('Bundle: a source sets exactly one of configMap/secret/inLine/useDefaultCAs', () => {
    const b = valid('trust.cert-manager.io/v1alpha1/Bundle');
    b.spec.sources[1].configMap = { name: 'roots', key: 'ca.crt' };
    expect(validateObject(b)).toEqual([
      expect.objectContaining({
        kind: 'cel',
        path: 'spec.sources[1]',
        message: 'spec.sources[1]: exactly one of the fields in [configMap secret inLine useDefaultCAs] must be set',
      }),
    ]);
    delete b.spec.sources[1].secret;
    expect(validateObject(b)).toEqual([]);
  });

  it('Bundle: target needs configMap or secret', () => {
    const b = valid('trust.cert-manager.io/v1alpha1/Bundle');
    b.spec.target = {};
    expect(validateObject(b).map((x) => x.message)).toEqual(['spec.target: at least one of the fields in [configMap secret] must be set']);
  });

  it('DestinationRule: connectTimeout "0s" is rejected, "1ms" accepted', () => {
    const dr = valid('networking.istio.io/v1/DestinationRule');
    dr.spec.trafficPolicy.connectionPool.tcp.connectTimeout = '0s';
    expect(validateObject(dr)).toEqual([
      {
        object: 'DestinationRule/payments/api',
        path: 'spec.trafficPolicy.connectionPool.tcp.connectTimeout',
        kind: 'cel',
        message: 'spec.trafficPolicy.connectionPool.tcp.connectTimeout: must be a valid duration greater than 1ms',
      },
    ]);
    dr.spec.trafficPolicy.connectionPool.tcp.connectTimeout = '1ms';
    expect(validateObject(dr)).toEqual([]);
  });

  it('DestinationRule: rules inside arrays and maps (subsets[].trafficPolicy, workloadSelector.matchLabels values)', () => {
    const dr = valid('networking.istio.io/v1/DestinationRule');
    dr.spec.subsets[0].trafficPolicy.connectionPool.http.idleTimeout = '0s';
    dr.spec.workloadSelector.matchLabels = { app: 'web*' };
    expect(validateObject(dr).map((x) => `${x.kind} ${x.path}`).sort()).toEqual([
      'cel spec.subsets[0].trafficPolicy.connectionPool.http.idleTimeout',
      'cel spec.workloadSelector.matchLabels.app',
    ]);
  });

  it('Issuer: venafi needs exactly one of tpp/cloud/ngts', () => {
    const iss = valid('cert-manager.io/v1/Issuer');
    iss.spec = { venafi: { zone: 'z' } };
    const v = validateObject(iss);
    expect(v.filter((x) => x.kind === 'cel').map((x) => x.message)).toEqual(['spec.venafi: exactly one of tpp, cloud, or ngts must be configured']);
  });
});

describe('reporting', () => {
  it('formats a violation with its object', () => {
    const pa = valid('security.istio.io/v1/PeerAuthentication');
    pa.spec.mtls.mode = 'NOPE';
    expect(formatViolation(validateObject(pa)[0])).toBe(
      'PeerAuthentication/payments/api: spec.mtls.mode: must be one of UNSET, DISABLE, PERMISSIVE, STRICT (got "NOPE")',
    );
  });

  it('validateObjects concatenates per-object results in order', () => {
    const a = valid('v1/Namespace');
    a.metadata.name = 'Bad';
    const b = valid('v1/ConfigMap');
    b.bogus = true;
    const v = validateObjects([a, VALID['v1/Secret'], b]);
    expect(v.map((x) => x.object)).toEqual(['Namespace/Bad', 'ConfigMap/payments/api-config']);
  });
});

describe('absent values', () => {
  it('treats undefined and null (non-nullable) fields as absent, like JSON serialization and the API server', () => {
    const cm = {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'a', namespace: undefined, creationTimestamp: null, labels: { a: undefined } },
      data: { x: 'y' },
      binaryData: undefined,
      bogus: undefined,
    } as unknown as K8sObject;
    expect(validateObject(cm)).toEqual([]);
    const pa = valid('security.istio.io/v1/PeerAuthentication');
    pa.spec.portLevelMtls = undefined;
    pa.spec.selector = undefined;
    expect(validateObject(pa)).toEqual([]);
  });

  it('still reports a required field whose value is undefined', () => {
    const np = valid('networking.k8s.io/v1/NetworkPolicy');
    np.spec.podSelector = undefined;
    expect(validateObject(np)).toEqual([expect.objectContaining({ kind: 'required', path: 'spec.podSelector' })]);
  });
});
