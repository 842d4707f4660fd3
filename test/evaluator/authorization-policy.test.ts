import { authorizationAllows, evaluate } from './index';
import { ap, cluster, pa, pod, req } from './fixtures';

const caller = pod('shop', 'web', { ip: '10.0.0.5' });
const api = pod('backend', 'api', { ip: '10.0.1.9' });
const mtlsPeer = { mtls: true, principal: 'cluster.local/ns/shop/sa/web', namespace: 'shop' };
const plain = { mtls: false };
const http = (path: string, method = 'GET') => req(caller, api, 8080, { path, method });
const tcp = req(caller, api, 8080);

describe('AuthorizationPolicy', () => {
  test('no policies → allowed', () => {
    expect(authorizationAllows(cluster([]), tcp, mtlsPeer).allowed).toBe(true);
  });

  test('allow-nothing (spec: {}) denies everything', () => {
    const r = authorizationAllows(cluster([ap('backend', 'allow-nothing', {})]), tcp, mtlsPeer);
    expect(r.allowed).toBe(false);
    expect(r.reasons.join('\n')).toContain('AuthorizationPolicy/backend/allow-nothing: no ALLOW rule matched');
  });

  test('deny-all (action DENY, rules [{}]) denies everything, even with an allow-all present', () => {
    const c = cluster([ap('backend', 'deny-all', { action: 'DENY', rules: [{}] }), ap('backend', 'allow-all', { rules: [{}] })]);
    const r = authorizationAllows(c, tcp, mtlsPeer);
    expect(r.allowed).toBe(false);
    expect(r.reasons).toContain('AuthorizationPolicy/backend/deny-all DENY rules[0] matched');
  });

  describe('istio.io/dry-run (shadow rules only, pilot isDryRun)', () => {
    const dry = (o: ReturnType<typeof ap>, value = 'true') => ({ ...o, metadata: { ...o.metadata, annotations: { 'istio.io/dry-run': value } } });

    test('a dry-run allow-nothing denies nothing, and says why', () => {
      const r = authorizationAllows(cluster([dry(ap('backend', 'allow-nothing', {}))]), tcp, plain);
      expect(r.allowed).toBe(true);
      expect(r.reasons.join('\n')).toContain('AuthorizationPolicy/backend/allow-nothing: dry run');
    });

    test('a dry-run DENY does not deny; an enforced one next to it still does', () => {
      const denyAll = { action: 'DENY', rules: [{}] };
      expect(authorizationAllows(cluster([dry(ap('backend', 'd', denyAll))]), tcp, mtlsPeer).allowed).toBe(true);
      expect(authorizationAllows(cluster([dry(ap('backend', 'd', denyAll)), ap('backend', 'e', denyAll)]), tcp, mtlsPeer).allowed).toBe(false);
    });

    test('a dry-run ALLOW does not turn on deny-by-default for callers it does not name', () => {
      const c = cluster([dry(ap('backend', 'p', { rules: [{ from: [{ source: { principals: ['cluster.local/ns/x/sa/y'] } }] }] }))]);
      expect(authorizationAllows(c, tcp, mtlsPeer).allowed).toBe(true);
    });

    test("the value is read with Go's ParseBool: 'True' and '1' are dry runs, 'false' and 'yes' are not", () => {
      const nothing = ap('backend', 'allow-nothing', {});
      expect(authorizationAllows(cluster([dry(nothing, 'True')]), tcp, plain).allowed).toBe(true);
      expect(authorizationAllows(cluster([dry(nothing, '1')]), tcp, plain).allowed).toBe(true);
      expect(authorizationAllows(cluster([dry(nothing, 'false')]), tcp, plain).allowed).toBe(false);
      expect(authorizationAllows(cluster([dry(nothing, 'yes')]), tcp, plain).allowed).toBe(false);
    });
  });

  test('allow-all (rules: [{}]) overrides allow-nothing', () => {
    const c = cluster([ap('backend', 'allow-nothing', {}), ap('backend', 'allow-all', { rules: [{}] })]);
    expect(authorizationAllows(c, tcp, plain).allowed).toBe(true);
  });

  test('principals ALLOW matches the mTLS identity', () => {
    const c = cluster([ap('backend', 'p', { rules: [{ from: [{ source: { principals: ['cluster.local/ns/shop/sa/web'] } }] }] })]);
    expect(authorizationAllows(c, tcp, mtlsPeer).allowed).toBe(true);
    expect(authorizationAllows(c, tcp, { ...mtlsPeer, principal: 'cluster.local/ns/shop/sa/other' }).allowed).toBe(false);
  });

  test('principals need mTLS: PERMISSIVE + plaintext caller → 403 at the authorization layer', () => {
    const c = cluster([
      pa('backend', 'default', { mtls: { mode: 'PERMISSIVE' } }),
      ap('backend', 'ns', { rules: [{ from: [{ source: { namespaces: ['shop'] } }] }] }),
    ]);
    const v = evaluate(c, req({ ...caller, sidecar: false }, api));
    expect(v).toMatchObject({ allowed: false, layer: 'authorization' });
    expect(evaluate(c, req(caller, api))).toMatchObject({ allowed: true, layer: 'ok' });
  });

  test('principals "*" (any authenticated) does not match plaintext', () => {
    const c = cluster([ap('backend', 'authn', { rules: [{ from: [{ source: { principals: ['*'] } }] }] })]);
    expect(authorizationAllows(c, tcp, plain).allowed).toBe(false);
    expect(authorizationAllows(c, tcp, mtlsPeer).allowed).toBe(true);
  });

  test('notPrincipals matches a plaintext caller (no principal is "not x")', () => {
    const c = cluster([ap('backend', 'deny-not-web', { action: 'DENY', rules: [{ from: [{ source: { notPrincipals: ['cluster.local/ns/shop/sa/web'] } }] }] })]);
    expect(authorizationAllows(c, tcp, plain).allowed).toBe(false);
    expect(authorizationAllows(c, tcp, mtlsPeer).allowed).toBe(true);
  });

  test('principal prefix and suffix patterns', () => {
    const mk = (p: string) => cluster([ap('backend', 'x', { rules: [{ from: [{ source: { principals: [p] } }] }] })]);
    expect(authorizationAllows(mk('cluster.local/ns/shop/*'), tcp, mtlsPeer).allowed).toBe(true);
    expect(authorizationAllows(mk('*/sa/web'), tcp, mtlsPeer).allowed).toBe(true);
    expect(authorizationAllows(mk('*/sa/api'), tcp, mtlsPeer).allowed).toBe(false);
  });

  test('serviceAccounts: "ns/sa" and bare "sa" (policy namespace)', () => {
    const mk = (sa: string) => cluster([ap('backend', 'x', { rules: [{ from: [{ source: { serviceAccounts: [sa] } }] }] })]);
    expect(authorizationAllows(mk('shop/web'), tcp, mtlsPeer).allowed).toBe(true);
    expect(authorizationAllows(mk('web'), tcp, mtlsPeer).allowed).toBe(false); // means backend/web
    expect(authorizationAllows(mk('shop/web'), tcp, plain).allowed).toBe(false);
  });

  test('DENY with paths on a TCP request denies (HTTP-only attribute ignored)', () => {
    const c = cluster([ap('backend', 'deny-admin', { action: 'DENY', rules: [{ to: [{ operation: { paths: ['/admin*'] } }] }] })]);
    expect(authorizationAllows(c, tcp, mtlsPeer).allowed).toBe(false);
    expect(authorizationAllows(c, http('/public'), mtlsPeer).allowed).toBe(true);
    expect(authorizationAllows(c, http('/admin/users'), mtlsPeer).allowed).toBe(false);
  });

  test('ALLOW with paths on a TCP request does not match (rule dropped)', () => {
    const c = cluster([ap('backend', 'allow-api', { rules: [{ to: [{ operation: { paths: ['/api/*'] } }] }] })]);
    const r = authorizationAllows(c, tcp, mtlsPeer);
    expect(r.allowed).toBe(false);
    expect(authorizationAllows(c, http('/api/v1'), mtlsPeer).allowed).toBe(true);
  });

  test('ALLOW rule with from.principals and to.methods is dropped entirely on TCP', () => {
    const c = cluster([ap('backend', 'x', { rules: [{ from: [{ source: { principals: ['*'] } }], to: [{ operation: { methods: ['GET'] } }] }] })]);
    expect(authorizationAllows(c, tcp, mtlsPeer).allowed).toBe(false);
  });

  test('root-namespace ALLOW policy applies to every workload', () => {
    const c = cluster([ap('istio-system', 'global', { rules: [{ from: [{ source: { namespaces: ['ops'] } }] }] })]);
    expect(authorizationAllows(c, tcp, mtlsPeer).allowed).toBe(false);
    expect(authorizationAllows(c, req(caller, pod('anywhere', 'x')), { ...mtlsPeer, namespace: 'ops' }).allowed).toBe(true);
  });

  test('root-namespace policy with selector matches workloads in all namespaces; other namespaces do not leak', () => {
    const c = cluster([
      ap('istio-system', 'api-only', { selector: { matchLabels: { app: 'api' } }, rules: [{ from: [{ source: { namespaces: ['ops'] } }] }] }),
      ap('shop', 'elsewhere', {}),
    ]);
    expect(authorizationAllows(c, tcp, mtlsPeer).allowed).toBe(false);
    expect(authorizationAllows(c, req(caller, pod('backend', 'db')), mtlsPeer).allowed).toBe(true);
  });

  test('selector in the destination namespace applies only to matching workloads', () => {
    const c = cluster([ap('backend', 'db-lock', { selector: { matchLabels: { app: 'db' } } })]);
    expect(authorizationAllows(c, tcp, mtlsPeer).allowed).toBe(true);
    expect(authorizationAllows(c, req(caller, pod('backend', 'db')), mtlsPeer).allowed).toBe(false);
  });

  test('targetRefs policies do not apply to sidecars', () => {
    const c = cluster([ap('backend', 'waypoint', { targetRefs: [{ kind: 'Service', group: '', name: 'api' }] })]);
    expect(authorizationAllows(c, tcp, mtlsPeer).allowed).toBe(true);
  });

  test('AUDIT never affects the decision; CUSTOM is not evaluated', () => {
    const c = cluster([
      ap('backend', 'audit', { action: 'AUDIT', rules: [{}] }),
      ap('backend', 'ext', { action: 'CUSTOM', provider: { name: 'opa' }, rules: [{}] }),
    ]);
    const r = authorizationAllows(c, tcp, mtlsPeer);
    expect(r.allowed).toBe(true);
    expect(r.reasons.join('\n')).toContain('CUSTOM');
  });

  test('ports / notPorts compare to the container port', () => {
    const c = cluster([ap('backend', 'x', { rules: [{ to: [{ operation: { ports: ['8080'] } }] }] })]);
    expect(authorizationAllows(c, req(caller, api, 8080), plain).allowed).toBe(true);
    expect(authorizationAllows(c, req(caller, api, 9090), plain).allowed).toBe(false);
    const d = cluster([ap('backend', 'x', { action: 'DENY', rules: [{ to: [{ operation: { notPorts: ['8080'] } }] }] })]);
    expect(authorizationAllows(d, req(caller, api, 9090), plain).allowed).toBe(false);
    expect(authorizationAllows(d, req(caller, api, 8080), plain).allowed).toBe(true);
  });

  test('fields in a source are ANDed; from entries are ORed', () => {
    const and = cluster([ap('backend', 'x', { rules: [{ from: [{ source: { namespaces: ['shop'], ipBlocks: ['192.168.0.0/16'] } }] }] })]);
    expect(authorizationAllows(and, tcp, mtlsPeer).allowed).toBe(false);
    const or = cluster([ap('backend', 'x', { rules: [{ from: [{ source: { namespaces: ['ops'] } }, { source: { ipBlocks: ['10.0.0.0/24'] } }] }] })]);
    expect(authorizationAllows(or, tcp, plain).allowed).toBe(true);
  });

  test('ipBlocks work without mTLS; notIpBlocks excludes', () => {
    const c = cluster([ap('backend', 'x', { rules: [{ from: [{ source: { ipBlocks: ['10.0.0.0/16'], notIpBlocks: ['10.0.0.5'] } }] }] })]);
    expect(authorizationAllows(c, req(pod('shop', 'a', { ip: '10.0.3.3' }), api), plain).allowed).toBe(true);
    expect(authorizationAllows(c, tcp, plain).allowed).toBe(false);
  });

  test('methods and notMethods on HTTP requests', () => {
    const c = cluster([ap('backend', 'ro', { rules: [{ to: [{ operation: { methods: ['GET', 'HEAD'], notPaths: ['/private*'] } }] }] })]);
    expect(authorizationAllows(c, http('/x', 'GET'), mtlsPeer).allowed).toBe(true);
    expect(authorizationAllows(c, http('/x', 'POST'), mtlsPeer).allowed).toBe(false);
    expect(authorizationAllows(c, http('/private/a', 'GET'), mtlsPeer).allowed).toBe(false);
  });

  test('path templates {*} and {**}', () => {
    const c = cluster([ap('backend', 'x', { rules: [{ to: [{ operation: { paths: ['/v1/models/{*}/infer', '/files/{**}'] } }] }] })]);
    expect(authorizationAllows(c, http('/v1/models/m1/infer'), plain).allowed).toBe(true);
    expect(authorizationAllows(c, http('/v1/models/a/b/infer'), plain).allowed).toBe(false);
    expect(authorizationAllows(c, http('/files/a/b/c'), plain).allowed).toBe(true);
  });

  test('when: source.namespace values / notValues, destination.port', () => {
    const c = cluster([ap('backend', 'x', { rules: [{ when: [
      { key: 'source.namespace', notValues: ['blocked'] },
      { key: 'destination.port', values: ['8080'] },
    ] }] })]);
    expect(authorizationAllows(c, tcp, mtlsPeer).allowed).toBe(true);
    expect(authorizationAllows(c, tcp, { ...mtlsPeer, namespace: 'blocked' }).allowed).toBe(false);
    expect(authorizationAllows(c, req(caller, api, 9090), mtlsPeer).allowed).toBe(false);
  });

  test('when: request.headers never matches positive values (no headers modelled); ALLOW on TCP is dropped', () => {
    const c = cluster([ap('backend', 'x', { rules: [{ when: [{ key: 'request.headers[x-user]', values: ['*'] }] }] })]);
    expect(authorizationAllows(c, http('/'), mtlsPeer).allowed).toBe(false);
    expect(authorizationAllows(c, tcp, mtlsPeer).allowed).toBe(false);
  });

  test('when: source.ip CIDR', () => {
    const c = cluster([ap('backend', 'x', { action: 'DENY', rules: [{ when: [{ key: 'source.ip', values: ['10.0.0.0/24'] }] }] })]);
    expect(authorizationAllows(c, tcp, plain).allowed).toBe(false);
    expect(authorizationAllows(c, req(pod('shop', 'b', { ip: '10.9.0.1' }), api), plain).allowed).toBe(true);
  });

  test('requestPrincipals (JWT) never match; notRequestPrincipals always does (HTTP)', () => {
    const allow = cluster([ap('backend', 'x', { rules: [{ from: [{ source: { requestPrincipals: ['*'] } }] }] })]);
    expect(authorizationAllows(allow, http('/'), mtlsPeer).allowed).toBe(false);
    const deny = cluster([ap('backend', 'x', { action: 'DENY', rules: [{ from: [{ source: { notRequestPrincipals: ['*'] } }] }] })]);
    expect(authorizationAllows(deny, http('/'), mtlsPeer).allowed).toBe(false);
  });

  test('destination without sidecar: AuthorizationPolicy not enforced', () => {
    const c = cluster([ap('backend', 'allow-nothing', {})]);
    expect(authorizationAllows(c, req(caller, { ...api, sidecar: false }), plain).allowed).toBe(true);
  });
});

describe('AuthorizationPolicy proto3 empty lists', () => {
  test('empty lists are the same as unset: rules: [] is allow-nothing, from: [] / principals: [] do not constrain', () => {
    const callerPod = pod('shop', 'web');
    const dest = pod('backend', 'api');
    const t = req(callerPod, dest, 8080);
    expect(authorizationAllows(cluster([ap('backend', 'x', { rules: [] })]), t, { mtls: false }).allowed).toBe(false);
    expect(authorizationAllows(cluster([ap('backend', 'x', { rules: [{ from: [] }] })]), t, { mtls: false }).allowed).toBe(true);
    expect(authorizationAllows(cluster([ap('backend', 'x', { rules: [{ from: [{ source: { principals: [] } }] }] })]), t, { mtls: false }).allowed).toBe(true);
    expect(authorizationAllows(cluster([ap('backend', 'x', { rules: [{ to: [{ operation: { paths: [], ports: ['8080'] } }] }] })]), t, { mtls: false }).allowed).toBe(true);
  });
});
