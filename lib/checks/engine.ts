import { asApplied } from '../applied-objects';
import { requireK8sObjects, type K8sObject } from '../k8s-object';
import { compareFindings, refOf, type Finding } from './finding';
import { ObjectIndex } from './object-index';
import { BAD_SUPPRESSION, RULES } from './pack';
import type { PackOptions, Rule } from './rule';
import { parseSuppressions } from './suppressions';
import { DEFAULT_ROOT_NAMESPACE } from './wellknown';
import { capEchoes } from '../model/echo';

/**
 * Run the rule pack over a set of objects: index them once (as `kubectl apply` leaves them: the last of each identity), run every rule, apply the suppressions found on the objects
 * (`secure-mesh.io/suppressions`), and return the findings in a stable order. Suppressed findings are kept, marked with
 * their reason, so outputs can show them to reviewers.
 */
export function runPack(objects: readonly K8sObject[], options: PackOptions = {}, rules: readonly Rule[] = RULES): Finding[] {
  requireK8sObjects(objects, 'the secure-mesh rule pack');
  // Rules judge what the cluster will hold: one object per identity, the last applied (SM-KA-003 reads them all).
  const applied = asApplied(objects);
  const index = new ObjectIndex(applied.objects);
  const ctx = { index, rootNamespace: options.rootNamespace ?? DEFAULT_ROOT_NAMESPACE, manifests: objects, identitiesRepeat: applied.replaced.length > 0 };
  const known = new Set(RULES.map((r) => r.id));
  const findings: Finding[] = [];
  const suppressionsOf = new Map<K8sObject, Map<string, string>>();
  // Most objects carry no suppressions: the index lists those that do while it reads every object anyway.
  for (const obj of index.withSuppressions) {
    const { valid, invalid } = parseSuppressions(obj);
    const map = new Map<string, string>();
    for (const s of valid) {
      if (known.has(s.id)) map.set(s.id, s.reason);
      else invalid.push(`${s.id} is not a rule of the secure-mesh pack`);
    }
    if (map.size > 0) suppressionsOf.set(obj, map);
    for (const problem of invalid) {
      findings.push({ ruleId: BAD_SUPPRESSION.id, severity: BAD_SUPPRESSION.severity, message: capEchoes(`bad suppression: ${problem}`), object: refOf(obj), target: obj, related: [] });
    }
  }
  for (const rule of rules) {
    for (const v of rule.check(ctx)) {
      const reason = suppressionsOf.get(v.object)?.get(rule.id);
      findings.push({
        ruleId: rule.id,
        severity: rule.severity,
        // Messages echo names and values of the objects, which hand-written manifests do not bound (model/echo.ts).
        message: capEchoes(v.message),
        object: refOf(v.object),
        target: v.object,
        related: (v.related ?? []).map(refOf),
        relatedTargets: v.related ?? [],
        ...(reason ? { suppressed: reason } : {}),
      });
    }
  }
  return findings.sort(compareFindings);
}
