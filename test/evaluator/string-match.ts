/**
 * Istio AuthorizationPolicy string matching (security/v1beta1/authorization_policy.proto):
 * exact, prefix `abc*`, suffix `*abc`, presence `*`; paths additionally support the URI templates
 * `{*}` (exactly one path segment) and `{**}` (zero or more characters, including `/`; Envoy
 * uri_template `**`, which must be the last operator).
 */

export function istioStringMatch(pattern: string, value: string | undefined): boolean {
  if (value === undefined) return false; // an absent attribute never matches a positive pattern, even `*`
  if (pattern === '*') return true; // presence match
  if (pattern.length > 1 && pattern.endsWith('*')) return value.startsWith(pattern.slice(0, -1));
  if (pattern.length > 1 && pattern.startsWith('*')) return value.endsWith(pattern.slice(1));
  return value === pattern;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Path matching: URI templates when the pattern contains `{*}` / `{**}`, else the ordinary string match. */
export function pathMatch(pattern: string, path: string | undefined): boolean {
  if (path === undefined) return false;
  if (!pattern.includes('{*}') && !pattern.includes('{**}')) return istioStringMatch(pattern, path);
  const re = pattern
    .split(/(\{\*\*\}|\{\*\})/)
    .map((part) => (part === '{**}' ? '.*' : part === '{*}' ? '[^/]+' : escapeRegExp(part)))
    .join('');
  return new RegExp(`^${re}$`).test(path);
}

/** Any pattern in the list matches. */
export function anyMatch(patterns: readonly string[], value: string | undefined, match = istioStringMatch): boolean {
  return patterns.some((p) => match(p, value));
}
