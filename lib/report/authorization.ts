/**
 * AuthorizationPolicy at the destination's sidecar (Istio 1.30): CUSTOM, then DENY, then ALLOW; no ALLOW
 * policy = allow; `rules` unset = matches nothing (`spec: {}` allows nothing); `rules: [{}]` matches all;
 * root-namespace policies apply everywhere (with a selector: to matching workloads of all namespaces).
 * Peer-certificate fields (principals, namespaces, serviceAccounts, trustDomains) need mTLS.
 *
 * Rather than one verdict, the result is what the caller may do on a port: the HTTP paths and methods
 * each matching ALLOW rule narrows to (a rule without HTTP fields allows everything, plain TCP too).
 */
import type { K8sObject } from '../k8s-object';
import type { Endpoint } from './endpoint';
import type { Reasons } from './reasons';
import type { AccessReason } from './types';
import { ipInCidr } from './ip';
import { asArray, asRecord, asStrings, byAge, isKind, namespaceOf, nonEmpty, refOf, specOf } from './objects';
import { matchLabelsOf, subsetOf, type Labels } from './selectors';
import { ANY_PORT } from './wellknown';
import { isDryRunPolicy } from '../istio/enforcement';
import { ALL_REQUESTS, exclude, operationTerms, type Exclusion, type HttpTerms } from './http-terms';

/** The identity the destination sees: a principal and namespace only with Istio mTLS. */
export interface PeerIdentity {
  readonly principal?: string;
  readonly namespace?: string;
}

/** One way in: the HTTP requests it admits (all terms empty: everything, plain TCP too). */
export interface Grant extends HttpTerms {
  readonly reasons: readonly AccessReason[];
}

export type AuthorizationDecision = { readonly allowed: false; readonly reasons: AccessReason[] } | { readonly allowed: true; readonly grants: Grant[]; readonly notes: string[] };

const HTTP_SOURCE = ['requestPrincipals', 'notRequestPrincipals'];
const HTTP_OPERATION = ['hosts', 'notHosts', 'methods', 'notMethods', 'paths', 'notPaths'];
const isHttpKey = (key: string) => key.startsWith('request.headers') || key.startsWith('request.auth.');

function actionOf(ap: K8sObject): string {
  const a = specOf(ap).action;
  return typeof a === 'string' ? a : 'ALLOW';
}

/** Istio string match: exact, `prefix*`, `*suffix`, `*` presence; an absent value matches no positive pattern. */
function stringMatch(pattern: string, value: string | undefined): boolean {
  if (value === undefined) return false;
  if (pattern === '*') return true;
  if (pattern.length > 1 && pattern.endsWith('*')) return value.startsWith(pattern.slice(0, -1));
  if (pattern.length > 1 && pattern.startsWith('*')) return value.endsWith(pattern.slice(1));
  return value === pattern;
}

/** Positive list: some entry matches; `not*` list: no entry matches; empty/absent list: no constraint. */
function check(list: readonly string[] | undefined, value: string | undefined, negate: boolean, match: (pattern: string, value: string | undefined) => boolean = stringMatch): boolean {
  if (list === undefined || list.length === 0) return true;
  let hit = false;
  for (const p of list) {
    if (match(p, value)) {
      hit = true;
      break;
    }
  }
  return negate ? !hit : hit;
}

function hasHttpFields(rule: Record<string, unknown>): boolean {
  const has = (entries: unknown, field: string, keys: string[]) =>
    (asArray(entries) ?? []).some((e) => keys.some((k) => nonEmpty(asRecord(asRecord(e)?.[field])?.[k])));
  return has(rule.from, 'source', HTTP_SOURCE) || has(rule.to, 'operation', HTTP_OPERATION) || (asArray(rule.when) ?? []).some((w) => isHttpKey(String(asRecord(w)?.key)));
}

