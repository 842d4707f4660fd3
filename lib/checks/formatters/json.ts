import type { Located } from './text';

/**
 * Machine-readable findings: stable keys and order, no object bodies. Files of a directory skipped because they hold
 * no Kubernetes object are counted in `summary.skipped` and listed in `skipped` (both only when there are some).
 */
export function formatJson(findings: readonly Located[], skipped: readonly { file: string; reason: string }[] = []): string {
  const active = findings.filter((f) => !f.suppressed);
  const summary = {
    error: active.filter((f) => f.severity === 'error').length,
    warning: active.filter((f) => f.severity === 'warning').length,
    info: active.filter((f) => f.severity === 'info').length,
    suppressed: findings.length - active.length,
    ...(skipped.length > 0 ? { skipped: skipped.length } : {}),
  };
  const list = findings.map((f) => ({
    ruleId: f.ruleId,
    severity: f.severity,
    object: f.object,
    message: f.message,
    related: f.related,
    ...(f.file ? { file: f.file, line: f.line ?? 1 } : {}),
    ...(f.suppressed ? { suppressed: f.suppressed } : {}),
  }));
  const files = skipped.map((f) => ({ file: f.file, reason: f.reason }));
  return `${JSON.stringify({ summary, findings: list, ...(files.length > 0 ? { skipped: files } : {}) }, null, 2)}\n`;
}
