/**
 * Ports as inclusive spans. NetworkPolicy `endPort` admits every port from `port` to `endPort` (inclusive;
 * networking.k8s.io/v1 NetworkPolicyPort), so a rule is a span, not two ports. The analysis cuts each destination's
 * ports into segments on which every rule gives one answer: the single ports some object names, the pieces of the
 * ranges between them, and ANY (every port no rule names). The report writes a span as `1000-2000`.
 */
import type { AccessPort } from './types';
import { ANY_PORT } from './wellknown';

/** Inclusive; `{ lo: ANY_PORT, hi: ANY_PORT }` stands for every port no rule names. */
export interface PortSpan {
  readonly lo: number;
  readonly hi: number;
}

/** TCP/UDP port numbers (Kubernetes validates 1-65535). */
export const MIN_PORT = 1;
export const MAX_PORT = 65535;

export const ANY_SPAN: PortSpan = { lo: ANY_PORT, hi: ANY_PORT };

/**
 * The segments for named single ports `points` and inclusive `ranges`, ascending, then ANY: each single port on its
 * own, each range cut at every single port and every other range's ends, so every rule either covers a segment whole
 * or misses it.
 */
export function segments(points: Iterable<number>, ranges: readonly PortSpan[]): PortSpan[] {
  const singles = [...new Set(points)].filter((p) => p >= MIN_PORT && p <= MAX_PORT).sort((a, b) => a - b);
  if (ranges.length === 0) return [...singles.map((p) => ({ lo: p, hi: p })), ANY_SPAN];
  const cuts = new Set<number>();
  for (const p of singles) cuts.add(p).add(p + 1);
  for (const r of ranges) cuts.add(r.lo).add(r.hi + 1);
  const sorted = [...cuts].sort((a, b) => a - b);
  const singleSet = new Set(singles);
  const out: PortSpan[] = [];
  for (let i = 0; i + 1 < sorted.length; i++) {
    const lo = sorted[i];
    const hi = sorted[i + 1] - 1;
    if (singleSet.has(lo) && lo === hi) out.push({ lo, hi });
    else if (ranges.some((r) => r.lo <= lo && hi <= r.hi)) out.push({ lo, hi });
  }
  out.push(ANY_SPAN);
  return out;
}

/**
 * Overlapping spans joined, and adjacent ones when either is a range (the pieces of a range cut at a named port
 * become the range again; two named ports side by side stay two ports); ascending, ANY left out.
 */
export function mergeSpans(spans: readonly PortSpan[]): PortSpan[] {
  const sorted = spans.filter((s) => s.lo !== ANY_PORT).sort((a, b) => a.lo - b.lo);
  const out: { lo: number; hi: number }[] = [];
  for (const s of sorted) {
    const last = out[out.length - 1];
    if (last && (s.lo <= last.hi || (s.lo === last.hi + 1 && (s.hi > s.lo || last.hi > last.lo)))) last.hi = Math.max(last.hi, s.hi);
    else out.push({ lo: s.lo, hi: s.hi });
  }
  return out;
}

/**
 * The ports ANY stands for among `evaluated` (a destination's segments): 1-65535 less every named segment, as spans,
 * so an access on "any other port" next to a refused named port is reported exactly (`1-8079, 8081-65535`).
 */
export function otherPorts(evaluated: readonly PortSpan[]): PortSpan[] {
  const named = mergeSpans(evaluated);
  const out: PortSpan[] = [];
  let next = MIN_PORT;
  for (const s of named) {
    if (s.lo > next) out.push({ lo: next, hi: s.lo - 1 });
    next = Math.max(next, s.hi + 1);
  }
  if (next <= MAX_PORT) out.push({ lo: next, hi: MAX_PORT });
  return out;
}

/** `8080`, or `"1000-2000"` for a range. */
export function formatSpan(s: PortSpan): AccessPort {
  return s.lo === s.hi ? s.lo : `${s.lo}-${s.hi}`;
}

/** The span an access port stands for. */
export function spanOf(p: AccessPort): PortSpan {
  if (typeof p === 'number') return { lo: p, hi: p };
  const [lo, hi] = p.split('-').map(Number);
  return { lo, hi };
}

/** The report's port list for admitted spans: `[]` (all ports) when they cover 1-65535. */
export function accessPorts(spans: readonly PortSpan[]): AccessPort[] {
  // The common case: single ports, ascending and distinct (segments() order).
  let singles = true;
  for (const s of spans) if (s.lo !== s.hi || s.lo === ANY_PORT) { singles = false; break; }
  if (singles) return spans.map((s) => s.lo);
  const merged = mergeSpans(spans);
  if (merged.length === 1 && merged[0].lo <= MIN_PORT && merged[0].hi >= MAX_PORT) return [];
  return merged.map(formatSpan);
}

/** Whether the ports `outer` (`[]`: all) cover every port of `inner` (`[]`: all). */
export function portsCover(outer: readonly AccessPort[], inner: readonly AccessPort[]): boolean {
  if (outer.length === 0) return true;
  if (inner.length === 0) return false;
  const spans = mergeSpans(outer.map(spanOf));
  return inner.every((p) => {
    const s = spanOf(p);
    return spans.some((o) => o.lo <= s.lo && s.hi <= o.hi);
  });
}

/** Lowest port of an access port, for ordering. */
export function firstPort(p: AccessPort): number {
  return typeof p === 'number' ? p : spanOf(p).lo;
}