/** Source fields of `from[].source`, read once per rule. */
const SOURCE_FIELDS = [
  'principals', 'notPrincipals', 'namespaces', 'notNamespaces', 'serviceAccounts', 'notServiceAccounts', 'trustDomains', 'notTrustDomains',
  'ipBlocks', 'notIpBlocks', 'remoteIpBlocks', 'notRemoteIpBlocks', 'requestPrincipals',
] as const;
type Source = Readonly<Record<(typeof SOURCE_FIELDS)[number], string[] | undefined>>;

interface Condition {
  readonly key: string;
  readonly values?: string[];
  readonly notValues?: string[];
}

/** One operation of a rule's `to`. */
interface Operation {
  readonly ports?: string[];
  readonly notPorts?: string[];
  /** Its HTTP fields ANDed (http-terms.ts); undefined when they contradict (the operation matches nothing). */
  readonly terms?: HttpTerms;
  /** As a DENY operation: what it removes, when terms can say it (undefined: approximated, see `decide`). */
  readonly exclusion?: Exclusion;
  /** No HTTP field: as a DENY operation it matches every request on its ports. */
  readonly plain: boolean;
  /** What it grants when no DENY rule narrows it (made on first use, then shared). */
  grant?: Grant;
}

interface CompiledRule {
  readonly index: number;
  /** Undefined: no `from` (any source). */
  readonly from?: readonly Source[];
  readonly when: readonly Condition[];
  /** Undefined: no `to` (any operation). */
  readonly to?: readonly Operation[];
  readonly http: boolean;
  readonly raw: Record<string, unknown>;
  /** What a rule without `to` grants when no DENY rule narrows it (made on first use, then shared). */
  grant?: Grant;
}

interface CompiledPolicy {
  readonly ap: K8sObject;
  readonly ref: string;
  readonly namespace: string;
  readonly action: string;
  readonly rules: readonly CompiledRule[];
  /** Numeric ports its rules name (`ports` / `notPorts` anywhere in `rules`). */
  readonly ports: readonly number[];
}

/** Every `"ports": ["8080", …]` and `"notPorts": […]` in the rules, however deep. */
function portsNamedIn(ap: K8sObject): number[] {
  // In document order. Walked, not found by a regular expression over the rules as JSON: stringifying each policy's
  // rules, principal lists included, cost ~40 ms of `graph` at 5,000 workloads.
  const out: number[] = [];
  const walk = (value: unknown): void => {
    if (Array.isArray(value)) {
      for (const item of value) if (typeof item === 'object' && item !== null) walk(item);
      return;
    }
    if (typeof value !== 'object' || value === null) return;
    for (const key of Object.keys(value)) {
      const field = (value as Record<string, unknown>)[key];
      if (PORT_LIST_KEY.test(key) && Array.isArray(field)) {
        for (const p of field) if (typeof p === 'string' && /^\d+$/.test(p)) out.push(Number(p));
      }
      if (typeof field === 'object' && field !== null) walk(field);
    }
  };
  walk((ap.spec as Record<string, unknown> | undefined)?.rules ?? []);
  return out;
}

/** The keys of port lists in AuthorizationPolicy rules (`ports`, `notPorts`), as the report has always matched them. */
const PORT_LIST_KEY = /^(?:not)?[pP]orts$/;

