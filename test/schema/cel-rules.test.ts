/**
 * Every x-kubernetes-validations rule in the generated schemas must compile and evaluate with our CEL environment,
 * both to true and to false, on a sample `self`. A new rule (after a version bump) without samples fails here, so
 * unsupported CEL functions are caught in tests rather than at synth time.
 */
import { evaluateRule, toCel } from '../../lib/checks/schema/cel';
import { SchemaRegistry } from '../../lib/checks/schema/registry';

/** rule text → sample values of `self` for which the rule holds / fails. */
const SAMPLES: Record<string, { pass: unknown[]; fail: unknown[] }> = {
  '(has(self.tpp) ? 1 : 0) + (has(self.cloud) ? 1 : 0) + (has(self.ngts) ? 1 : 0) == 1': {
    pass: [{ zone: 'z', cloud: {} }],
    fail: [{ zone: 'z' }, { zone: 'z', tpp: {}, cloud: {} }],
  },
  "duration(self) >= duration('1ms')": { pass: ['1ms', '5s', '1h30m', '0.5s'], fail: ['0s', '500us'] },
  'self.all(key, !key.contains("*"))': { pass: [{ app: 'x' }, {}], fail: [{ 'a*': 'x' }] },
  'self.all(key, key.size() != 0)': { pass: [{ app: 'x' }], fail: [{ '': 'x' }] },
  '!self.contains("*")': { pass: ['web'], fail: ['web*'] },
  '(has(self.tlsCertificates) ? 1 : 0) + (has(self.credentialNames) ? 1 : 0) <= 1': {
    pass: [{ credentialNames: ['a'] }, {}],
    fail: [{ credentialNames: ['a'], tlsCertificates: [{}] }],
  },
  '(has(self.credentialName) ? 1 : 0) + (has(self.credentialNames) ? 1 : 0) <= 1': {
    pass: [{ credentialName: 'a' }],
    fail: [{ credentialName: 'a', credentialNames: ['b'] }],
  },
  '(has(self.credentialNames) ? 1 : 0) + (has(self.tlsCertificates) ? 1 : 0) <= 1': {
    pass: [{ tlsCertificates: [{}] }],
    fail: [{ tlsCertificates: [{}], credentialNames: ['b'] }],
  },
  '(has(self.selector) ? 1 : 0) + (has(self.targetRef) ? 1 : 0) + (has(self.targetRefs) ? 1 : 0) <= 1': {
    pass: [{ selector: {} }, { targetRefs: [] }, {}],
    fail: [{ selector: {}, targetRef: { kind: 'Gateway', name: 'g' } }],
  },
  '(has(self.serviceAccounts) || has(self.notServiceAccounts)) ? (!has(self.principals) &&\n!has(self.notPrincipals) && !has(self.namespaces) && !has(self.notNamespaces)) : true': {
    pass: [{ serviceAccounts: ['a/b'] }, { principals: ['p'], namespaces: ['n'] }],
    fail: [{ serviceAccounts: ['a/b'], namespaces: ['n'] }, { notServiceAccounts: ['a/b'], notPrincipals: ['p'] }],
  },
  'self.size() == 0': { pass: [''], fail: ['other-ns'] },
  'has(self.portLevelMtls) ? (((has(self.selector) && has(self.selector.matchLabels)) ? self.selector.matchLabels : {}).size() > 0) : true': {
    pass: [{ mtls: {} }, { portLevelMtls: { '80': {} }, selector: { matchLabels: { app: 'a' } } }],
    fail: [{ portLevelMtls: { '80': {} } }, { portLevelMtls: { '80': {} }, selector: {} }],
  },
  'self.all(key, 0 < int(key) && int(key) <= 65535)': { pass: [{ '1': {}, '65535': {} }], fail: [{ '0': {} }, { '65536': {} }] },
  '[has(self.configMap),has(self.secret),has(self.inLine),has(self.useDefaultCAs)].filter(x,x==true).size() == 1': {
    pass: [{ inLine: 'pem' }, { useDefaultCAs: true }],
    fail: [{}, { configMap: { name: 'a' }, secret: { name: 'b' } }],
  },
  '[has(self.name),has(self.selector)].filter(x,x==true).size() == 1': {
    pass: [{ name: 'a', key: 'k' }, { selector: {}, key: 'k' }],
    fail: [{ key: 'k' }, { name: 'a', selector: {}, key: 'k' }],
  },
  '[has(self.configMap),has(self.secret)].filter(x,x==true).size() >= 1': {
    pass: [{ configMap: { key: 'k' } }, { configMap: { key: 'k' }, secret: { key: 'k' } }],
    fail: [{}],
  },
  '[has(self.jks),has(self.pkcs12)].filter(x,x==true).size() >= 1': { pass: [{ jks: { key: 'k' } }], fail: [{}] },
};

