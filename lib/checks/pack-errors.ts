import type { K8sObject } from '../k8s-object';
import { runPack } from './engine';
import { formatFinding, type Finding } from './finding';
import { printNoticeOnce } from './notices';
import type { PackOptions } from './rule';

/**
 * The rule pack over one chart's objects as synthesis runs it: warnings and suppressed findings go to stderr once per process
 * (unless `SECURE_MESH_QUIET` is set), and the unsuppressed errors come back as validation messages. The construct's
 * synth-time validation (in-synthesis.ts) and the CLI's synth, which writes the objects without a construct tree,
 * both call this, so they report the same. Kept free of cdk8s so the CLI does not load it.
 */
export function rulePackErrors(objects: readonly K8sObject[], options: PackOptions = {}): string[] {
  return rulePackErrorFindings(objects, options).map(formatPackError);
}

/** `rulePackErrors` before formatting: the unsuppressed errors, for callers that add to each line (the definition field). */
export function rulePackErrorFindings(objects: readonly K8sObject[], options: PackOptions = {}): Finding[] {
  const findings = runPack(objects, options);
  for (const f of findings) {
    if (f.suppressed) printNoticeOnce(`suppressed: ${formatFinding(f)} (reason: ${f.suppressed})`);
    else if (f.severity === 'warning') printNoticeOnce(`warning: ${formatFinding(f)}`);
  }
  return findings.filter((f) => !f.suppressed && f.severity === 'error');
}

/** One error line: `[SM-IS-009] DestinationRule/shop/web: message (involves PeerAuthentication/shop/default)`. */
export function formatPackError(f: Finding): string {
  return formatFinding(f) + (f.related.length ? ` (involves ${f.related.join(', ')})` : '');
}