function compilePolicy(ap: K8sObject): CompiledPolicy {
  const rules = (asArray(specOf(ap).rules) ?? []).map((raw, index): CompiledRule => {
    const rule = asRecord(raw) ?? {};
    return {
      index,
      raw: rule,
      http: hasHttpFields(rule),
      from: nonEmpty(rule.from) ? asArray(rule.from)!.map((f) => {
        const source = asRecord(asRecord(f)?.source) ?? {};
        const field = (k: (typeof SOURCE_FIELDS)[number]) => {
          const v = asStrings(source[k]);
          return v && v.length > 0 ? v : undefined; // empty list: no constraint
        };
        // Every field present (undefined when unset): one object shape for all sources.
        return {
          principals: field('principals'), notPrincipals: field('notPrincipals'), namespaces: field('namespaces'), notNamespaces: field('notNamespaces'),
          serviceAccounts: field('serviceAccounts'), notServiceAccounts: field('notServiceAccounts'), trustDomains: field('trustDomains'),
          notTrustDomains: field('notTrustDomains'), ipBlocks: field('ipBlocks'), notIpBlocks: field('notIpBlocks'), remoteIpBlocks: field('remoteIpBlocks'),
          notRemoteIpBlocks: field('notRemoteIpBlocks'), requestPrincipals: field('requestPrincipals'),
        };
      }) : undefined,
      when: (asArray(rule.when) ?? []).map((w) => {
        const cond = asRecord(w) ?? {};
        return { key: String(cond.key), values: asStrings(cond.values), notValues: asStrings(cond.notValues) };
      }),
      to: nonEmpty(rule.to) ? asArray(rule.to)!.map((t) => {
        const op = asRecord(asRecord(t)?.operation) ?? {};
        const fields = Object.fromEntries(HTTP_OPERATION.map((k) => [k, asStrings(op[k]) ?? []])) as Record<keyof HttpTerms, string[]>;
        const present = HTTP_OPERATION.filter((k) => fields[k as keyof HttpTerms].length > 0);
        let exclusion: Exclusion | undefined;
        if (present.length === 1 && (present[0] === 'methods' || present[0] === 'paths' || present[0] === 'hosts')) exclusion = { field: present[0], values: fields[present[0]] };
        else if (present.length === 1 && present[0] === 'notMethods') exclusion = { field: 'onlyMethods', values: fields.notMethods };
        return { ports: asStrings(op.ports), notPorts: asStrings(op.notPorts), terms: operationTerms(fields), exclusion, plain: present.length === 0 };
      }) : undefined,
    };
  });
  return { ap, ref: refOf(ap), namespace: namespaceOf(ap), action: actionOf(ap), rules, ports: portsNamedIn(ap) };
}

/** The policies at a destination's sidecar, by action, oldest first. */
interface Applicable {
  readonly policies: readonly CompiledPolicy[];
  readonly objects: readonly K8sObject[];
  readonly custom: readonly CompiledPolicy[];
  readonly deny: readonly CompiledPolicy[];
  readonly allow: readonly CompiledPolicy[];
  /** What the destination grants when no ALLOW policy applies and no DENY rule narrows it (made on first use). */
  open?: Grant;
}

/** The parts of a SPIFFE principal that `serviceAccounts` and `trustDomains` match. */
interface PrincipalParts {
  readonly trustDomain?: string;
  readonly serviceAccount?: string;
}

export class AuthorizationLayer {
  /** Per namespace, its policies with their `selector.matchLabels` (undefined: the whole namespace). */
  private readonly byNamespace = new Map<string, { readonly ap: K8sObject; readonly selector?: Labels }[]>();
  private readonly compiled = new Map<K8sObject, CompiledPolicy>();
  private readonly applicableCache = new Map<Endpoint, Applicable>();
  private readonly principals = new Map<string, PrincipalParts>();
  /** Per namespace, how many of its policies are dry runs: they refuse nothing, so they are left out (`isDryRunPolicy`). */
  public readonly dryRunByNamespace = new Map<string, number>();

  public constructor(objects: readonly K8sObject[], private readonly rootNamespace: string, private readonly reasons: Reasons) {
    for (const o of objects) {
      if (!isKind(o, 'security.istio.io', 'AuthorizationPolicy')) continue;
      if (isDryRunPolicy(o)) {
        this.dryRunByNamespace.set(namespaceOf(o), (this.dryRunByNamespace.get(namespaceOf(o)) ?? 0) + 1);
        continue;
      }
      const spec = specOf(o);
      if (spec.targetRef !== undefined || spec.targetRefs !== undefined) continue; // gateways/waypoints only
      const ns = namespaceOf(o);
      if (!this.byNamespace.has(ns)) this.byNamespace.set(ns, []);
      this.byNamespace.get(ns)!.push({ ap: o, selector: matchLabelsOf(spec.selector) });
    }
  }

  public applicable(dest: Endpoint): readonly K8sObject[] {
    return this.applicableTo(dest).objects;
  }

