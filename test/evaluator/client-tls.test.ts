import { clientTls, evaluate, findDestinationRule, mtlsLayer } from './index';
import { cluster, dr, pa, pod, req } from './fixtures';

const caller = pod('shop', 'web');
const api = pod('backend', 'api');
const legacy = pod('legacy', 'db', { sidecar: false });
const strictMesh = pa('istio-system', 'default', { mtls: { mode: 'STRICT' } });

describe('client TLS (DestinationRule / auto mTLS)', () => {
  test('caller without sidecar sends plaintext (NONE)', () => {
    expect(clientTls(cluster([]), { ...caller, sidecar: false }, api, 8080)).toBe('NONE');
  });

  test('no DR, sidecar destination → auto mTLS ISTIO_MUTUAL', () => {
    expect(clientTls(cluster([]), caller, api, 8080)).toBe('ISTIO_MUTUAL');
  });

  test('no DR, destination without sidecar → auto mTLS sends plaintext and the call succeeds', () => {
    const c = cluster([strictMesh]);
    expect(clientTls(c, caller, legacy, 5432)).toBe('DISABLE');
    expect(evaluate(c, req(caller, legacy, 5432))).toMatchObject({ allowed: true, layer: 'ok' });
  });

  test('no DR, destination port in DISABLE mode → auto mTLS sends plaintext', () => {
    const c = cluster([pa('backend', 'api', { selector: { matchLabels: { app: 'api' } }, portLevelMtls: { 8080: { mode: 'DISABLE' } } })]);
    expect(clientTls(c, caller, api, 8080)).toBe('DISABLE');
    expect(clientTls(c, caller, api, 9090)).toBe('ISTIO_MUTUAL');
  });

  test('DR tls: {} means DISABLE → STRICT server refuses', () => {
    const c = cluster([strictMesh, dr('backend', 'api', { host: 'api.backend.svc.cluster.local', trafficPolicy: { tls: {} } })]);
    expect(clientTls(c, caller, api, 8080)).toBe('DISABLE');
    const v = evaluate(c, req(caller, api));
    expect(v).toMatchObject({ allowed: false, layer: 'mtls' });
    expect(v.reasons.join('\n')).toContain('mode absent = DISABLE');
  });

  test('DR tls: {sni: x} without mode is also DISABLE', () => {
    const c = cluster([dr('backend', 'api', { host: 'api', trafficPolicy: { tls: { sni: 'api.example' } } })]);
    expect(clientTls(c, caller, api, 8080)).toBe('DISABLE');
  });

  test('explicit ISTIO_MUTUAL (*.local, root namespace) to a pod without sidecar fails', () => {
    const c = cluster([dr('istio-system', 'mesh-mtls', { host: '*.local', trafficPolicy: { tls: { mode: 'ISTIO_MUTUAL' } } })]);
    expect(clientTls(c, caller, legacy, 5432)).toBe('ISTIO_MUTUAL');
    const v = evaluate(c, req(caller, legacy, 5432));
    expect(v).toMatchObject({ allowed: false, layer: 'mtls' });
  });

  test('DR without tls → auto mTLS (no inheritance from a wildcard DR elsewhere)', () => {
    const c = cluster([
      dr('istio-system', 'mesh', { host: '*.local', trafficPolicy: { tls: { mode: 'ISTIO_MUTUAL' } } }),
      dr('legacy', 'db', { host: 'db', trafficPolicy: { connectionPool: { tcp: { maxConnections: 10 } } } }),
    ]);
    expect(clientTls(c, caller, legacy, 5432)).toBe('DISABLE');
  });

  test('lookup order: caller namespace DR beats destination and root namespace DRs', () => {
    const c = cluster([
      dr('shop', 'mine', { host: 'api.backend.svc.cluster.local', trafficPolicy: { tls: { mode: 'SIMPLE' } } }),
      dr('backend', 'theirs', { host: 'api', trafficPolicy: { tls: { mode: 'DISABLE' } } }),
      dr('istio-system', 'root', { host: '*', trafficPolicy: { tls: { mode: 'ISTIO_MUTUAL' } } }),
    ]);
    expect(findDestinationRule(c, caller, api)?.metadata.name).toBe('mine');
    expect(clientTls(c, caller, api, 8080)).toBe('SIMPLE');
  });

  test('exportTo "." hides a DR from other namespaces; lookup falls through to the root namespace', () => {
    const c = cluster([
      dr('backend', 'private', { host: 'api', exportTo: ['.'], trafficPolicy: { tls: { mode: 'DISABLE' } } }),
      dr('istio-system', 'root', { host: '*.svc.cluster.local', trafficPolicy: { tls: { mode: 'ISTIO_MUTUAL' } } }),
    ]);
    expect(findDestinationRule(c, caller, api)?.metadata.name).toBe('root');
    expect(findDestinationRule(c, pod('backend', 'peer'), api)?.metadata.name).toBe('private');
  });

  test('short host is relative to the DR namespace (host "api" in shop does not match api.backend)', () => {
    const c = cluster([dr('shop', 'wrong', { host: 'api', trafficPolicy: { tls: { mode: 'DISABLE' } } })]);
    expect(findDestinationRule(c, caller, api)).toBeUndefined();
  });

  test('most specific host wins within a namespace', () => {
    const c = cluster([
      dr('istio-system', 'all', { host: '*', trafficPolicy: { tls: { mode: 'DISABLE' } } }),
      dr('istio-system', 'svc', { host: '*.svc.cluster.local', trafficPolicy: { tls: { mode: 'ISTIO_MUTUAL' } } }),
      dr('istio-system', 'local', { host: '*.local', trafficPolicy: { tls: { mode: 'SIMPLE' } } }),
    ]);
    expect(findDestinationRule(c, caller, api)?.metadata.name).toBe('svc');
  });

  test('portLevelSettings tls replaces the top-level tls for that port only', () => {
    const c = cluster([dr('backend', 'api', {
      host: 'api',
      trafficPolicy: { tls: { mode: 'ISTIO_MUTUAL' }, portLevelSettings: [{ port: { number: 9090 }, tls: { mode: 'DISABLE' } }] },
    })]);
    expect(clientTls(c, caller, api, 9090)).toBe('DISABLE');
    expect(clientTls(c, caller, api, 8080)).toBe('ISTIO_MUTUAL');
  });

  test('workloadSelector DR applies only to matching callers in its namespace', () => {
    const c = cluster([dr('shop', 'web-only', { host: 'api.backend.svc.cluster.local', workloadSelector: { matchLabels: { app: 'web' } }, exportTo: ['.'], trafficPolicy: { tls: { mode: 'DISABLE' } } })]);
    expect(clientTls(c, caller, api, 8080)).toBe('DISABLE');
    expect(clientTls(c, pod('shop', 'cart'), api, 8080)).toBe('ISTIO_MUTUAL');
  });

  test('SIMPLE with credentialName and no workloadSelector → no TLS context at a sidecar → plaintext', () => {
    const c = cluster([dr('shop', 'ext', { host: 'api.backend.svc.cluster.local', trafficPolicy: { tls: { mode: 'SIMPLE', credentialName: 'ca' } } })]);
    expect(clientTls(c, caller, api, 8080)).toBe('DISABLE');
  });
});

