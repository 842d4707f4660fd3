/**
 * Rules that judge what AuthorizationPolicies refuse (lock-outs, bypasses, deny-all on TCP, isolation through the
 * activator) must not count dry-run policies (`istio.io/dry-run: "true"`), which refuse nothing (Istio builds them as
 * shadow rules only); a value Istio's ParseBool reads as false keeps the policy enforced, and the finding.
 */
import type { K8sObject } from '../../lib/k8s-object';
import { runPack } from '../../lib/checks/engine';
import { synthesizeMesh } from '../../lib/mesh/synthesize';
import { platformDefinition } from '../../apps/platform';
import { RULE_FIXTURES } from './rule-fixtures';

const RULES_ON_ENFORCED_POLICIES = ['SM-KN-001', 'SM-KN-002', 'SM-KS-005', 'SM-IS-010', 'SM-IS-104'];

function withDryRun(objects: readonly K8sObject[], value: string): K8sObject[] {
  return objects.map((o) => (o.kind === 'AuthorizationPolicy' ? { ...o, metadata: { ...o.metadata, annotations: { ...(o.metadata.annotations ?? {}), 'istio.io/dry-run': value } } } : o));
}

/** The rule's findings about what policies refuse: those naming an AuthorizationPolicy (SM-KN-001 also reports annotation typos). */
function policyFindings(objects: readonly K8sObject[], id: string): string[] {
  return runPack(objects).filter((f) => f.ruleId === id)
    .filter((f) => [f.object, ...f.related].some((r) => r.startsWith('AuthorizationPolicy/')) || f.message.includes('AuthorizationPolicy/'))
    .map((f) => `${f.object}: ${f.message}`);
}

describe.each(RULES_ON_ENFORCED_POLICIES)('%s and dry-run AuthorizationPolicies', (id) => {
  const fixtures = RULE_FIXTURES[id].nonCompliant.filter((objs) => policyFindings(objs, id).length > 0);
  it('has non-compliant fixtures about what policies refuse', () => {
    expect(fixtures.length).toBeGreaterThan(0);
  });
  it.each(fixtures.map((objs, i) => [i, objs] as const))('is silent when the policies of such fixture %i are dry runs, not when the annotation says false', (_i, objs) => {
    expect(policyFindings(withDryRun(objs, 'true'), id)).toEqual([]);
    expect(policyFindings(withDryRun(objs, 'false'), id).length).toBeGreaterThan(0);
  });
});

describe("the library's own output in audit", () => {
  it('raises no finding the enforced output does not raise', () => {
    const key = (f: { ruleId: string; object: string }) => `${f.ruleId} ${f.object}`;
    const enforced = new Set(runPack(synthesizeMesh(platformDefinition).objects).map(key));
    const audited = runPack(synthesizeMesh({ ...platformDefinition, enforcement: 'audit' }).objects).map(key);
    expect(audited.filter((k) => !enforced.has(k))).toEqual([]);
  });
});
