/**
 * AuthorizationPolicy (security.istio.io v1 / v1beta1) at a destination sidecar. Sources:
 * security/v1beta1/authorization_policy.proto, pilot/pkg/security/authz/model/{model,generator}.go,
 * pilot/pkg/security/authz/builder/builder.go.
 */
import type { K8sObject } from '../../lib/k8s-object';
import type { Cluster, LayerResult, Peer, Request } from './types';
import { isHttp, rootNamespaceOf } from './types';
import { asArray, asRecord, asStringArray, byAge, namespaceOf, objectsOf, ref, specOf } from './objects';
import { istioMatchLabels, subsetOf } from './label-selector';
import { anyMatch, istioStringMatch, pathMatch } from './string-match';
import { ipInCidr } from './ip';
import { serviceHost } from './client-tls';

type Action = 'ALLOW' | 'DENY' | 'AUDIT' | 'CUSTOM';

export function actionOf(ap: K8sObject): Action {
  const a = specOf(ap).action;
  return a === 'DENY' || a === 'AUDIT' || a === 'CUSTOM' ? a : 'ALLOW'; // ALLOW is enum value 0, the default
}

/**
 * Policies that apply to the destination workload (sidecar):
 * - root namespace, no selector → every workload in the mesh;
 * - root namespace, with selector → matching workloads in ALL namespaces ("will additionally match with
 *   workloads in all namespaces" — unlike PeerAuthentication);
 * - destination namespace, no selector (or `matchLabels: {}`) → all its workloads;
 * - destination namespace, selector.matchLabels ⊆ pod labels → that workload.
 * Policies with `targetRef`/`targetRefs` are for gateways/waypoints and never apply to sidecars.
 */
export function applicablePolicies(cluster: Cluster, req: Request): K8sObject[] {
  const root = rootNamespaceOf(cluster);
  return objectsOf(cluster.objects, 'security.istio.io', 'AuthorizationPolicy')
    .filter((ap) => {
      const spec = specOf(ap);
      if (spec.targetRef !== undefined || spec.targetRefs !== undefined) return false;
      const ns = namespaceOf(ap);
      if (ns !== root && ns !== req.to.namespace) return false;
      const ml = istioMatchLabels(spec.selector);
      return ml === undefined || subsetOf(ml, req.to.labels);
    })
    .sort(byAge);
}

interface Ctx {
  cluster: Cluster;
  req: Request;
  peer: Peer;
  policyNamespace: string;
  action: Action;
  http: boolean;
}

/** Source fields that only exist for HTTP (generator.go returns an error for them on TCP filter chains). */
const HTTP_ONLY_SOURCE = ['requestPrincipals', 'notRequestPrincipals'];
/** Operation fields that only exist for HTTP. */
const HTTP_ONLY_OPERATION = ['hosts', 'notHosts', 'methods', 'notMethods', 'paths', 'notPaths'];
function httpOnlyKey(key: string): boolean {
  return key.startsWith('request.headers') || key.startsWith('request.auth.');
}

/** proto3: an empty repeated field is indistinguishable from an unset one. */
function nonEmpty(v: unknown): boolean {
  return Array.isArray(v) ? v.length > 0 : v !== undefined && v !== null;
}

/** Whether a rule mentions any HTTP-only attribute (anywhere: from, to or when). */
export function ruleHasHttpOnly(rule: Record<string, unknown>): boolean {
  const has = (entries: unknown, field: string, keys: string[]) =>
    (asArray(entries) ?? []).some((e) => {
      const inner = asRecord(asRecord(e)?.[field]) ?? {};
      return keys.some((k) => nonEmpty(inner[k]));
    });
  return (
    has(rule.from, 'source', HTTP_ONLY_SOURCE) ||
    has(rule.to, 'operation', HTTP_ONLY_OPERATION) ||
    (asArray(rule.when) ?? []).some((w) => httpOnlyKey(String(asRecord(w)?.key)))
  );
}

