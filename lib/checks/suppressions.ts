import type { ApiObject } from 'cdk8s';
import type { K8sObject } from '../k8s-object';
import { SecureMeshError } from '../model/errors';
import { MIN_SUPPRESSION_REASON, SUPPRESSIONS_ANNOTATION } from './wellknown';

/** One acknowledged finding: which rule, and why it is fine here. */
export interface Suppression {
  /** Rule ID, e.g. `SM-IS-009`. */
  readonly id: string;
  /** Why the finding is acceptable; at least 10 characters, shown to reviewers in the manifest. */
  readonly reason: string;
}

const LINE = /^\s*(SM-[A-Z]+-\d+[a-z]?)\s*:\s*(.*?)\s*$/;

/** Parse the annotation: one `SM-XX-NNN: reason` per line. Lines that don't parse come back as `invalid`. */
export function parseSuppressions(obj: K8sObject): { valid: Suppression[]; invalid: string[] } {
  const text = obj.metadata.annotations?.[SUPPRESSIONS_ANNOTATION];
  const valid: Suppression[] = [];
  const invalid: string[] = [];
  if (typeof text !== 'string') return { valid, invalid };
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    const m = LINE.exec(line);
    if (!m) invalid.push(`"${line.trim()}" is not "SM-XX-NNN: reason"`);
    else if (m[2].length < MIN_SUPPRESSION_REASON) invalid.push(`${m[1]}: the reason "${m[2]}" is shorter than ${MIN_SUPPRESSION_REASON} characters; say why the finding is acceptable`);
    else valid.push({ id: m[1], reason: m[2] });
  }
  return { valid, invalid };
}

/** The annotation value for a list of suppressions: sorted by rule ID, one per line. */
export function formatSuppressions(list: readonly Suppression[]): string {
  return [...list].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)).map((s) => `${s.id}: ${s.reason}`).join('\n');
}

/**
 * Suppressions on cdk8s objects, written into the manifest as the `secure-mesh.io/suppressions` annotation so reviewers
 * see them in the synthesized YAML and every tool (synth, `secure-mesh validate`, the cdk8s plugin) honours them.
 *
 * @example
 * Suppressions.add(myDestinationRule, { id: 'SM-IS-009', reason: 'legacy-db speaks TLS itself; migration in PLAT-123' });
 */
export class Suppressions {
  /** Suppress rule `id` on one object. Throws a `SecureMeshError` when the reason is shorter than 10 characters. */
  public static add(apiObject: ApiObject, suppression: Suppression): void {
    const reason = suppression.reason.trim().replace(/\s*\n\s*/g, ' ');
    if (reason.length < MIN_SUPPRESSION_REASON) {
      throw new SecureMeshError([{
        path: `suppressions[${suppression.id}]`,
        message: `${apiObject.kind}/${apiObject.metadata.name}: a suppression of ${suppression.id} needs a reason of at least ${MIN_SUPPRESSION_REASON} characters saying why the finding is acceptable`,
      }], 'Invalid suppression');
    }
    const current: unknown = apiObject.metadata.toJson()?.annotations?.[SUPPRESSIONS_ANNOTATION];
    const existing = typeof current === 'string' ? parseSuppressions({ apiVersion: 'v1', kind: 'x', metadata: { name: 'x', annotations: { [SUPPRESSIONS_ANNOTATION]: current } } }).valid : [];
    const merged = [...existing.filter((s) => s.id !== suppression.id), { id: suppression.id, reason }];
    apiObject.metadata.addAnnotation(SUPPRESSIONS_ANNOTATION, formatSuppressions(merged));
  }
}
