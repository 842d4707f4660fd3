import { evaluate, hostEntryMatches, sidecarFor, sidecarImports } from './index';
import { cluster, obj, pa, pod, req } from './fixtures';

const sc = (ns: string, name: string, spec: unknown) => obj('networking.istio.io/v1', 'Sidecar', ns, name, spec);
const web = pod('shop', 'web');
const api = pod('backend', 'api');
const strict = pa('istio-system', 'default', { mtls: { mode: 'STRICT' } });

describe('Sidecar egress scope (caller side)', () => {
  test('host entries: namespace *, ., ~ and a name; dnsName *, *.suffix and exact', () => {
    const host = 'api.backend.svc.cluster.local';
    expect(hostEntryMatches('*/*', 'shop', 'backend', host)).toBe(true);
    expect(hostEntryMatches('backend/*', 'shop', 'backend', host)).toBe(true);
    expect(hostEntryMatches('./*', 'shop', 'backend', host)).toBe(false);
    expect(hostEntryMatches('./*', 'backend', 'backend', host)).toBe(true);
    expect(hostEntryMatches('~/*', 'shop', 'backend', host)).toBe(false);
    expect(hostEntryMatches('backend/*.backend.svc.cluster.local', 'shop', 'backend', host)).toBe(true);
    expect(hostEntryMatches('backend/other.backend.svc.cluster.local', 'shop', 'backend', host)).toBe(false);
    expect(hostEntryMatches('shop/api.backend.svc.cluster.local', 'shop', 'backend', host)).toBe(false);
    expect(hostEntryMatches('api.backend.svc.cluster.local', 'shop', 'backend', host)).toBe(false);
  });

  test('precedence: workload selector, then the namespace default, then the root default', () => {
    const rootDefault = sc('istio-system', 'default', { egress: [{ hosts: ['*/*'] }] });
    const nsDefault = sc('shop', 'default', { egress: [{ hosts: ['./*'] }] });
    const selected = sc('shop', 'web', { workloadSelector: { labels: { app: 'web' } }, egress: [{ hosts: ['backend/*'] }] });
    expect(sidecarFor(cluster([rootDefault]), web)).toBe(rootDefault);
    expect(sidecarFor(cluster([rootDefault, nsDefault]), web)).toBe(nsDefault);
    expect(sidecarFor(cluster([rootDefault, nsDefault, selected]), web)).toBe(selected);
    expect(sidecarFor(cluster([sc('other', 'default', { egress: [{ hosts: ['~/*'] }] })]), web)).toBeUndefined();
  });

  test('port-specific listeners only import for their port', () => {
    const c = cluster([sc('shop', 'default', { egress: [{ port: { number: 9090, protocol: 'HTTP', name: 'm' }, hosts: ['backend/*'] }, { hosts: ['./*'] }] })]);
    expect(sidecarImports(c, web, 'api.backend.svc.cluster.local', 9090).imported).toBe(true);
    expect(sidecarImports(c, web, 'api.backend.svc.cluster.local', 8080).imported).toBe(false);
  });

  test('a service the Sidecar does not import is passed through as plaintext: STRICT refuses it', () => {
    const narrow = sc('shop', 'default', { egress: [{ hosts: ['./*', 'istio-system/*'] }] });
    const v = evaluate(cluster([strict, narrow]), req(web, api));
    expect(v).toMatchObject({ allowed: false, layer: 'mtls' });
    expect(v.reasons.join('\n')).toContain('Sidecar/shop/default does not import api.backend.svc.cluster.local');
    expect(evaluate(cluster([strict, sc('shop', 'default', { egress: [{ hosts: ['backend/*'] }] })]), req(web, api))).toMatchObject({ allowed: true });
    // Without STRICT the passthrough connection arrives, without an identity.
    expect(evaluate(cluster([narrow]), req(web, api))).toMatchObject({ allowed: true });
  });

  test('Request.service: the Service routed through decides, not the endpoint pod (Knative revision → activator)', () => {
    const activator = pod('knative-serving', 'activator');
    const c = cluster([strict, sc('user1', 'default', { egress: [{ hosts: ['./*', 'istio-system/*'] }] })]);
    const caller = pod('user1', 'httpbin');
    expect(evaluate(c, req(caller, activator, 8012)).allowed).toBe(false);
    expect(evaluate(c, req(caller, activator, 8012, { service: 'm-predictor-00001.user1.svc.cluster.local' })).allowed).toBe(true);
  });
});
