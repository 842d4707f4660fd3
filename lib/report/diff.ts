/**
 * What changed in who may call whom between two reports. Accesses are matched by caller and
 * destination; an access whose ports, paths, methods or transport differ is "changed". Widening =
 * anything new a caller can do: a new access, a port, path or method added, or mTLS dropped to plaintext.
 */
import { sortAccess } from './order';
import { patternCovers } from './http-terms';
import { portsCover } from './port-span';
import type { Access, ConnectivityDiff, ConnectivityReport } from './types';

function pairKey(a: Access): string {
  return `${a.from}\u0000${a.to}`;
}

function byPair(access: readonly Access[]): Map<string, Access[]> {
  const out = new Map<string, Access[]>();
  for (const a of sortAccess(access)) {
    const list = out.get(pairKey(a));
    if (list) list.push(a);
    else out.set(pairKey(a), [a]);
  }
  return out;
}

function sameList<T>(a: readonly T[], b: readonly T[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

const NONE: readonly string[] = [];

/** Same terms for the same pair: what `accessKey` compares, without building the key (reports have tens of thousands). */
function sameTerms(a: Access, b: Access): boolean {
  return a.mtls === b.mtls && sameList(a.ports, b.ports) && sameList(a.paths, b.paths) && sameList(a.methods, b.methods) &&
    sameList(a.notPaths ?? NONE, b.notPaths ?? NONE) && sameList(a.notMethods ?? NONE, b.notMethods ?? NONE) &&
    sameList(a.hosts ?? NONE, b.hosts ?? NONE) && sameList(a.notHosts ?? NONE, b.notHosts ?? NONE);
}

/** The accesses of `side` that `other` (the same pair in the other report) does not have. */
function onlyIn(side: readonly Access[] = [], other: readonly Access[] = []): Access[] {
  return side.filter((s) => !other.some((o) => sameTerms(s, o)));
}

export function diffConnectivity(before: ConnectivityReport, after: ConnectivityReport): ConnectivityDiff {
  const diff: ConnectivityDiff = { added: [], removed: [], changed: [] };
  const b = byPair(before.access);
  const a = byPair(after.access);
  for (const key of [...new Set([...b.keys(), ...a.keys()])].sort()) {
    const olds = onlyIn(b.get(key), a.get(key));
    const news = onlyIn(a.get(key), b.get(key));
    // Pair leftovers in order: the same caller and destination with different terms is a change.
    const n = Math.min(olds.length, news.length);
    for (let i = 0; i < n; i++) diff.changed.push({ before: olds[i], after: news[i] });
    diff.removed.push(...olds.slice(n));
    diff.added.push(...news.slice(n));
  }
  return diff;
}

/** `[]` means "all", so it covers everything; otherwise every pattern of `after` must be inside one of `before`. */
function covers(before: readonly string[], after: readonly string[]): boolean {
  if (before.length === 0) return true;
  if (after.length === 0) return false;
  return after.every((x) => before.some((b) => patternCovers(b, x)));
}

/** Exclusions: `after` excludes at least what `before` did (each excluded pattern of `before` inside one of `after`). */
function excludesAtLeast(before: readonly string[] = NONE, after: readonly string[] = NONE): boolean {
  return before.every((b) => after.some((a) => patternCovers(a, b)));
}

/** Lost protection: mesh mTLS dropped (the caller's identity is no longer checked), or any TLS dropped. */
const TRANSPORT_RANK: Readonly<Record<Access['mtls'], number>> = { mutual: 2, 'app-tls': 1, plaintext: 0 };

/** Whether `after` lets the caller do anything `before` did not. */
export function changeWidens(before: Access, after: Access): boolean {
  return !portsCover(before.ports, after.ports) || !covers(before.paths, after.paths) || !covers(before.methods, after.methods) ||
    !covers(before.hosts ?? NONE, after.hosts ?? NONE) ||
    !excludesAtLeast(before.notPaths, after.notPaths) || !excludesAtLeast(before.notMethods, after.notMethods) || !excludesAtLeast(before.notHosts, after.notHosts) ||
    TRANSPORT_RANK[after.mtls] < TRANSPORT_RANK[before.mtls];
}

export function accessWidens(diff: ConnectivityDiff): boolean {
  return diff.added.length > 0 || diff.changed.some((c) => changeWidens(c.before, c.after));
}