/** `<trustDomain>/ns/<ns>/sa/<sa>` parts of a peer principal. */
function parsePrincipal(principal: string | undefined): { trustDomain: string; namespace: string; serviceAccount: string } | undefined {
  const m = principal === undefined ? null : /^(?:spiffe:\/\/)?(.*)\/ns\/([^/]+)\/sa\/([^/]+)$/.exec(principal);
  return m ? { trustDomain: m[1], namespace: m[2], serviceAccount: m[3] } : undefined;
}

/**
 * A positive list matches iff some entry matches the value; a `not*` list matches iff no entry matches.
 * An absent value (e.g. no principal on a plaintext connection) matches no positive entry, not even `*`,
 * so positive lists fail and negative lists succeed (Envoy: NOT(principal matcher) on a connection
 * without a certificate is true). Documented consequence: ALLOW on principals/namespaces does not match
 * plaintext callers; DENY on principals/namespaces does not catch plaintext callers either.
 */
function check(list: string[] | undefined, value: string | undefined, negate: boolean, match = istioStringMatch): boolean {
  if (list === undefined || list.length === 0) return true; // proto3: empty list = unset = no constraint
  const hit = anyMatch(list, value, match);
  return negate ? !hit : hit;
}

function cidrMatch(pattern: string, ip: string | undefined): boolean {
  return ip !== undefined && ipInCidr(ip, pattern);
}

/** `serviceAccounts` entries are `<ns>/<sa>` or `<sa>` (the policy's namespace); no wildcards. */
function serviceAccountMatch(ctx: Ctx) {
  return (entry: string, value: string | undefined): boolean => {
    if (value === undefined) return false;
    const full = entry.includes('/') ? entry : `${ctx.policyNamespace}/${entry}`;
    return full === value;
  };
}

function peerServiceAccount(peer: Peer): string | undefined {
  const p = parsePrincipal(peer.principal);
  return p ? `${p.namespace}/${p.serviceAccount}` : undefined;
}

/** A `from[].source`: ALL present fields must match (fields ANDed, list entries ORed). */
function sourceMatches(ctx: Ctx, source: Record<string, unknown>): boolean {
  const s = (k: string) => asStringArray(source[k]);
  const { peer, req } = ctx;
  // Peer-certificate fields: only populated with mTLS (peer.principal / peer.namespace undefined otherwise).
  const td = parsePrincipal(peer.principal)?.trustDomain;
  const sa = peerServiceAccount(peer);
  const ok =
    check(s('principals'), peer.principal, false) &&
    check(s('notPrincipals'), peer.principal, true) &&
    check(s('namespaces'), peer.namespace, false) &&
    check(s('notNamespaces'), peer.namespace, true) &&
    check(s('serviceAccounts'), sa, false, serviceAccountMatch(ctx)) &&
    check(s('notServiceAccounts'), sa, true, serviceAccountMatch(ctx)) &&
    check(s('trustDomains'), td, false) &&
    check(s('notTrustDomains'), td, true) &&
    // ipBlocks: the packet's source IP (works without mTLS); remoteIpBlocks: X-Forwarded-For / PROXY
    // protocol, which without trusted proxies is the same address in our model.
    check(s('ipBlocks'), req.from.ip, false, cidrMatch) &&
    check(s('notIpBlocks'), req.from.ip, true, cidrMatch) &&
    check(s('remoteIpBlocks'), req.from.ip, false, cidrMatch) &&
    check(s('notRemoteIpBlocks'), req.from.ip, true, cidrMatch);
  if (!ok) return false;
  if (!ctx.http) return true; // TCP: HTTP-only fields were handled by the caller (ALLOW: rule dropped; DENY: ignored)
  // requestPrincipals come from a JWT; our requests never carry one.
  return check(s('requestPrincipals'), undefined, false) && check(s('notRequestPrincipals'), undefined, true);
}

