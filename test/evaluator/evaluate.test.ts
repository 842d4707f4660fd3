import { evaluate, ipInCidr, istioStringMatch, pathMatch } from './index';
import { ap, cluster, dr, np, pa, pod, req } from './fixtures';

const web = pod('shop', 'web');
const api = pod('backend', 'api');

describe('evaluate()', () => {
  test('empty cluster: allowed, layer ok', () => {
    expect(evaluate(cluster([]), req(web, api))).toMatchObject({ allowed: true, layer: 'ok' });
  });

  test('network layer is checked first and reported', () => {
    const c = cluster([np('backend', 'deny', { podSelector: {}, policyTypes: ['Ingress'] }), ap('backend', 'allow-nothing', {})]);
    const v = evaluate(c, req(web, api));
    expect(v).toMatchObject({ allowed: false, layer: 'network' });
    expect(v.reasons.join('\n')).toContain('NetworkPolicy/backend/deny');
  });

  test('mTLS layer before authorization', () => {
    const c = cluster([pa('istio-system', 'default', { mtls: { mode: 'STRICT' } }), ap('backend', 'allow-nothing', {})]);
    expect(evaluate(c, req({ ...web, sidecar: false }, api))).toMatchObject({ allowed: false, layer: 'mtls' });
    expect(evaluate(c, req(web, api))).toMatchObject({ allowed: false, layer: 'authorization' });
  });

  test('full secure path: STRICT + DR ISTIO_MUTUAL + ALLOW on principal + NetworkPolicy', () => {
    const c = cluster([
      np('backend', 'api', { podSelector: { matchLabels: { app: 'api' } }, ingress: [{ from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'shop' } }, podSelector: { matchLabels: { app: 'web' } } }], ports: [{ port: 8080 }] }] }),
      pa('istio-system', 'default', { mtls: { mode: 'STRICT' } }),
      dr('istio-system', 'default', { host: '*.local', trafficPolicy: { tls: { mode: 'ISTIO_MUTUAL' } } }),
      ap('backend', 'api', { selector: { matchLabels: { app: 'api' } }, rules: [{ from: [{ source: { principals: ['cluster.local/ns/shop/sa/web'] } }] }] }),
    ]);
    const v = evaluate(c, req(web, api));
    expect(v).toMatchObject({ allowed: true, layer: 'ok' });
    expect(v.reasons).toContain('AuthorizationPolicy/backend/api ALLOW rules[0] matched');
    expect(evaluate(c, req(pod('shop', 'cart'), api))).toMatchObject({ allowed: false, layer: 'network' });
    expect(evaluate(c, req(web, api, 9090))).toMatchObject({ allowed: false, layer: 'network' });
  });

  test('neither side has a sidecar: only NetworkPolicy matters', () => {
    const c = cluster([pa('istio-system', 'default', { mtls: { mode: 'STRICT' } }), ap('backend', 'allow-nothing', {})]);
    expect(evaluate(c, req({ ...web, sidecar: false }, { ...api, sidecar: false }))).toMatchObject({ allowed: true, layer: 'ok' });
  });
});

describe('matching helpers', () => {
  test('istio string match: exact, prefix, suffix, presence; absent value never matches', () => {
    expect(istioStringMatch('abc', 'abc')).toBe(true);
    expect(istioStringMatch('ab*', 'abc')).toBe(true);
    expect(istioStringMatch('*bc', 'abc')).toBe(true);
    expect(istioStringMatch('*', 'x')).toBe(true);
    expect(istioStringMatch('*', undefined)).toBe(false);
    expect(istioStringMatch('abd', 'abc')).toBe(false);
  });

  test('path templates', () => {
    expect(pathMatch('/a/{*}/c', '/a/b/c')).toBe(true);
    expect(pathMatch('/a/{*}/c', '/a//c')).toBe(false);
    expect(pathMatch('/a/{**}', '/a/b/c/d')).toBe(true);
    expect(pathMatch('/a.b/{*}', '/aXb/x')).toBe(false);
  });

  test('CIDR matching IPv4 / IPv6 / bare address', () => {
    expect(ipInCidr('10.1.2.3', '10.0.0.0/8')).toBe(true);
    expect(ipInCidr('11.1.2.3', '10.0.0.0/8')).toBe(false);
    expect(ipInCidr('10.1.2.3', '10.1.2.3')).toBe(true);
    expect(ipInCidr('10.1.2.3', '0.0.0.0/0')).toBe(true);
    expect(ipInCidr('fd00::1', 'fd00::/8')).toBe(true);
    expect(ipInCidr('::ffff:10.0.0.1', '::ffff:10.0.0.0/120')).toBe(true);
    expect(ipInCidr('10.0.0.1', 'fd00::/8')).toBe(false);
  });
});
