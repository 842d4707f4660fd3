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
import type { AccessReason } from './types';
import { ipInCidr } from './ip';
import { asArray, asRecord, asStrings, byAge, isKind, namespaceOf, nonEmpty, refOf, specOf } from './objects';
import { matchLabelsOf, subsetOf } from './selectors';
import { ANY_PORT } from './wellknown';

/** The identity the destination sees: a principal and namespace only with Istio mTLS. */
export interface PeerIdentity {
  readonly principal?: string;
  readonly namespace?: string;
}

/** One way in: `paths`/`methods` `[]` = unrestricted. */
export interface Grant {
  readonly paths: string[];
  readonly methods: string[];
  readonly reasons: AccessReason[];
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
function check(list: string[] | undefined, value: string | undefined, negate: boolean, match = stringMatch): boolean {
  if (list === undefined || list.length === 0) return true;
  const hit = list.some((p) => match(p, value));
  return negate ? !hit : hit;
}

function hasHttpFields(rule: Record<string, unknown>): boolean {
  const has = (entries: unknown, field: string, keys: string[]) =>
    (asArray(entries) ?? []).some((e) => keys.some((k) => nonEmpty(asRecord(asRecord(e)?.[field])?.[k])));
  return has(rule.from, 'source', HTTP_SOURCE) || has(rule.to, 'operation', HTTP_OPERATION) || (asArray(rule.when) ?? []).some((w) => isHttpKey(String(asRecord(w)?.key)));
}

export class AuthorizationLayer {
  private readonly byNamespace = new Map<string, K8sObject[]>();
  private readonly applicableCache = new Map<string, K8sObject[]>();

  public constructor(objects: readonly K8sObject[], private readonly rootNamespace: string) {
    for (const o of objects) {
      if (!isKind(o, 'security.istio.io', 'AuthorizationPolicy')) continue;
      const spec = specOf(o);
      if (spec.targetRef !== undefined || spec.targetRefs !== undefined) continue; // gateways/waypoints only
      const ns = namespaceOf(o);
      if (!this.byNamespace.has(ns)) this.byNamespace.set(ns, []);
      this.byNamespace.get(ns)!.push(o);
    }
  }

  public applicable(dest: Endpoint): K8sObject[] {
    let found = this.applicableCache.get(dest.id);
    if (!found) {
      const ns = dest.namespace ?? '';
      found = [...(this.byNamespace.get(ns) ?? []), ...(ns === this.rootNamespace ? [] : this.byNamespace.get(this.rootNamespace) ?? [])]
        .filter((ap) => {
          const ml = matchLabelsOf(specOf(ap).selector);
          return ml === undefined || subsetOf(ml, dest.labels);
        })
        .sort(byAge);
      this.applicableCache.set(dest.id, found);
    }
    return found;
  }

  /** What `caller` may do on `port` of `dest` (which has a sidecar), seen with identity `peer`. */
  public decide(caller: Endpoint, dest: Endpoint, port: number, peer: PeerIdentity): AuthorizationDecision {
    const policies = this.applicable(dest);
    const notes: string[] = [];
    for (const ap of policies.filter((p) => actionOf(p) === 'CUSTOM')) notes.push(`${refOf(ap)}: CUSTOM (external authorizer) not evaluated`);
    const exceptions: AccessReason[] = [];
    for (const ap of policies.filter((p) => actionOf(p) === 'DENY')) {
      const rules = asArray(specOf(ap).rules) ?? [];
      for (let i = 0; i < rules.length; i++) {
        const rule = asRecord(rules[i]) ?? {};
        if (!this.ruleSourceMatches(caller, port, peer, ap, rule, true) || !this.portsMatch(rule, port)) continue;
        if (!hasHttpFields(rule)) return { allowed: false, reasons: [{ layer: 'authorization', object: refOf(ap), detail: `DENY rules[${i}]` }] };
        // HTTP-only fields: the DENY removes some requests; plain TCP is denied outright (attributes ignored).
        exceptions.push({ layer: 'authorization', object: refOf(ap), detail: `DENY rules[${i}] excludes ${describeOperations(rule)}` });
      }
    }
    const allows = policies.filter((p) => actionOf(p) === 'ALLOW');
    if (allows.length === 0) {
      return { allowed: true, notes, grants: [{ paths: [], methods: [], reasons: [{ layer: 'authorization', object: dest.id, detail: 'no ALLOW AuthorizationPolicy applies' }, ...exceptions] }] };
    }
    const grants: Grant[] = [];
    for (const ap of allows) {
      const rules = asArray(specOf(ap).rules) ?? [];
      for (let i = 0; i < rules.length; i++) {
        const rule = asRecord(rules[i]) ?? {};
        if (!this.ruleSourceMatches(caller, port, peer, ap, rule, false)) continue;
        const reason: AccessReason = { layer: 'authorization', object: refOf(ap), detail: `rules[${i}]` };
        const to = nonEmpty(rule.to) ? asArray(rule.to)! : undefined;
        if (to === undefined) {
          grants.push({ paths: [], methods: [], reasons: [reason, ...exceptions] });
          continue;
        }
        for (const t of to) {
          const op = asRecord(asRecord(t)?.operation) ?? {};
          if (!this.operationPortMatches(op, port)) continue;
          if (nonEmpty(op.hosts) || nonEmpty(op.notHosts) || nonEmpty(op.notPaths) || nonEmpty(op.notMethods)) {
            notes.push(`${refOf(ap)} rules[${i}]: hosts / notPaths / notMethods are not shown in the report`);
          }
          grants.push({ paths: asStrings(op.paths) ?? [], methods: asStrings(op.methods) ?? [], reasons: [reason, ...exceptions] });
        }
      }
    }
    if (grants.length === 0) return { allowed: false, reasons: [] };
    return { allowed: true, grants, notes };
  }

