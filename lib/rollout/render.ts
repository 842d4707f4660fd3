import { stringify } from 'yaml';
import type { RolloutStep } from './step';

/** A rollout plan for people (`text`) or tools (`json`, `yaml`: the steps with their definitions). */
export function renderRolloutPlan(steps: readonly RolloutStep[], format: 'text' | 'json' | 'yaml'): string {
  if (format === 'json') return `${JSON.stringify(steps, null, 2)}\n`;
  if (format === 'yaml') return stringify(steps, { lineWidth: 0 });
  const lines: string[] = [];
  for (const step of steps) {
    lines.push(`Step ${step.number}: ${step.title}  (${step.file})`, '', `  ${step.description}`, '', '  Before applying, check:');
    for (const w of step.watch) lines.push(`  - ${w}`);
    const { added, removed, changed } = step.changes;
    lines.push('', `  Objects: ${step.objects} (${added.length} added, ${changed.length} changed, ${removed.length} removed)`);
    for (const [sign, refs] of [['+', added], ['~', changed], ['-', removed]] as const) for (const r of refs) lines.push(`    ${sign} ${r}`);
    // `kubectl apply` creates and updates; what a step no longer emits stays in the cluster (and keeps refusing) until deleted.
    if (removed.length > 0) lines.push('  Delete the removed objects if they were applied before (kubectl apply does not delete them; they would keep enforcing).');
    lines.push('');
  }
  return lines.join('\n');
}
