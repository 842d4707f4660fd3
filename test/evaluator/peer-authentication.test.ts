import { effectiveMtlsMode, explainMtlsMode } from './index';
import { cluster, pa, pod } from './fixtures';

const web = pod('shop', 'web');
const strict = { mtls: { mode: 'STRICT' } };
const permissive = { mtls: { mode: 'PERMISSIVE' } };

describe('PeerAuthentication effective mode', () => {
  test('no PeerAuthentication at all → PERMISSIVE', () => {
    expect(effectiveMtlsMode(cluster([]), web, 8080)).toBe('PERMISSIVE');
  });

  test('mesh-wide STRICT (selector-less PA in istio-system) applies to every namespace', () => {
    const c = cluster([pa('istio-system', 'default', strict)]);
    expect(effectiveMtlsMode(c, web, 8080)).toBe('STRICT');
    expect(effectiveMtlsMode(c, pod('other', 'x'), 80)).toBe('STRICT');
  });

  test('mesh-wide STRICT with a namespace-level PERMISSIVE override', () => {
    const c = cluster([pa('istio-system', 'default', strict), pa('shop', 'default', permissive)]);
    expect(effectiveMtlsMode(c, web, 8080)).toBe('PERMISSIVE');
    expect(effectiveMtlsMode(c, pod('other', 'x'), 8080)).toBe('STRICT');
  });

  test('custom rootNamespace is honoured', () => {
    const c = cluster([pa('mesh-root', 'default', strict), pa('istio-system', 'default', { mtls: { mode: 'DISABLE' } })], [], { rootNamespace: 'mesh-root' });
    expect(effectiveMtlsMode(c, web, 8080)).toBe('STRICT');
    expect(effectiveMtlsMode(c, pod('istio-system', 'x'), 8080)).toBe('DISABLE'); // namespace level there
  });

  test('workload override with portLevelMtls (docs: STRICT workload, port 8080 DISABLE)', () => {
    const c = cluster([
      pa('istio-system', 'default', strict),
      pa('shop', 'web', { selector: { matchLabels: { app: 'web' } }, mtls: { mode: 'STRICT' }, portLevelMtls: { 8080: { mode: 'DISABLE' } } }),
    ]);
    expect(effectiveMtlsMode(c, web, 8080)).toBe('DISABLE');
    expect(effectiveMtlsMode(c, web, 9090)).toBe('STRICT');
    expect(explainMtlsMode(c, web, 8080).reason).toContain('PeerAuthentication/shop/web portLevelMtls[8080]');
  });

  test('UNSET inherits: workload UNSET keeps namespace mode, port-level UNSET keeps workload mode', () => {
    const c = cluster([
      pa('shop', 'ns', { mtls: { mode: 'DISABLE' } }),
      pa('shop', 'web', { selector: { matchLabels: { app: 'web' } }, mtls: { mode: 'UNSET' }, portLevelMtls: { 8080: { mode: 'UNSET' }, 9000: { mode: 'STRICT' } } }),
    ]);
    expect(effectiveMtlsMode(c, web, 8080)).toBe('DISABLE');
    expect(effectiveMtlsMode(c, web, 9000)).toBe('STRICT');
  });

  test('absent mtls is UNSET: a namespace PA without mtls inherits mesh STRICT', () => {
    const c = cluster([pa('istio-system', 'default', strict), pa('shop', 'default', {})]);
    expect(effectiveMtlsMode(c, web, 80)).toBe('STRICT');
  });

  test('two namespace-level PAs → the oldest by creationTimestamp wins', () => {
    const c = cluster([
      pa('shop', 'b-newer', strict, { creationTimestamp: '2024-02-01T00:00:00Z' }),
      pa('shop', 'z-older', { mtls: { mode: 'DISABLE' } }, { creationTimestamp: '2024-01-01T00:00:00Z' }),
    ]);
    expect(effectiveMtlsMode(c, web, 80)).toBe('DISABLE');
  });

  test('two namespace-level PAs without timestamps → name ascending wins', () => {
    const c = cluster([pa('shop', 'b', strict), pa('shop', 'a', { mtls: { mode: 'DISABLE' } })]);
    expect(effectiveMtlsMode(c, web, 80)).toBe('DISABLE');
  });

  test('root-namespace PA with a selector is ignored (even for root-namespace pods)', () => {
    const c = cluster([pa('istio-system', 'sel', { selector: { matchLabels: { app: 'web' } }, mtls: { mode: 'STRICT' } })]);
    expect(effectiveMtlsMode(c, web, 80)).toBe('PERMISSIVE');
    expect(effectiveMtlsMode(c, pod('istio-system', 'web'), 80)).toBe('PERMISSIVE');
  });

  test('matchLabels {} counts as no selector (namespace-wide)', () => {
    const c = cluster([pa('shop', 'empty', { selector: { matchLabels: {} }, mtls: { mode: 'STRICT' } })]);
    expect(effectiveMtlsMode(c, pod('shop', 'anything'), 80)).toBe('STRICT');
  });

  test('workload PA whose selector does not match the pod does not apply; other namespace PAs do not apply', () => {
    const c = cluster([
      pa('shop', 'db', { selector: { matchLabels: { app: 'db' } }, mtls: { mode: 'STRICT' } }),
      pa('other', 'default', strict),
    ]);
    expect(effectiveMtlsMode(c, web, 80)).toBe('PERMISSIVE');
  });

  test('v1beta1 PeerAuthentication is read as well', () => {
    const c = cluster([{ apiVersion: 'security.istio.io/v1beta1', kind: 'PeerAuthentication', metadata: { name: 'd', namespace: 'shop' }, spec: strict }]);
    expect(effectiveMtlsMode(c, web, 80)).toBe('STRICT');
  });
});