/** A `to[].operation`: ALL present fields must match. */
function operationMatches(ctx: Ctx, op: Record<string, unknown>): boolean {
  const s = (k: string) => asStringArray(op[k]);
  const { req } = ctx;
  const port = String(req.port); // ports are strings, compared to the destination (container) port
  const portMatch = (p: string, v: string | undefined) => p === v;
  if (!check(s('ports'), port, false, portMatch) || !check(s('notPorts'), port, true, portMatch)) return false;
  if (!ctx.http) return true; // see sourceMatches
  const host = (req.host ?? serviceHost(ctx.cluster, req.to))?.toLowerCase();
  const hostMatch = (p: string, v: string | undefined) => istioStringMatch(p.toLowerCase(), v);
  return (
    check(s('hosts'), host, false, hostMatch) &&
    check(s('notHosts'), host, true, hostMatch) &&
    check(s('methods'), req.method, false) &&
    check(s('notMethods'), req.method, true) &&
    check(s('paths'), req.path, false, pathMatch) &&
    check(s('notPaths'), req.path, true, pathMatch)
  );
}

/**
 * The matcher for a `when` key, or `undefined` for an unsupported / unknown attribute (whose value is
 * then absent: positive `values` never match, `notValues` always do).
 */
function whenAttribute(ctx: Ctx, key: string): { value: string | undefined; match: (p: string, v: string | undefined) => boolean } {
  const { peer, req } = ctx;
  const p = parsePrincipal(peer.principal);
  const exactPort = (pat: string, v: string | undefined) => pat === v;
  switch (key) {
    case 'source.ip':
    case 'remote.ip':
      return { value: req.from.ip, match: cidrMatch };
    case 'destination.ip':
      return { value: req.to.ip, match: cidrMatch };
    case 'destination.port':
      return { value: String(req.port), match: exactPort };
    case 'source.namespace':
      return { value: peer.namespace, match: istioStringMatch };
    case 'source.principal':
      return { value: peer.principal, match: istioStringMatch };
    case 'source.serviceAccount':
      return { value: peerServiceAccount(peer), match: serviceAccountMatch(ctx) };
    case 'source.trustDomain':
      return { value: p?.trustDomain, match: istioStringMatch };
    default:
      // request.headers[...] (no headers in our model), request.auth.* (no JWT), connection.sni, experimental.*
      return { value: undefined, match: istioStringMatch };
  }
}

function conditionMatches(ctx: Ctx, cond: Record<string, unknown>): boolean {
  const key = String(cond.key);
  if (!ctx.http && httpOnlyKey(key)) return true; // TCP: handled by the caller
  const { value, match } = whenAttribute(ctx, key);
  return check(asStringArray(cond.values), value, false, match) && check(asStringArray(cond.notValues), value, true, match);
}

/**
 * A rule matches iff (from absent or ANY from matches) AND (to absent or ANY to matches) AND (ALL when
 * conditions match). `{}` matches everything. Empty lists (`from: []`, `principals: []`) are the same as
 * unset (proto3 repeated fields), so they do not constrain; `rules: []` = no rules = never matches.
 * A `from` entry without `source` / a `to` entry without
 * `operation` (rejected by the webhook) is treated as matching everything.
 *
 * HTTP-only attributes (hosts, methods, paths, requestPrincipals, request.headers / request.auth.* keys)
 * on a non-HTTP request: for ALLOW the whole rule is dropped (builder skips a rule whose generation fails:
 * "smaller allow"); for DENY/AUDIT the attribute is ignored, i.e. treated as matching ("more likely to deny").
 */
function ruleMatches(ctx: Ctx, raw: unknown): { matched: boolean; note?: string } {
  const rule = asRecord(raw) ?? {};
  if (!ctx.http && ctx.action === 'ALLOW' && ruleHasHttpOnly(rule)) {
    return { matched: false, note: 'uses HTTP-only attributes on a non-HTTP request: rule dropped for ALLOW' };
  }
  const from = nonEmpty(rule.from) ? asArray(rule.from) : undefined;
  const to = nonEmpty(rule.to) ? asArray(rule.to) : undefined;
  const when = asArray(rule.when) ?? [];
  const matched =
    (from === undefined || from.some((f) => sourceMatches(ctx, asRecord(asRecord(f)?.source) ?? {}))) &&
    (to === undefined || to.some((t) => operationMatches(ctx, asRecord(asRecord(t)?.operation) ?? {}))) &&
    when.every((w) => conditionMatches(ctx, asRecord(w) ?? {}));
  const note = !ctx.http && ctx.action !== 'ALLOW' && ruleHasHttpOnly(rule) ? 'HTTP-only attributes ignored on a non-HTTP request (widens DENY)' : undefined;
  return { matched, note };
}

