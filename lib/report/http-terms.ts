/**
 * The HTTP requests an AuthorizationPolicy operation admits. Istio ANDs the fields of one `to[].operation`
 * (security.istio.io/v1 Operation: "all fields must match"), so `methods: [GET, PUT]` with `notMethods: [GET]` admits
 * PUT only, and `methods: [GET]` with `notMethods: [GET]` admits nothing. A DENY rule whose only HTTP field is
 * `methods`, `paths` or `hosts` (or `notMethods`) removes exactly those requests from what ALLOW grants.
 *
 * Values are Istio string patterns: exact, `prefix*`, `*suffix`, `*` (istio/istio pkg/security/authz/model
 * `stringMatch`). `[]` in a positive list = no constraint; a `not*` list excludes what any of its entries matches.
 */

export interface HttpTerms {
  readonly paths: readonly string[];
  readonly methods: readonly string[];
  readonly notPaths: readonly string[];
  readonly notMethods: readonly string[];
  readonly hosts: readonly string[];
  readonly notHosts: readonly string[];
}

export const ALL_REQUESTS: HttpTerms = { paths: [], methods: [], notPaths: [], notMethods: [], hosts: [], notHosts: [] };

export function unrestricted(t: HttpTerms): boolean {
  return t.paths.length === 0 && t.methods.length === 0 && t.notPaths.length === 0 && t.notMethods.length === 0 && t.hosts.length === 0 && t.notHosts.length === 0;
}

/** Istio string match against one value. */
export function patternMatches(pattern: string, value: string): boolean {
  if (pattern === '*') return true;
  if (pattern.length > 1 && pattern.endsWith('*')) return value.startsWith(pattern.slice(0, -1));
  if (pattern.length > 1 && pattern.startsWith('*')) return value.endsWith(pattern.slice(1));
  return value === pattern;
}

/** Whether every value `inner` matches, `outer` matches too. */
export function patternCovers(outer: string, inner: string): boolean {
  if (outer === '*') return true;
  if (inner === '*') return false;
  const innerPrefix = inner.length > 1 && inner.endsWith('*');
  const innerSuffix = inner.length > 1 && inner.startsWith('*');
  if (!innerPrefix && !innerSuffix) return patternMatches(outer, inner);
  if (innerPrefix && outer.length > 1 && outer.endsWith('*')) return inner.slice(0, -1).startsWith(outer.slice(0, -1));
  if (innerSuffix && outer.length > 1 && outer.startsWith('*')) return inner.slice(1).endsWith(outer.slice(1));
  return false;
}

const isExact = (p: string) => !p.includes('*');

/**
 * A positive list less a negative one: the positive entries no negative entry covers, and the negatives still needed
 * (none when every kept entry is exact: an exact value not covered is not matched). `undefined`: nothing is left.
 */
function narrow(positive: readonly string[], negative: readonly string[]): { positive: string[]; negative: string[] } | undefined {
  if (negative.length === 0) return { positive: [...positive], negative: [] };
  if (positive.length === 0) return { positive: [], negative: [...new Set(negative)] };
  const kept = positive.filter((p) => !negative.some((n) => patternCovers(n, p)));
  if (kept.length === 0) return undefined;
  return { positive: kept, negative: kept.every(isExact) ? [] : [...new Set(negative)] };
}

/** One operation's HTTP fields ANDed; undefined when they admit no request. */
export function operationTerms(op: Partial<Record<keyof HttpTerms, readonly string[] | undefined>>): HttpTerms | undefined {
  const m = narrow(op.methods ?? [], op.notMethods ?? []);
  const p = narrow(op.paths ?? [], op.notPaths ?? []);
  const h = narrow(op.hosts ?? [], op.notHosts ?? []);
  if (!m || !p || !h) return undefined;
  return { methods: m.positive, notMethods: m.negative, paths: p.positive, notPaths: p.negative, hosts: h.positive, notHosts: h.negative };
}

/** What a DENY operation removes, when it can be written as terms: one field, or `notMethods` alone. */
export type Exclusion =
  | { readonly field: 'methods' | 'paths' | 'hosts'; readonly values: readonly string[] }
  | { readonly field: 'onlyMethods'; readonly values: readonly string[] };

const POSITIVE = { methods: 'methods', paths: 'paths', hosts: 'hosts' } as const;
const NEGATIVE = { methods: 'notMethods', paths: 'notPaths', hosts: 'notHosts' } as const;

/**
 * `terms` less the requests a DENY operation matches; undefined when nothing is left. (`onlyMethods`: the DENY
 * matches every method but these, so only these are left.)
 */
export function exclude(terms: HttpTerms, x: Exclusion): HttpTerms | undefined {
  if (x.field === 'onlyMethods') {
    const allowed = terms.methods.length > 0
      ? terms.methods.filter((m) => x.values.some((v) => patternCovers(v, m)))
      : x.values.filter((v) => !terms.notMethods.some((n) => patternCovers(n, v)));
    if (allowed.length === 0) return undefined;
    return { ...terms, methods: allowed, notMethods: allowed.every(isExact) ? [] : terms.notMethods };
  }
  const pos = POSITIVE[x.field];
  const neg = NEGATIVE[x.field];
  const narrowed = narrow(terms[pos], [...terms[neg], ...x.values]);
  if (!narrowed) return undefined;
  return { ...terms, [pos]: narrowed.positive, [neg]: narrowed.negative.sort() };
}