const registry = new SchemaRegistry();
const all = registry.kinds().flatMap((key) => {
  const slash = key.lastIndexOf('/');
  return registry.rulesOf(key.slice(0, slash), key.slice(slash + 1)).map((r) => ({ kind: key, ...r }));
});

describe('CEL rules in the generated schemas', () => {
  it('finds the rules of the pinned CRDs (guards against the walker silently missing them)', () => {
    expect(all.length).toBeGreaterThanOrEqual(60);
    const kinds = new Set(all.map((r) => r.kind));
    for (const k of [
      'cert-manager.io/v1/Issuer',
      'cert-manager.io/v1/ClusterIssuer',
      'trust.cert-manager.io/v1alpha1/Bundle',
      'security.istio.io/v1/PeerAuthentication',
      'security.istio.io/v1/AuthorizationPolicy',
      'networking.istio.io/v1/DestinationRule',
      'networking.istio.io/v1/Gateway',
    ]) {
      expect(kinds).toContain(k);
    }
  });

  it('every rule compiles with cel-js', () => {
    const broken = all.filter((r) => r.rule.compileError !== undefined).map((r) => `${r.kind} ${r.path}: ${r.rule.compileError}`);
    expect(broken).toEqual([]);
  });

  it('every rule has samples (add them here when a new rule appears)', () => {
    const missing = [...new Set(all.filter((r) => !r.rule.transition).map((r) => r.rule.rule))].filter((rule) => !SAMPLES[rule]);
    expect(missing).toEqual([]);
  });

  it('has no transition (oldSelf) rules we would silently skip, or lists them', () => {
    expect(all.filter((r) => r.rule.transition).map((r) => `${r.kind} ${r.path}: ${r.rule.rule}`)).toEqual([]);
  });

  it.each(all.map((r) => [`${r.kind} ${r.path}`, r] as const))('%s evaluates to true and false on its samples', (_name, r) => {
    const samples = SAMPLES[r.rule.rule];
    expect(samples).toBeDefined();
    for (const s of samples.pass) expect([s, evaluateRule(r.rule, toCel(s))]).toEqual([s, { ok: true }]);
    for (const s of samples.fail) {
      const outcome = evaluateRule(r.rule, toCel(s));
      expect([s, outcome.ok, !outcome.ok && outcome.kind]).toEqual([s, false, 'cel']);
      expect(!outcome.ok && outcome.message).toBe(r.rule.message ?? `failed rule: ${r.rule.rule}`);
    }
  });

  it('reports a rule the validator cannot evaluate as kind "other", without throwing', async () => {
    const { compileRule } = await import('../../lib/checks/schema/cel');
    const r = compileRule({ rule: 'self.frobnicate()', message: 'x' });
    const outcome = evaluateRule(r, toCel({ a: 1 }));
    expect(outcome).toEqual(expect.objectContaining({ ok: false, kind: 'other' }));
    const unparsable = compileRule({ rule: 'self.a ==' });
    expect(evaluateRule(unparsable, {})).toEqual(expect.objectContaining({ ok: false, kind: 'other' }));
  });

  it('supports the Kubernetes CEL additions we register', async () => {
    const { compileRule } = await import('../../lib/checks/schema/cel');
    const check = (rule: string, self: unknown): boolean => evaluateRule(compileRule({ rule }), toCel(self)).ok;
    expect(check('isURL(self)', 'https://example.com/x')).toBe(true);
    expect(check('isURL(self)', 'not a url')).toBe(false);
    expect(check('self.isSorted()', [1, 2, 3])).toBe(true);
    expect(check('self.isSorted()', [3, 1])).toBe(false);
    expect(check('self.matches("^[a-z]+$")', 'abc')).toBe(true);
    expect(check('self.exists(x, x > 2)', [1, 3])).toBe(true);
    expect(check('int(self) == 8080', '8080')).toBe(true);
    expect(check('self.lowerAscii() == "abc"', 'ABC')).toBe(true);
    expect(check('duration(self) > duration("1m")', '1h')).toBe(true);
  });

  it('uses messageExpression when present', async () => {
    const { compileRule } = await import('../../lib/checks/schema/cel');
    const r = compileRule({ rule: 'self.size() < 3', messageExpression: '"too many: " + string(self.size())', message: 'fallback' });
    expect(evaluateRule(r, toCel([1, 2, 3]))).toEqual({ ok: false, kind: 'cel', message: 'too many: 3' });
  });
});
