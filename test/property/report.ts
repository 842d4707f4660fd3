/**
 * Readable counterexamples: the definition as YAML, then each failing (caller, destination, port,
 * request) with what the definition declares and what the evaluator decided, with its reasons.
 */
import type { Verdict } from '../evaluator';
import type { SecureMeshProps } from '../../lib/model/definition';
import { toYaml } from './arbitraries';
import type { Destination, Expectation, HttpProbe, WorldPod } from './oracle';

export interface Mismatch {
  readonly caller: WorldPod;
  readonly destination: Destination;
  readonly http?: HttpProbe;
  readonly expected: Expectation;
  readonly actual: Verdict;
  /** Set when the failure is not an allow/deny disagreement but a broken invariant. */
  readonly note?: string;
}

export function describePair(m: Pick<Mismatch, 'caller' | 'destination' | 'http'>): string {
  const d = m.destination;
  const request = m.http ? `HTTP ${m.http.method} ${m.http.path}` : 'TCP';
  return `${m.caller.id} (sidecar: ${m.caller.sidecar}) -> ${d.workload.namespace}/${d.workload.name}:${d.port} (sidecar: ${d.pod.sidecar}), ${request}`;
}

export function formatMismatches(def: SecureMeshProps, mismatches: readonly Mismatch[], limit = 5): string {
  const lines = [`${mismatches.length} request(s) disagree with the definition.`, '', 'Definition:', toYaml(def).trimEnd().replace(/^/gm, '  '), ''];
  for (const m of mismatches.slice(0, limit)) {
    lines.push(`- ${describePair(m)}`);
    if (m.note) lines.push(`    ${m.note}`);
    lines.push(`    declared: ${m.expected.allowed ? 'allowed' : m.expected.layer ? `refused at ${m.expected.layer}` : 'refused'} (${m.expected.why})`);
    lines.push(`    evaluator: ${m.actual.allowed ? 'allowed' : `refused at ${m.actual.layer}`}`);
    for (const r of m.actual.reasons) lines.push(`      · ${r}`);
  }
  if (mismatches.length > limit) lines.push(`… and ${mismatches.length - limit} more`);
  return lines.join('\n');
}
