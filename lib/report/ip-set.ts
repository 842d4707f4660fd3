/**
 * Address sets as exact interval lists (IPv4 and IPv6 in one number line: IPv4 at [0, 2^32), IPv6 above it), for
 * NetworkPolicy `ipBlock` (`cidr` less every `except`: networking.k8s.io/v1 IPBlock) and AuthorizationPolicy
 * `ipBlocks` / `remoteIpBlocks`. The analysis cuts the addresses the objects name into atoms (the regions of their
 * Venn diagram): every block holds an atom whole or not at all, so one address of an atom decides for all of it.
 */

const V4_SIZE = 1n << 32n;
const V6_SIZE = 1n << 128n;

/** Inclusive `[lo, hi]` on the combined number line. */
export interface Interval {
  readonly lo: bigint;
  readonly hi: bigint;
}

interface Parsed {
  readonly v6: boolean;
  readonly value: bigint;
}

function parseAddress(s: string): Parsed | undefined {
  if (!s.includes(':')) {
    const parts = s.split('.');
    if (parts.length !== 4 || parts.some((p) => !/^\d{1,3}$/.test(p) || Number(p) > 255)) return undefined;
    return { v6: false, value: parts.reduce((v, p) => (v << 8n) | BigInt(Number(p)), 0n) };
  }
  const halves = s.split('::');
  if (halves.length > 2) return undefined;
  const head = halves[0] ? halves[0].split(':') : [];
  const tail = halves.length === 2 && halves[1] ? halves[1].split(':') : [];
  const missing = 8 - head.length - tail.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return undefined;
  const groups = [...head, ...Array<string>(halves.length === 2 ? missing : 0).fill('0'), ...tail];
  if (groups.some((g) => !/^[0-9a-fA-F]{1,4}$/.test(g))) return undefined;
  return { v6: true, value: groups.reduce((v, g) => (v << 16n) | BigInt(parseInt(g, 16)), 0n) };
}

/** A CIDR (or a bare address: a host route) as an interval; undefined when it does not parse. */
export function cidrInterval(cidr: string): Interval | undefined {
  const [base, len] = cidr.trim().split('/');
  const a = parseAddress(base);
  if (!a) return undefined;
  const bits = a.v6 ? 128 : 32;
  const n = len === undefined ? bits : Number(len);
  if (!Number.isInteger(n) || n < 0 || n > bits || (len !== undefined && !/^\d+$/.test(len))) return undefined;
  const size = 1n << BigInt(bits - n);
  const lo = (a.value / size) * size; // Kubernetes and Istio mask the host bits
  const offset = a.v6 ? V4_SIZE : 0n;
  return { lo: lo + offset, hi: lo + size - 1n + offset };
}

/** Sorted, disjoint, non-adjacent. */
export function normalize(intervals: readonly Interval[]): Interval[] {
  const sorted = [...intervals].sort((a, b) => (a.lo < b.lo ? -1 : a.lo > b.lo ? 1 : 0));
  const out: { lo: bigint; hi: bigint }[] = [];
  for (const i of sorted) {
    const last = out[out.length - 1];
    if (last && i.lo <= last.hi + 1n) {
      if (i.hi > last.hi) last.hi = i.hi;
    } else out.push({ lo: i.lo, hi: i.hi });
  }
  return out;
}

/** `a` less `b` (both normalized). */
export function subtract(a: readonly Interval[], b: readonly Interval[]): Interval[] {
  const out: Interval[] = [];
  for (const i of a) {
    let lo = i.lo;
    for (const x of b) {
      if (x.hi < lo || x.lo > i.hi) continue;
      if (x.lo > lo) out.push({ lo, hi: x.lo - 1n });
      lo = x.hi + 1n;
      if (lo > i.hi) break;
    }
    if (lo <= i.hi) out.push({ lo, hi: i.hi });
  }
  return out;
}

/** The addresses of an ipBlock: `cidr` less every `except` (undefined when the cidr does not parse). */
export function ipBlockSet(cidr: string, except: readonly string[] = []): Interval[] | undefined {
  const whole = cidrInterval(cidr);
  if (!whole) return undefined;
  return subtract([whole], normalize(except.map(cidrInterval).filter((i): i is Interval => i !== undefined)));
}

export function sameSet(a: readonly Interval[], b: readonly Interval[]): boolean {
  return a.length === b.length && a.every((x, i) => x.lo === b[i].lo && x.hi === b[i].hi);
}