describe('mTLS combination', () => {
  test('STRICT server: plaintext caller without sidecar is refused', () => {
    const c = cluster([strictMesh]);
    const r = mtlsLayer(c, req({ ...caller, sidecar: false }, api));
    expect(r.allowed).toBe(false);
  });

  test('PERMISSIVE server: plaintext accepted without peer identity; mTLS gives principal', () => {
    const plain = mtlsLayer(cluster([]), req({ ...caller, sidecar: false }, api));
    expect(plain).toMatchObject({ allowed: true, peer: { mtls: false } });
    const m = mtlsLayer(cluster([]), req(caller, api));
    expect(m.peer).toEqual({ mtls: true, principal: 'cluster.local/ns/shop/sa/web', namespace: 'shop' });
  });

  test('DISABLE server refuses explicit ISTIO_MUTUAL', () => {
    const c = cluster([
      pa('backend', 'default', { mtls: { mode: 'DISABLE' } }),
      dr('backend', 'api', { host: 'api', trafficPolicy: { tls: { mode: 'ISTIO_MUTUAL' } } }),
    ]);
    expect(mtlsLayer(c, req(caller, api)).allowed).toBe(false);
  });

  test('SIMPLE (user TLS) towards a STRICT sidecar is not Istio mTLS → refused', () => {
    const c = cluster([strictMesh, dr('backend', 'api', { host: 'api', trafficPolicy: { tls: { mode: 'SIMPLE' } } })]);
    expect(mtlsLayer(c, req(caller, api)).allowed).toBe(false);
  });

  test('custom trust domain appears in the principal', () => {
    const m = mtlsLayer(cluster([], [], { trustDomain: 'example.org' }), req(caller, api));
    expect(m.peer.principal).toBe('example.org/ns/shop/sa/web');
  });
});
