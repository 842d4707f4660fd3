import { formatSuppressions, parseSuppressions } from '../checks/suppressions';
import { MIN_SUPPRESSION_REASON, SUPPRESSIONS_ANNOTATION } from '../checks/wellknown';
import { objectRef, type K8sObject } from '../k8s-object';
import { SecureMeshError, type Problem } from '../model/errors';
import type { SuppressionProps } from '../model/suppression-definition';
import { didYouMean } from '../model/suggest';

/**
 * The definition's `suppressions`, written into the emitted objects: each object named gets the same
 * `secure-mesh.io/suppressions` annotation `SecureMesh.suppress` and `Suppressions.add` write (lib/checks/suppressions.ts),
 * so synth, `secure-mesh validate` and the cdk8s plugin honour it and reviewers see the reason in the manifest. A
 * suppression of an object the definition does not emit, of a rule the pack does not have, or with a reason shorter
 * than 10 characters is a problem at its field (`suppressions[0].object`), and nothing is written.
 */
export function applyDefinitionSuppressions(objects: K8sObject[], suppressions: readonly SuppressionProps[] | undefined): void {
  if (suppressions === undefined || suppressions.length === 0) return;
  // The rule pack is loaded only for a definition that suppresses something (it is loaded to check the output anyway).
  const { RULES } = require('../checks/pack') as typeof import('../checks/pack');
  const ruleIds = RULES.map((r) => r.id);
  const byRef = new Map<string, number>();
  objects.forEach((o, i) => byRef.set(objectRef(o), i));
  const problems: Problem[] = [];
  const added = new Map<number, { id: string; reason: string }[]>();
  suppressions.forEach((s, i) => {
    const path = `suppressions[${i}]`;
    const reason = s.reason.trim().replace(/\s*\n\s*/g, ' ');
    let ok = true;
    if (!ruleIds.includes(s.id)) {
      ok = false;
      problems.push({ path: `${path}.id`, message: `"${s.id}" is not a rule of secure-mesh${didYouMean(s.id, ruleIds) || '; use the rule ID a finding prints, e.g. SM-KN-001'}` });
    }
    if (reason.length < MIN_SUPPRESSION_REASON) {
      ok = false;
      problems.push({ path: `${path}.reason`, message: `a suppression of ${s.id} needs a reason of at least ${MIN_SUPPRESSION_REASON} characters saying why the finding is acceptable` });
    }
    const index = byRef.get(s.object);
    if (index === undefined) {
      ok = false;
      const hint = didYouMean(s.object, [...byRef.keys()]);
      problems.push({ path: `${path}.object`, message: `"${s.object}" is not an object this definition emits${hint || '; use the Kind/namespace/name (Kind/name for cluster-scoped objects) a finding names'}` });
    }
    if (!ok || index === undefined) return;
    const list = added.get(index) ?? [];
    added.set(index, [...list.filter((x) => x.id !== s.id), { id: s.id, reason }]);
  });
  if (problems.length > 0) throw new SecureMeshError(problems);
  for (const [index, list] of added) {
    const obj = objects[index];
    const existing = parseSuppressions(obj).valid.filter((e) => !list.some((x) => x.id === e.id));
    // A copy: emitters may share metadata objects between calls.
    objects[index] = {
      ...obj,
      metadata: { ...obj.metadata, annotations: { ...obj.metadata.annotations, [SUPPRESSIONS_ANNOTATION]: formatSuppressions([...existing, ...list]) } },
    };
  }
}