  /** Ports the AuthorizationPolicies of `dest` name: they are its ports too. */
  public portsNamed(dest: Endpoint): number[] {
    return this.applicableTo(dest).policies.flatMap((p) => p.ports);
  }

  private applicableTo(dest: Endpoint): Applicable {
    let found = this.applicableCache.get(dest);
    if (!found) {
      const ns = dest.namespace ?? '';
      const policies = [...(this.byNamespace.get(ns) ?? []), ...(ns === this.rootNamespace ? [] : this.byNamespace.get(this.rootNamespace) ?? [])]
        .filter((p) => p.selector === undefined || subsetOf(p.selector, dest.labels))
        .map((p) => p.ap)
        .sort(byAge)
        .map((ap) => {
          let policy = this.compiled.get(ap);
          if (!policy) this.compiled.set(ap, (policy = compilePolicy(ap)));
          return policy;
        });
      found = {
        policies,
        objects: policies.map((p) => p.ap),
        custom: policies.filter((p) => p.action === 'CUSTOM'),
        deny: policies.filter((p) => p.action === 'DENY'),
        allow: policies.filter((p) => p.action === 'ALLOW'),
      };
      this.applicableCache.set(dest, found);
    }
    return found;
  }

  /** What `caller` may do on `port` of `dest` (which has a sidecar), seen with identity `peer`. */
  public decide(caller: Endpoint, dest: Endpoint, port: number, peer: PeerIdentity): AuthorizationDecision {
    const policies = this.applicableTo(dest);
    const notes: string[] = policies.custom.length === 0 ? [] : policies.custom.map((ap) => `${ap.ref}: CUSTOM (external authorizer) not evaluated`);
    const parts = this.principalParts(peer.principal);
    /** Exact removals (DENY operations with one HTTP field), and DENY rules the terms cannot say (reasons only). */
    let removals: Removal[] | undefined;
    let exceptions: AccessReason[] | undefined;
    for (const ap of policies.deny) {
      for (const rule of ap.rules) {
        if (!this.ruleSourceMatches(caller, port, peer, parts, ap, rule, true) || !(rule.to === undefined || anyOperationPortMatches(rule.to, port))) continue;
        if (!rule.http) return this.denied(ap, rule);
        // HTTP fields: the DENY removes those requests (plain TCP is denied outright: attributes a TCP filter cannot
        // see are ignored, Istio "Authorization Policy" reference). An operation of one field removes exactly its
        // requests; HTTP `when` keys, requestPrincipals or several fields in one operation are approximated by naming
        // the rule (the grant is shown without that removal).
        const approximated = rule.to === undefined || rule.when.some((c) => isHttpKey(c.key)) || (rule.from ?? []).some((f) => f.requestPrincipals !== undefined);
        for (const op of rule.to ?? []) {
          if (!operationPortMatches(op, port) || op.terms === undefined) continue;
          if (op.plain && !approximated) return this.denied(ap, rule);
          const reason = this.reasons.of('authorization', ap.ref, `DENY rules[${rule.index}] excludes ${describeOperations(rule.raw)}`);
          if (op.exclusion && !approximated) (removals ??= []).push({ exclusion: op.exclusion, reason });
          else {
            (exceptions ??= []).push(reason);
            notes.push(`${ap.ref} DENY rules[${rule.index}]: ${describeOperations(rule.raw)} is not subtracted exactly from what ALLOW grants (several HTTP fields, HTTP conditions or request principals)`);
          }
        }
        if (rule.to === undefined) {
          (exceptions ??= []).push(this.reasons.of('authorization', ap.ref, `DENY rules[${rule.index}] excludes ${describeOperations(rule.raw)}`));
          notes.push(`${ap.ref} DENY rules[${rule.index}]: HTTP conditions are not subtracted from what ALLOW grants`);
        }
      }
    }
    const narrowed = removals !== undefined || exceptions !== undefined;
    if (policies.allow.length === 0) {
      if (!narrowed) return { allowed: true, notes, grants: [(policies.open ??= { ...ALL_REQUESTS, reasons: [this.noAllowReason(dest)] })] };
      const g = finish(ALL_REQUESTS, [this.noAllowReason(dest)], removals, exceptions);
      return g ? { allowed: true, notes, grants: [g] } : { allowed: false, reasons: (removals ?? []).map((r) => r.reason) };
    }
    const grants: Grant[] = [];
    for (const ap of policies.allow) {
      for (const rule of ap.rules) {
        if (!this.ruleSourceMatches(caller, port, peer, parts, ap, rule, false)) continue;
        if (rule.to === undefined) {
          const g = narrowed ? finish(ALL_REQUESTS, [this.ruleReason(ap, rule)], removals, exceptions) : (rule.grant ??= { ...ALL_REQUESTS, reasons: [this.ruleReason(ap, rule)] });
          if (g) grants.push(g);
          continue;
        }
        for (const op of rule.to) {
          if (!operationPortMatches(op, port) || op.terms === undefined) continue; // contradicting fields: matches nothing
          const g = narrowed ? finish(op.terms, [this.ruleReason(ap, rule)], removals, exceptions) : (op.grant ??= { ...op.terms, reasons: [this.ruleReason(ap, rule)] });
          if (g) grants.push(g);
        }
      }
    }
    if (grants.length === 0) return { allowed: false, reasons: [] };
    return { allowed: true, grants, notes };
  }

