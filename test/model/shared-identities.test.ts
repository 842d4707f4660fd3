import { Peer, resolveMesh, SecureMeshError, synthesizeMesh, type Problem, type SecureMeshProps } from '../../lib';
import { evaluate, type Cluster, type Pod } from '../evaluator';

/**
 * Workloads that share what the emitted objects key on (Service host, certificate names, selected pods, principal):
 * refused or warned, naming both definition fields and the consequence (issue 12 §2).
 */

function problemsOf(def: SecureMeshProps): readonly Problem[] {
  try {
    resolveMesh(def);
  } catch (e) {
    if (e instanceof SecureMeshError) return e.problems;
    throw e;
  }
  return [];
}

const shop = (workloads: SecureMeshProps['workloads'], extra: Partial<SecureMeshProps> = {}): SecureMeshProps => ({
  namespaces: [{ name: 'shop' }, { name: 'legacy', sidecarInjection: false }],
  workloads,
  ...extra,
});

describe('a Service shared by two workloads', () => {
  test('a sidecar-less workload whose serviceName is a meshed workload\'s Service is refused, naming both fields', () => {
    const problems = problemsOf(shop([
      { name: 'api', namespace: 'shop', ports: [{ name: 'http', port: 8080 }], ingress: [{ from: Peer.workload('web') }] },
      { name: 'web', namespace: 'shop' },
      { name: 'batch', namespace: 'shop', sidecar: false, serviceName: 'api' },
    ], { namespaces: [{ name: 'shop', mtls: 'PERMISSIVE' }] }));
    expect(problems).toHaveLength(1);
    expect(problems[0].path).toBe('workloads[2].serviceName');
    expect(problems[0].message).toContain('workloads[0].name (its Service defaults to its name)');
    expect(problems[0].message).toContain('tls: DISABLE');
    expect(problems[0].message).toContain('admitted without identity under PERMISSIVE');
  });

  test('the field reported is the one that was set, whichever workload comes first', () => {
    const problems = problemsOf(shop([
      { name: 'batch', namespace: 'shop', serviceName: 'api' },
      { name: 'api', namespace: 'shop' },
    ]));
    expect(problems.map((p) => p.path)).toEqual(['workloads[0].serviceName']);
    expect(problems[0].message).toContain('workloads[1].name');
  });

  test('two explicit serviceNames that meet are refused; the same serviceName in two namespaces is not', () => {
    expect(problemsOf(shop([
      { name: 'a', namespace: 'shop', serviceName: 'front' },
      { name: 'b', namespace: 'shop', serviceName: 'front' },
    ])).map((p) => p.path)).toEqual(['workloads[1].serviceName']);
    expect(problemsOf({
      namespaces: [{ name: 'shop' }, { name: 'pay' }],
      workloads: [{ name: 'a', namespace: 'shop', serviceName: 'front' }, { name: 'b', namespace: 'pay', serviceName: 'front' }],
    })).toEqual([]);
  });
});

