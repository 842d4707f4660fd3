import { networkAllows, policyTypes } from './index';
import { cluster, np, pod, req } from './fixtures';

const frontend = pod('prod', 'frontend', { ip: '10.0.1.5' });
const backend = pod('prod', 'backend', { ip: '10.0.2.7' });
const other = pod('dev', 'tool', { ip: '10.1.0.9' });
const namespaces = [{ name: 'prod', labels: { env: 'prod' } }, { name: 'dev', labels: { env: 'dev' } }];

describe('NetworkPolicy', () => {
  test('no policies: everything allowed (pods are non-isolated by default)', () => {
    const r = networkAllows(cluster([]), req(frontend, backend));
    expect(r.allowed).toBe(true);
  });

  test('default-deny-ingress (podSelector {}, policyTypes [Ingress]) blocks ingress', () => {
    const c = cluster([np('prod', 'default-deny-ingress', { podSelector: {}, policyTypes: ['Ingress'] })]);
    const r = networkAllows(c, req(frontend, backend));
    expect(r.allowed).toBe(false);
    expect(r.reasons.join('\n')).toContain('NetworkPolicy/prod/default-deny-ingress');
  });

  test('default-deny-ingress does not affect egress from the same namespace to elsewhere', () => {
    const c = cluster([np('prod', 'default-deny-ingress', { podSelector: {}, policyTypes: ['Ingress'] })]);
    expect(networkAllows(c, req(frontend, other)).allowed).toBe(true);
  });

  test('allow-all-ingress (ingress: [{}]) allows everything despite a default deny', () => {
    const c = cluster([
      np('prod', 'default-deny-ingress', { podSelector: {}, policyTypes: ['Ingress'] }),
      np('prod', 'allow-all-ingress', { podSelector: {}, ingress: [{}], policyTypes: ['Ingress'] }),
    ]);
    const r = networkAllows(c, req(other, backend));
    expect(r.allowed).toBe(true);
    expect(r.reasons).toContain('NetworkPolicy/prod/allow-all-ingress ingress[0] allows');
  });

  test('policyTypes absent: Ingress implied, Egress only if egress rules exist', () => {
    expect(policyTypes(np('a', 'x', { podSelector: {} }))).toEqual(['Ingress']);
    expect(policyTypes(np('a', 'x', { podSelector: {}, egress: [{}] }))).toEqual(['Ingress', 'Egress']);
    expect(policyTypes(np('a', 'x', { podSelector: {}, egress: [] }))).toEqual(['Ingress']);
    expect(policyTypes(np('a', 'x', { podSelector: {}, policyTypes: ['Egress'] }))).toEqual(['Egress']);
  });

  test('podSelector only in a from peer: same namespace pods only', () => {
    const c = cluster([
      np('prod', 'backend', { podSelector: { matchLabels: { app: 'backend' } }, ingress: [{ from: [{ podSelector: { matchLabels: { app: 'frontend' } } }] }] }),
    ], namespaces);
    expect(networkAllows(c, req(frontend, backend)).allowed).toBe(true);
    expect(networkAllows(c, req(pod('dev', 'frontend'), backend)).allowed).toBe(false);
  });

  test('namespaceSelector AND podSelector in ONE peer: both must match', () => {
    const c = cluster([
      np('prod', 'and', {
        podSelector: { matchLabels: { app: 'backend' } },
        ingress: [{ from: [{ namespaceSelector: { matchLabels: { env: 'dev' } }, podSelector: { matchLabels: { app: 'client' } } }] }],
      }),
    ], namespaces);
    expect(networkAllows(c, req(pod('dev', 'client'), backend)).allowed).toBe(true);
    expect(networkAllows(c, req(pod('dev', 'tool'), backend)).allowed).toBe(false);
    expect(networkAllows(c, req(pod('prod', 'client'), backend)).allowed).toBe(false);
  });

  test('namespaceSelector OR podSelector as TWO peers: either matches', () => {
    const c = cluster([
      np('prod', 'or', {
        podSelector: { matchLabels: { app: 'backend' } },
        ingress: [{ from: [{ namespaceSelector: { matchLabels: { env: 'dev' } } }, { podSelector: { matchLabels: { app: 'client' } } }] }],
      }),
    ], namespaces);
    expect(networkAllows(c, req(pod('dev', 'tool'), backend)).allowed).toBe(true);
    expect(networkAllows(c, req(pod('prod', 'client'), backend)).allowed).toBe(true);
    expect(networkAllows(c, req(pod('prod', 'tool'), backend)).allowed).toBe(false);
  });

  test('kubernetes.io/metadata.name is implied on namespaces', () => {
    const c = cluster([
      np('prod', 'by-name', { podSelector: {}, ingress: [{ from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'dev' } } }] }] }),
    ]);
    expect(networkAllows(c, req(other, backend)).allowed).toBe(true);
    expect(networkAllows(c, req(frontend, backend)).allowed).toBe(false);
  });

  test('matchExpressions In / NotIn / Exists / DoesNotExist', () => {
    const mk = (expr: unknown) => cluster([np('prod', 'x', { podSelector: {}, ingress: [{ from: [{ podSelector: { matchExpressions: [expr] } }] }] })]);
    const caller = pod('prod', 'frontend', { labels: { app: 'frontend', tier: 'web' } });
    expect(networkAllows(mk({ key: 'tier', operator: 'In', values: ['web', 'api'] }), req(caller, backend)).allowed).toBe(true);
    expect(networkAllows(mk({ key: 'tier', operator: 'NotIn', values: ['web'] }), req(caller, backend)).allowed).toBe(false);
    expect(networkAllows(mk({ key: 'zone', operator: 'NotIn', values: ['a'] }), req(caller, backend)).allowed).toBe(true);
    expect(networkAllows(mk({ key: 'tier', operator: 'Exists' }), req(caller, backend)).allowed).toBe(true);
    expect(networkAllows(mk({ key: 'tier', operator: 'DoesNotExist' }), req(caller, backend)).allowed).toBe(false);
  });

  test('ipBlock with except (docs example 172.17.0.0/16 except 172.17.1.0/24)', () => {
    const c = cluster([
      np('prod', 'ip', { podSelector: {}, ingress: [{ from: [{ ipBlock: { cidr: '172.17.0.0/16', except: ['172.17.1.0/24'] } }] }] }),
    ]);
    expect(networkAllows(c, req(pod('dev', 'a', { ip: '172.17.5.1' }), backend)).allowed).toBe(true);
    expect(networkAllows(c, req(pod('dev', 'a', { ip: '172.17.1.1' }), backend)).allowed).toBe(false);
    expect(networkAllows(c, req(pod('dev', 'a', { ip: '10.0.0.1' }), backend)).allowed).toBe(false);
    expect(networkAllows(c, req(pod('dev', 'a'), backend)).allowed).toBe(false); // no IP: never matches
  });

  test('ports: number, protocol default TCP, endPort range, named port via destination ports', () => {
    const c = (ports: unknown) => cluster([np('prod', 'p', { podSelector: {}, ingress: [{ ports }] })]);
    expect(networkAllows(c([{ port: 8080 }]), req(frontend, backend, 8080)).allowed).toBe(true);
    expect(networkAllows(c([{ port: 8080 }]), req(frontend, backend, 8081)).allowed).toBe(false);
    expect(networkAllows(c([{ port: 8080 }]), req(frontend, backend, 8080, { protocol: 'UDP' })).allowed).toBe(false);
    expect(networkAllows(c([{ protocol: 'TCP', port: 32000, endPort: 32768 }]), req(frontend, backend, 32100)).allowed).toBe(true);
    expect(networkAllows(c([{ protocol: 'TCP', port: 32000, endPort: 32768 }]), req(frontend, backend, 32769)).allowed).toBe(false);
    expect(networkAllows(c([{ port: 'http' }]), req(frontend, { ...backend, ports: { http: 8080 } }, 8080)).allowed).toBe(true);
    expect(networkAllows(c([{ port: 'http' }]), req(frontend, backend, 8080)).allowed).toBe(false);
    expect(networkAllows(c([{ protocol: 'UDP' }]), req(frontend, backend, 53, { protocol: 'UDP' })).allowed).toBe(true);
  });

  test('policyTypes [Egress] only: default-deny egress, ingress untouched', () => {
    const c = cluster([np('prod', 'default-deny-egress', { podSelector: {}, policyTypes: ['Egress'] })]);
    const r = networkAllows(c, req(frontend, other));
    expect(r.allowed).toBe(false);
    expect(r.reasons.join('\n')).toMatch(/caller isolated for egress by NetworkPolicy\/prod\/default-deny-egress/);
    expect(networkAllows(c, req(other, backend)).allowed).toBe(true);
  });

  test('egress rule to kube-dns on UDP and TCP 53', () => {
    const dns = pod('kube-system', 'kube-dns', { labels: { 'k8s-app': 'kube-dns' } });
    const c = cluster([
      np('prod', 'allow-dns', {
        podSelector: {},
        policyTypes: ['Egress'],
        egress: [{
          to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } }, podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } } }],
          ports: [{ protocol: 'UDP', port: 53 }, { protocol: 'TCP', port: 53 }],
        }],
      }),
    ]);
    expect(networkAllows(c, req(frontend, dns, 53, { protocol: 'UDP' })).allowed).toBe(true);
    expect(networkAllows(c, req(frontend, dns, 53)).allowed).toBe(true);
    expect(networkAllows(c, req(frontend, dns, 9153)).allowed).toBe(false);
    expect(networkAllows(c, req(frontend, backend, 8080)).allowed).toBe(false);
  });

  test('both directions required: egress allowed but destination ingress denied', () => {
    const c = cluster([
      np('prod', 'egress-all', { podSelector: {}, policyTypes: ['Egress'], egress: [{}] }),
      np('dev', 'deny', { podSelector: {}, policyTypes: ['Ingress'] }),
    ]);
    const r = networkAllows(c, req(frontend, other));
    expect(r.allowed).toBe(false);
    expect(r.reasons).toContain('NetworkPolicy/prod/egress-all egress[0] allows');
  });

  test('a policy selecting other pods does not isolate this pod', () => {
    const c = cluster([np('prod', 'only-db', { podSelector: { matchLabels: { app: 'db' } }, policyTypes: ['Ingress'] })]);
    expect(networkAllows(c, req(frontend, backend)).allowed).toBe(true);
  });

  test('policies are additive: one allowing policy among several selecting ones suffices', () => {
    const c = cluster([
      np('prod', 'a', { podSelector: {}, ingress: [{ from: [{ podSelector: { matchLabels: { app: 'nobody' } } }] }] }),
      np('prod', 'b', { podSelector: { matchLabels: { app: 'backend' } }, ingress: [{ from: [{ podSelector: { matchLabels: { app: 'frontend' } } }], ports: [{ port: 8080 }] }] }),
    ]);
    const r = networkAllows(c, req(frontend, backend));
    expect(r.allowed).toBe(true);
    expect(r.reasons).toContain('NetworkPolicy/prod/b ingress[0] allows');
  });
});
