import { objectRef, type K8sObject } from '../k8s-object';
import type { Severity } from './rule';
import { capEchoes } from '../model/echo';

/** A rule violation, ready to print: what every output (text, JSON, SARIF, synth errors, cdk8s plugin) is made from. */
export interface Finding {
  readonly ruleId: string;
  readonly severity: Severity;
  readonly message: string;
  /** `objectRef()` of the object the finding is reported on. */
  readonly object: string;
  /** The object itself (for locations); not serialized. */
  readonly target?: K8sObject;
  /** `objectRef()` of the other objects involved. */
  readonly related: readonly string[];
  readonly relatedTargets?: readonly K8sObject[];
  /** Set when a suppression on the object (or a related object) silenced the finding: the reviewer-visible reason. */
  readonly suppressed?: string;
}

/** `[SM-IS-009] DestinationRule/shop/web: message`: one line, as synth errors print it. */
export function formatFinding(f: Finding): string {
  return capEchoes(`[${f.ruleId}] ${f.object}: ${f.message}`);
}

/** Stable order: severity, rule, object, message; so output is byte-identical across runs. */
export function compareFindings(a: Finding, b: Finding): number {
  const rank = (s: Severity): number => (s === 'error' ? 0 : s === 'warning' ? 1 : 2);
  return rank(a.severity) - rank(b.severity) || cmp(a.ruleId, b.ruleId) || cmp(a.object, b.object) || cmp(a.message, b.message);
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function refOf(obj: K8sObject): string {
  try {
    return objectRef(obj);
  } catch {
    return String(obj?.kind ?? '?');
  }
}