describe('certificate DNS names', () => {
  test('an extra DNS name that is another workload\'s Service name is refused', () => {
    const problems = problemsOf(shop([
      { name: 'api', namespace: 'shop', tls: {} },
      { name: 'web', namespace: 'shop', tls: { extraDnsNames: ['web.example.com', 'api.shop.svc.cluster.local'] } },
    ]));
    expect(problems).toEqual([expect.objectContaining({ path: 'workloads[1].tls.extraDnsNames[1]' })]);
    expect(problems[0].message).toContain('workload "api" (workloads[0], namespace "shop")');
    expect(problems[0].message).toContain('could present itself as "api"');
  });

  test('a short name resolves within the namespace: another workload\'s there is refused, one elsewhere is not', () => {
    expect(problemsOf(shop([
      { name: 'api', namespace: 'shop' },
      { name: 'web', namespace: 'shop', tls: { extraDnsNames: ['api'] } },
    ])).map((p) => p.path)).toEqual(['workloads[1].tls.extraDnsNames[0]']);
    expect(problemsOf({
      namespaces: [{ name: 'shop' }, { name: 'pay' }],
      workloads: [{ name: 'api', namespace: 'pay' }, { name: 'web', namespace: 'shop', tls: { extraDnsNames: ['api'] } }],
    })).toEqual([]);
  });

  test('a wildcard covering other workloads\' Services is a warning naming them (seed 004 asks for one)', () => {
    const mesh = resolveMesh(shop([
      { name: 'api', namespace: 'shop' },
      { name: 'web', namespace: 'shop', tls: { extraDnsNames: ['*.shop.svc'] } },
      { name: 'db', namespace: 'shop' },
    ]));
    expect(mesh.warnings).toEqual([{
      path: 'workloads[1].tls.extraDnsNames[0]',
      message: expect.stringContaining('"*.shop.svc" covers the Service names of workload "api" (workloads[0], namespace "shop"), workload "db" (workloads[2], namespace "shop"): "web" can present itself as any of them'),
    }]);
  });

  test('the same extra (non-Service) name on two certificates is a warning naming both', () => {
    const mesh = resolveMesh(shop([
      { name: 'api', namespace: 'shop', tls: { extraDnsNames: ['shop.example.com'] } },
      { name: 'web', namespace: 'shop', tls: { extraDnsNames: ['shop.example.com'] } },
    ]));
    expect(mesh.warnings).toEqual([{ path: 'workloads[1].tls.extraDnsNames[0]', message: expect.stringContaining('workload "api" (workloads[0], namespace "shop")') }]);
  });
});

describe('selectors that select another workload\'s pods', () => {
  test('a selector that is a subset of another\'s is refused, naming both selectors and the consequence', () => {
    const problems = problemsOf(shop([
      { name: 'api', namespace: 'shop', selector: { app: 'shop' }, ingress: [{ from: Peer.workload('web') }] },
      { name: 'admin', namespace: 'shop', selector: { app: 'shop', role: 'admin' } },
      { name: 'web', namespace: 'shop' },
    ]));
    expect(problems).toHaveLength(1);
    expect(problems[0].path).toBe('workloads[0].selector');
    expect(problems[0].message).toContain('workloads[1].selector {"app":"shop","role":"admin"} carries every one of its labels');
    expect(problems[0].message).toContain('the callers of "api" reach them');
  });

  test('equal selectors are refused once', () => {
    const problems = problemsOf(shop([
      { name: 'a', namespace: 'shop', selector: { app: 'x' } },
      { name: 'b', namespace: 'shop', selector: { app: 'x' } },
    ]));
    expect(problems).toHaveLength(1);
    expect(problems[0].message).toContain('is the same');
  });

  test('overlapping but not nested selectors, or selectors in different namespaces, are fine', () => {
    expect(problemsOf(shop([
      { name: 'a', namespace: 'shop', selector: { app: 'x', tier: '1' } },
      { name: 'b', namespace: 'shop', selector: { app: 'x', tier: '2' } },
    ]))).toEqual([]);
    expect(problemsOf({
      namespaces: [{ name: 'shop' }, { name: 'pay' }],
      workloads: [{ name: 'a', namespace: 'shop', selector: { app: 'x' } }, { name: 'b', namespace: 'pay', selector: { app: 'x' } }],
    })).toEqual([]);
  });

  test('a default selector { app: <name> } inside another\'s explicit selector is refused (selectors with many labels too)', () => {
    const many = Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`k${i}`, 'v']));
    const problems = problemsOf(shop([
      { name: 'api', namespace: 'shop' },
      { name: 'big', namespace: 'shop', selector: { ...many, app: 'api' } },
    ]));
    expect(problems.map((p) => p.path)).toEqual(['workloads[0].selector']);
  });

  test('selectors that differ in one label synthesize, and the evaluator sees the callers of one reach only its pods', () => {
    // The same shape with disjoint selectors synthesizes; the evaluator, reading the objects, shows web reaching only api.
    const def = shop([
      { name: 'api', namespace: 'shop', selector: { app: 'shop', role: 'api' }, ports: [{ name: 'http', port: 8080 }], ingress: [{ from: Peer.workload('web') }] },
      { name: 'admin', namespace: 'shop', selector: { app: 'shop', role: 'admin' }, ports: [{ name: 'http', port: 8080 }] },
      { name: 'web', namespace: 'shop' },
    ]);
    const { objects } = synthesizeMesh(def);
    const cluster: Cluster = { objects: [...objects], namespaces: [{ name: 'shop', labels: {} }] };
    // Each pod behind its workload's Service (the caller's Sidecar imports the Services it may call).
    const pod = (labels: Record<string, string>, sa: string): Pod => ({ namespace: 'shop', labels, serviceAccount: sa, sidecar: true, service: sa });
    const web = pod({ app: 'web' }, 'web');
    expect(evaluate(cluster, { from: web, to: pod({ app: 'shop', role: 'api' }, 'api'), port: 8080 }).allowed).toBe(true);
    expect(evaluate(cluster, { from: web, to: pod({ app: 'shop', role: 'admin' }, 'admin'), port: 8080 }).allowed).toBe(false);
  });
});

