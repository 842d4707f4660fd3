import { stringify } from 'yaml';
import { objectRef } from '../k8s-object';
import type { RotationStep } from './step';

/** A rotation plan for people (`text`) or tools (`json`, `yaml`: the steps with their manifests). */
export function renderRotationPlan(steps: readonly RotationStep[], format: 'text' | 'json' | 'yaml'): string {
  if (format === 'json') return `${JSON.stringify(steps, null, 2)}\n`;
  if (format === 'yaml') return stringify(steps, { lineWidth: 0 });
  const lines: string[] = [];
  for (const step of steps) {
    lines.push(`Step ${step.number}: ${step.title}`, '', ...wrap(step.description, 100).map((l) => `  ${l}`), '');
    for (const warning of step.warnings ?? []) lines.push(...wrap(`WARNING: ${warning}`, 100).map((l, i) => `  ${i === 0 ? '' : '  '}${l}`), '');
    if (step.container) {
      lines.push('  ModelMesh container env:', ...step.container.env.map((e) => `    ${e.name}=${e.value}`));
      const bundle = step.container.trustBundle;
      lines.push('  Volumes:', ...step.container.volumes.map((v) => `    ${v.name}: Secret ${v.secretName}`),
        ...(bundle ? [`    ${bundle.volume}: ConfigMap ${bundle.configMap} (key ${bundle.key}) at ${bundle.mountPath}`] : []), '');
    }
    lines.push(`  Manifests (${step.manifests.length}):`, ...step.manifests.map((m) => `    ${objectRef(m)}`), '');
  }
  return lines.join('\n');
}

function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else {
      line = line ? `${line} ${word}` : word;
    }
  }
  if (line) lines.push(line);
  return lines;
}