/** The text form of an address on the combined line. */
export function formatAddress(value: bigint): string {
  if (value < V4_SIZE) return [24n, 16n, 8n, 0n].map((s) => String((value >> s) & 255n)).join('.');
  const v = value - V4_SIZE;
  const groups: string[] = [];
  for (let s = 112n; s >= 0n; s -= 16n) groups.push(((v >> s) & 0xffffn).toString(16));
  // RFC 5952: the longest run (2+) of zero groups becomes `::`.
  let best = -1;
  let bestLen = 1;
  for (let i = 0; i < 8;) {
    if (groups[i] !== '0') { i++; continue; }
    let j = i;
    while (j < 8 && groups[j] === '0') j++;
    if (j - i > bestLen) { best = i; bestLen = j - i; }
    i = j;
  }
  if (best < 0) return groups.join(':');
  return `${groups.slice(0, best).join(':')}::${groups.slice(best + bestLen).join(':')}`;
}

/** The fewest CIDRs that make up one interval (of one family). */
export function intervalCidrs(i: Interval): string[] {
  const v6 = i.lo >= V4_SIZE;
  const offset = v6 ? V4_SIZE : 0n;
  const bits = v6 ? 128 : 32;
  let lo = i.lo - offset;
  const hi = i.hi - offset;
  const out: string[] = [];
  while (lo <= hi) {
    let size = 1n;
    let prefix = bits;
    // The largest aligned block starting at lo that fits.
    while (prefix > 0 && lo % (size * 2n) === 0n && lo + size * 2n - 1n <= hi) {
      size *= 2n;
      prefix--;
    }
    out.push(`${formatAddress(lo + offset)}/${prefix}`);
    lo += size;
  }
  return out;
}

/** The smallest CIDR holding a set of one family. */
function hull(set: readonly Interval[]): Interval {
  const lo = set[0].lo;
  const hi = set[set.length - 1].hi;
  const v6 = lo >= V4_SIZE;
  const offset = v6 ? V4_SIZE : 0n;
  const total = v6 ? V6_SIZE : V4_SIZE;
  let size = 1n;
  while (size < total && ((lo - offset) / size !== (hi - offset) / size)) size *= 2n;
  const base = ((lo - offset) / size) * size + offset;
  return { lo: base, hi: base + size - 1n };
}

/**
 * A short exact name of a set: its CIDRs (`10.0.0.0/8, 192.168.0.0/16`), or its hull less the rest
 * (`0.0.0.0/0 except 10.0.0.0/8`), whichever is shorter; IPv4 and IPv6 parts joined with `; `.
 */
export function describeSet(set: readonly Interval[]): string {
  const families = [set.filter((i) => i.lo < V4_SIZE), set.filter((i) => i.lo >= V4_SIZE)].filter((f) => f.length > 0);
  return families.map((f) => {
    const direct = f.flatMap(intervalCidrs).join(', ');
    const h = hull(f);
    const rest = subtract([h], f);
    const withExcept = `${intervalCidrs(h).join(', ')} except ${rest.flatMap(intervalCidrs).join(', ')}`;
    return rest.length === 0 || direct.length <= withExcept.length ? direct : withExcept;
  }).join('; ');
}

/**
 * The ipBlocks (`cidr` with `except`) that say the set `describeSet` named: one per CIDR, each with the excepted CIDRs
 * inside it. The inverse of `describeSet`, for readers of the report's `cidr:` ids (secure-mesh import).
 */
export function describedBlocks(description: string): { cidr: string; except: string[] }[] {
  return description.split('; ').flatMap((family) => {
    const [included, excluded] = family.split(' except ');
    const except = excluded ? excluded.split(', ') : [];
    return included.split(', ').map((cidr) => {
      const whole = cidrInterval(cidr);
      const inside = whole ? except.filter((e) => { const i = cidrInterval(e); return i !== undefined && i.lo >= whole.lo && i.hi <= whole.hi; }) : [];
      return { cidr, except: inside };
    });
  });
}

/** One address inside a non-empty set: stands for the whole atom. */
export function representative(set: readonly Interval[]): string {
  return formatAddress(set[0].lo);
}

/**
 * The atoms of `sets`: the non-empty regions where the same sets hold every address, each with the indexes of the
 * sets holding it; in address order of their first address.
 */
export function atoms(sets: readonly (readonly Interval[])[]): { set: Interval[]; members: number[] }[] {
  const cuts = new Set<bigint>();
  sets.forEach((s) => { for (const i of s) cuts.add(i.lo).add(i.hi + 1n); });
  const sorted = [...cuts].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const bySignature = new Map<string, { set: Interval[]; members: number[] }>();
  for (let k = 0; k + 1 < sorted.length; k++) {
    const piece: Interval = { lo: sorted[k], hi: sorted[k + 1] - 1n };
    const members: number[] = [];
    sets.forEach((s, idx) => { if (s.some((i) => i.lo <= piece.lo && piece.hi <= i.hi)) members.push(idx); });
    if (members.length === 0) continue;
    const key = members.join(',');
    let atom = bySignature.get(key);
    if (!atom) bySignature.set(key, (atom = { set: [], members }));
    atom.set.push(piece);
  }
  return [...bySignature.values()].map((a) => ({ set: normalize(a.set), members: a.members }));
}