describe('a service account shared by two meshed workloads', () => {
  const shared = (networkPolicies: boolean): SecureMeshProps => shop([
    { name: 'api', namespace: 'shop', ports: [{ name: 'http', port: 8080 }], ingress: [{ from: Peer.workload('web') }] },
    { name: 'web', namespace: 'shop', serviceAccount: 'shared' },
    { name: 'batch', namespace: 'shop', serviceAccount: 'shared' },
  ], { networkPolicies });

  test('a rule admitting one warns that it admits the other, naming the rule, both workloads and the principal', () => {
    const { warnings } = synthesizeMesh(shared(true));
    const sharing = warnings.filter((w) => w.message.includes('same service account'));
    expect(sharing).toEqual([{ path: 'workloads[0].ingress[0].from', message: expect.stringContaining('admitting workload "web" also admits workload "batch" (workloads[2], namespace "shop")') }]);
    expect(sharing[0].message).toContain('"cluster.local/ns/shop/sa/shared"');
    expect(sharing[0].message).toContain('only the NetworkPolicy (by pod labels) keeps it out');
    expect(sharing[0].message).toContain('workloads[2].serviceAccount');
  });

  test('the warning tells the truth: with NetworkPolicies off, the other workload gets in (evaluator)', () => {
    const { objects, warnings } = synthesizeMesh(shared(false));
    expect(warnings.some((w) => w.message.includes('with NetworkPolicies off (networkPolicies: false) it calls "api" unhindered'))).toBe(true);
    const cluster: Cluster = { objects: [...objects], namespaces: [{ name: 'shop', labels: {} }] };
    const batch: Pod = { namespace: 'shop', labels: { app: 'batch' }, serviceAccount: 'shared', sidecar: true };
    const api: Pod = { namespace: 'shop', labels: { app: 'api' }, serviceAccount: 'api', sidecar: true };
    expect(evaluate(cluster, { from: batch, to: api, port: 8080 }).allowed).toBe(true);
  });

  test('no warning when the rule admits both anyway, when no rule names them, or when the other has no sidecar', () => {
    const quiet = (workloads: SecureMeshProps['workloads']) => resolveMesh(shop(workloads)).warnings.filter((w) => w.message.includes('same service account'));
    expect(quiet([
      { name: 'api', namespace: 'shop', ingress: [{ from: [Peer.workload('web'), Peer.workload('batch')] }] },
      { name: 'web', namespace: 'shop', serviceAccount: 'shared' },
      { name: 'batch', namespace: 'shop', serviceAccount: 'shared' },
    ])).toEqual([]);
    expect(quiet([
      { name: 'web', namespace: 'shop', serviceAccount: 'shared' },
      { name: 'batch', namespace: 'shop', serviceAccount: 'shared' },
    ])).toEqual([]);
    expect(quiet([
      { name: 'api', namespace: 'shop', ingress: [{ from: Peer.workload('web') }] },
      { name: 'web', namespace: 'shop', serviceAccount: 'shared' },
      { name: 'batch', namespace: 'shop', serviceAccount: 'shared', sidecar: false },
    ])).toEqual([]);
  });

  test('a namespace without sidecars in the same rule does not cover a meshed workload (found by test/property/sharing.test.ts)', () => {
    // The namespace is admitted as `notPrincipals: ["*"]`, which a caller with a sidecar never matches.
    const mesh = resolveMesh({
      namespaces: [{ name: 'a', sidecarInjection: false }],
      workloads: [
        { name: 'api', namespace: 'a', serviceAccount: 'shared', sidecar: true },
        { name: 'db', namespace: 'a', serviceAccount: 'shared', sidecar: true, ingress: [{ from: [Peer.workload('db'), Peer.namespace('a')] }] },
      ],
    });
    expect(mesh.warnings.filter((w) => w.message.includes('same service account'))).toEqual([
      { path: 'workloads[1].ingress[0].from', message: expect.stringContaining('admitting workload "db" also admits workload "api" (workloads[0], namespace "a")') },
    ]);
  });

  test('a workload running as a system caller\'s service account is admitted with it', () => {
    const mesh = resolveMesh({
      monitoring: {},
      namespaces: [{ name: 'shop' }, { name: 'monitoring', sidecarInjection: true }],
      workloads: [
        { name: 'api', namespace: 'shop', ingress: [{ from: Peer.system('prometheus') }] },
        { name: 'exporter', namespace: 'monitoring', serviceAccount: 'prometheus' },
      ],
    });
    expect(mesh.warnings.filter((w) => w.message.includes('same service account'))).toEqual([
      { path: 'workloads[0].ingress[0].from', message: expect.stringContaining('admitting system caller "prometheus" also admits workload "exporter" (workloads[1], namespace "monitoring")') },
    ]);
  });
});

