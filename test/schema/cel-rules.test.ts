/**
 * Every x-kubernetes-validations rule in the generated schemas must compile and evaluate with our CEL environment,
 * both to true and to false, on a sample `self`. A new rule (after a version bump) without samples fails here, so
 * unsupported CEL functions are caught in tests rather than at synth time.
 */
import { evaluateRule, toCel } from '../../lib/checks/schema/cel';
import { SchemaRegistry } from '../../lib/checks/schema/registry';
import { SAMPLES } from './cel-samples';

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
