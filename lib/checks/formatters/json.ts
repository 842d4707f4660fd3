import type { Located } from './text';

/** Machine-readable findings: stable keys and order, no object bodies. */
export function formatJson(findings: readonly Located[]): string {
  const active = findings.filter((f) => !f.suppressed);
  const summary = {
    error: active.filter((f) => f.severity === 'error').length,
    warning: active.filter((f) => f.severity === 'warning').length,
    info: active.filter((f) => f.severity === 'info').length,
    suppressed: findings.length - active.length,
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
  return `${JSON.stringify({ summary, findings: list }, null, 2)}\n`;
}