  private portsMatch(rule: Record<string, unknown>, port: number): boolean {
    const to = nonEmpty(rule.to) ? asArray(rule.to)! : undefined;
    return to === undefined || to.some((t) => this.operationPortMatches(asRecord(asRecord(t)?.operation) ?? {}, port));
  }

  private operationPortMatches(op: Record<string, unknown>, port: number): boolean {
    const value = port === ANY_PORT ? undefined : String(port);
    const eq = (p: string, v: string | undefined) => p === v;
    return check(asStrings(op.ports), value, false, eq) && check(asStrings(op.notPorts), value, true, eq);
  }

  /** `from` (any entry; all fields of an entry) and `when` (all conditions). */
  private ruleSourceMatches(caller: Endpoint, port: number, peer: PeerIdentity, ap: K8sObject, rule: Record<string, unknown>, deny: boolean): boolean {
    const from = nonEmpty(rule.from) ? asArray(rule.from)! : undefined;
    const m = peer.principal ? /^(?:spiffe:\/\/)?(.*)\/ns\/([^/]+)\/sa\/([^/]+)$/.exec(peer.principal) : null;
    const trustDomain = m?.[1];
    const sa = m ? `${m[2]}/${m[3]}` : undefined;
    const saMatch = (entry: string, v: string | undefined) => v !== undefined && (entry.includes('/') ? entry : `${namespaceOf(ap)}/${entry}`) === v;
    const cidr = (p: string, v: string | undefined) => v !== undefined && ipInCidr(v, p);
    const sourceOk = (source: Record<string, unknown>): boolean => {
      const s = (k: string) => asStrings(source[k]);
      return check(s('principals'), peer.principal, false) && check(s('notPrincipals'), peer.principal, true) &&
        check(s('namespaces'), peer.namespace, false) && check(s('notNamespaces'), peer.namespace, true) &&
        check(s('serviceAccounts'), sa, false, saMatch) && check(s('notServiceAccounts'), sa, true, saMatch) &&
        check(s('trustDomains'), trustDomain, false) && check(s('notTrustDomains'), trustDomain, true) &&
        check(s('ipBlocks'), caller.ip, false, cidr) && check(s('notIpBlocks'), caller.ip, true, cidr) &&
        check(s('remoteIpBlocks'), caller.ip, false, cidr) && check(s('notRemoteIpBlocks'), caller.ip, true, cidr) &&
        // no JWTs are modelled: a positive requestPrincipals never matches (for DENY: ignored, it widens)
        (deny || check(s('requestPrincipals'), undefined, false));
    };
    if (from !== undefined && !from.some((f) => sourceOk(asRecord(asRecord(f)?.source) ?? {}))) return false;
    for (const w of asArray(rule.when) ?? []) {
      const cond = asRecord(w) ?? {};
      const key = String(cond.key);
      if (deny && isHttpKey(key)) continue;
      const [value, match] =
        key === 'source.ip' || key === 'remote.ip' ? [caller.ip, cidr] as const :
        key === 'destination.port' ? [port === ANY_PORT ? undefined : String(port), (p: string, v: string | undefined) => p === v] as const :
        key === 'source.namespace' ? [peer.namespace, stringMatch] as const :
        key === 'source.principal' ? [peer.principal, stringMatch] as const :
        key === 'source.serviceAccount' ? [sa, saMatch] as const :
        key === 'source.trustDomain' ? [trustDomain, stringMatch] as const :
        [undefined, stringMatch] as const; // headers, JWT claims, SNI, destination.ip: not known statically
      if (!check(asStrings(cond.values), value, false, match) || !check(asStrings(cond.notValues), value, true, match)) return false;
    }
    return true;
  }
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