  private denied(ap: CompiledPolicy, rule: CompiledRule): AuthorizationDecision {
    return { allowed: false, reasons: [this.reasons.of('authorization', ap.ref, `DENY rules[${rule.index}]`)] };
  }

  private noAllowReason(dest: Endpoint): AccessReason {
    const dryRuns = this.dryRunByNamespace.has(dest.namespace ?? '') || this.dryRunByNamespace.has(this.rootNamespace);
    return this.reasons.of('authorization', dest.id, dryRuns ? 'no enforced ALLOW AuthorizationPolicy applies (dry-run policies are logged, not enforced)' : 'no ALLOW AuthorizationPolicy applies');
  }

  private ruleReason(ap: CompiledPolicy, rule: CompiledRule): AccessReason {
    return this.reasons.of('authorization', ap.ref, `rules[${rule.index}]`);
  }

  private principalParts(principal: string | undefined): PrincipalParts {
    if (!principal) return {};
    let parts = this.principals.get(principal);
    if (!parts) {
      const m = /^(?:spiffe:\/\/)?(.*)\/ns\/([^/]+)\/sa\/([^/]+)$/.exec(principal);
      parts = m ? { trustDomain: m[1], serviceAccount: `${m[2]}/${m[3]}` } : {};
      this.principals.set(principal, parts);
    }
    return parts;
  }

  /** `from` (any entry; all fields of an entry) and `when` (all conditions). */
  private ruleSourceMatches(caller: Endpoint, port: number, peer: PeerIdentity, parts: PrincipalParts, ap: CompiledPolicy, rule: CompiledRule, deny: boolean): boolean {
    if (rule.from !== undefined) {
      let any = false;
      for (const source of rule.from) {
        if (sourceMatches(source, caller, peer, parts, ap.namespace, deny)) {
          any = true;
          break;
        }
      }
      if (!any) return false;
    }
    for (const cond of rule.when) {
      if (deny && isHttpKey(cond.key)) continue;
      if (!conditionMatches(cond, caller, port, peer, parts, ap.namespace)) return false;
    }
    return true;
  }
}

/** A DENY removal (an operation of one HTTP field) and its reason. */
interface Removal {
  readonly exclusion: Exclusion;
  readonly reason: AccessReason;
}

/**
 * `base` less the DENY removals, with their reasons and those of the DENY rules the terms cannot say; undefined when
 * nothing is left. (A function of its own: `decide` makes no closure per call.)
 */
function finish(base: HttpTerms, reasons: readonly AccessReason[], removals: readonly Removal[] | undefined, exceptions: readonly AccessReason[] | undefined): Grant | undefined {
  let terms: HttpTerms | undefined = base;
  const why = [...reasons];
  for (const r of removals ?? []) {
    terms = exclude(terms, r.exclusion);
    if (!terms) return undefined;
    why.push(r.reason);
  }
  return { ...terms, reasons: [...why, ...(exceptions ?? [])] };
}