describe('a mesh where many workloads share one account', () => {
  test('three rules are warned one by one, the rest in one summary, and each message lists at most five workloads', () => {
    const workers = Array.from({ length: 8 }, (_, i) => ({ name: `w${i}`, namespace: 'shop', serviceAccount: 'default' }));
    const targets = Array.from({ length: 6 }, (_, i) => ({ name: `t${i}`, namespace: 'shop', ingress: [{ from: Peer.workload('w0') }] }));
    const warnings = resolveMesh(shop([...workers, ...targets])).warnings.filter((w) => w.message.includes('service account'));
    expect(warnings.map((w) => w.path)).toEqual([
      'workloads[8].ingress[0].from', 'workloads[9].ingress[0].from', 'workloads[10].ingress[0].from', 'workloads[11].ingress[0].from',
    ]);
    expect(warnings[0].message).toContain('workload "w5" (workloads[5], namespace "shop") and 2 more at the AuthorizationPolicy');
    expect(warnings[3].message).toContain('3 more rules admitting workload "w0" (workloads[11].ingress[0].from, workloads[12].ingress[0].from, workloads[13].ingress[0].from) also admit');
  });
});

test('a hostile definition with thousands of equal selectors is refused quickly, with one bounded problem per workload', () => {
  const workloads = Array.from({ length: 3000 }, (_, i) => ({ name: `w${i}`, namespace: 'shop', selector: { team: 'x' } }));
  const started = Date.now();
  const problems = problemsOf(shop(workloads));
  expect(Date.now() - started).toBeLessThan(5000);
  expect(problems.length).toBeLessThanOrEqual(3000);
  expect(problems[0].message).toContain('; and more: ');
  expect(Math.max(...problems.map((p) => p.message.length))).toBeLessThan(2000);
});