/** First matching rule index of a policy; `rules` absent → never matches (`spec: {}` = allow-nothing). */
function matchingRule(cluster: Cluster, req: Request, peer: Peer, ap: K8sObject): { index: number; note?: string } | undefined {
  const rules = asArray(specOf(ap).rules);
  if (rules === undefined) return undefined;
  const ctx: Ctx = { cluster, req, peer, policyNamespace: namespaceOf(ap), action: actionOf(ap), http: isHttp(req) };
  for (let i = 0; i < rules.length; i++) {
    const r = ruleMatches(ctx, rules[i]);
    if (r.matched) return { index: i, note: r.note };
  }
  return undefined;
}

/** Go's `strconv.ParseBool`, which Istio applies to the annotation; an unparsable value is not a dry run. */
const PARSE_BOOL_TRUE = new Set(['1', 't', 'T', 'TRUE', 'true', 'True']);

/**
 * An ALLOW or DENY policy annotated `istio.io/dry-run` with a true value is built as shadow rules only (pilot
 * `isDryRun` in security/authz/builder): it never decides a request. The annotation is rejected on other actions
 * by config validation, so it is honoured on ALLOW and DENY only.
 */
export function isDryRun(ap: K8sObject): boolean {
  const action = actionOf(ap);
  if (action !== 'ALLOW' && action !== 'DENY') return false;
  const value = ap.metadata.annotations?.['istio.io/dry-run'];
  return typeof value === 'string' && PARSE_BOOL_TRUE.has(value);
}

/**
 * Order (proto): CUSTOM, then DENY, then ALLOW. Dry-run policies (`isDryRun`) are left out first.
 * - CUSTOM depends on an external authorizer we cannot model: treated as not matching (noted in reasons).
 * - Any DENY policy with a matching rule → deny.
 * - No ALLOW policy applies → allow.
 * - Some ALLOW policy has a matching rule → allow; otherwise deny.
 * - AUDIT never affects the decision.
 * Only enforced at a destination sidecar; without one every request is allowed at this layer.
 */
export function authorizationAllows(cluster: Cluster, req: Request, peer: Peer): LayerResult {
  if (!req.to.sidecar) return { allowed: true, reasons: ['destination has no sidecar: AuthorizationPolicy not enforced'] };
  const reasons: string[] = [];
  const policies = applicablePolicies(cluster, req).filter((ap) => {
    if (!isDryRun(ap)) return true;
    reasons.push(`${ref(ap)}: dry run (istio.io/dry-run), evaluated and logged, not enforced`);
    return false;
  });
  for (const ap of policies.filter((p) => actionOf(p) === 'CUSTOM')) {
    reasons.push(`${ref(ap)}: CUSTOM (external authorizer) not evaluated, treated as not matching`);
  }
  for (const ap of policies.filter((p) => actionOf(p) === 'DENY')) {
    const m = matchingRule(cluster, req, peer, ap);
    if (m) return { allowed: false, reasons: [...reasons, `${ref(ap)} DENY rules[${m.index}] matched${m.note ? ` (${m.note})` : ''}`] };
  }
  const allows = policies.filter((p) => actionOf(p) === 'ALLOW');
  if (allows.length === 0) return { allowed: true, reasons: [...reasons, 'no ALLOW AuthorizationPolicy applies: allowed'] };
  for (const ap of allows) {
    const m = matchingRule(cluster, req, peer, ap);
    if (m) return { allowed: true, reasons: [...reasons, `${ref(ap)} ALLOW rules[${m.index}] matched`] };
  }
  return {
    allowed: false,
    reasons: [...reasons, ...allows.map((ap) => `${ref(ap)}: no ALLOW rule matched${asArray(specOf(ap).rules) === undefined ? ' (no rules: allow-nothing)' : ''}`)],
  };
}