/** A `serviceAccounts` entry (`ns/sa`, or `sa` in the policy's namespace) against the caller's `ns/sa`. */
function serviceAccountMatches(entry: string, value: string | undefined, policyNamespace: string): boolean {
  return value !== undefined && (entry.includes('/') ? entry : `${policyNamespace}/${entry}`) === value;
}

function cidrMatches(cidr: string, ip: string | undefined): boolean {
  return ip !== undefined && ipInCidr(ip, cidr);
}

const exactMatch = (p: string, v: string | undefined) => p === v;

/** All fields of one `from[].source`. */
function sourceMatches(s: Source, caller: Endpoint, peer: PeerIdentity, parts: PrincipalParts, policyNamespace: string, deny: boolean): boolean {
  const sa = parts.serviceAccount;
  const saMatch = s.serviceAccounts || s.notServiceAccounts ? (e: string, v: string | undefined) => serviceAccountMatches(e, v, policyNamespace) : exactMatch;
  return check(s.principals, peer.principal, false) && check(s.notPrincipals, peer.principal, true) &&
    check(s.namespaces, peer.namespace, false) && check(s.notNamespaces, peer.namespace, true) &&
    check(s.serviceAccounts, sa, false, saMatch) && check(s.notServiceAccounts, sa, true, saMatch) &&
    check(s.trustDomains, parts.trustDomain, false) && check(s.notTrustDomains, parts.trustDomain, true) &&
    check(s.ipBlocks, caller.ip, false, cidrMatches) && check(s.notIpBlocks, caller.ip, true, cidrMatches) &&
    check(s.remoteIpBlocks, caller.ip, false, cidrMatches) && check(s.notRemoteIpBlocks, caller.ip, true, cidrMatches) &&
    // no JWTs are modelled: a positive requestPrincipals never matches (for DENY: ignored, it widens)
    (deny || check(s.requestPrincipals, undefined, false));
}

/** One `when` condition: the attributes known statically; headers, JWT claims, SNI, destination.ip are not. */
function conditionMatches(cond: Condition, caller: Endpoint, port: number, peer: PeerIdentity, parts: PrincipalParts, policyNamespace: string): boolean {
  const key = cond.key;
  let value: string | undefined;
  let match: (pattern: string, value: string | undefined) => boolean = stringMatch;
  if (key === 'source.ip' || key === 'remote.ip') [value, match] = [caller.ip, cidrMatches];
  else if (key === 'destination.port') [value, match] = [port === ANY_PORT ? undefined : String(port), exactMatch];
  else if (key === 'source.namespace') value = peer.namespace;
  else if (key === 'source.principal') value = peer.principal;
  else if (key === 'source.serviceAccount') [value, match] = [parts.serviceAccount, (e, v) => serviceAccountMatches(e, v, policyNamespace)];
  else if (key === 'source.trustDomain') value = parts.trustDomain;
  return check(cond.values, value, false, match) && check(cond.notValues, value, true, match);
}

function operationPortMatches(op: Operation, port: number): boolean {
  const value = port === ANY_PORT ? undefined : String(port);
  return check(op.ports, value, false, exactMatch) && check(op.notPorts, value, true, exactMatch);
}

function anyOperationPortMatches(ops: readonly Operation[], port: number): boolean {
  for (const op of ops) if (operationPortMatches(op, port)) return true;
  return false;
}

function describeOperations(rule: Record<string, unknown>): string {
  const parts: string[] = [];
  for (const t of asArray(rule.to) ?? []) {
    const op = asRecord(asRecord(t)?.operation) ?? {};
    for (const k of HTTP_OPERATION) {
      const v = asStrings(op[k]);
      if (v && v.length > 0) parts.push(`${k} ${v.join(', ')}`);
    }
  }
  return parts.length > 0 ? parts.join('; ') : 'HTTP requests matching its conditions';
}
