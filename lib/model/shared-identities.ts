import type { WorkloadProps } from './definition';
import type { Problem } from './errors';
import type { ResolvedPeer, ResolvedWorkload } from './resolved';

/**
 * Two workloads that share what the emitted objects key on: each object then applies to, or admits, both, and access
 * widens or weakens without anything in the definition saying so. What the objects key on (and so what must not be
 * shared):
 * - the Service host (`serviceName`): the workload DestinationRule (`host`), the Sidecar egress hosts and the
 *   certificate's DNS names are per host. A sidecar-less workload's `tls: DISABLE` for a meshed workload's host makes
 *   that workload's callers send plaintext (refused under STRICT, admitted without identity under PERMISSIVE). Error.
 * - certificate DNS names (`tls.extraDnsNames`): a certificate valid for another workload's Service name lets its
 *   holder present itself as that workload to every client that verifies the name. Error for an exact name; a
 *   warning for a wildcard covering other Services (seed 004 asks for one) and for the same extra name on two workloads.
 * - the pod selector (`selector`): NetworkPolicy `podSelector` and the Istio `selector` of the AuthorizationPolicy,
 *   PeerAuthentication and DestinationRule are Kubernetes label selectors, and `matchLabels` selects every pod whose
 *   labels include all of it (kubernetes.io/docs/concepts/overview/working-with-objects/labels/#label-selectors). A
 *   workload whose selector is a subset of another's (same namespace) therefore selects the other's pods: its
 *   callers reach them. Error.
 * - the service account: Istio identifies a caller by its principal `<trustDomain>/ns/<ns>/sa/<sa>` only
 *   (istio.io/latest/docs/reference/config/security/authorization-policy/#Source), so a rule admitting one workload
 *   admits every meshed workload running as the same service account. Warned at each rule where it widens access
 *   (sharing is normal, e.g. KServe's `default` service account, and harmless until a rule names one of them).
 *
 * Linear in the workloads and rules (maps keyed by host, name, selector and principal), not pairwise: it runs on
 * every synthesis, 5,000 workloads included.
 */
export function sharedIdentityProblems(
  workloads: readonly ResolvedWorkload[],
  definitions: readonly WorkloadProps[],
  options: SharingOptions,
): { readonly errors: Problem[]; readonly warnings: Problem[] } {
  const errors: Problem[] = [];
  const warnings: Problem[] = [];
  sharedServices(workloads, errors);
  sharedDnsNames(workloads, definitions, options.clusterDomain, errors, warnings);
  overlappingSelectors(workloads, errors);
  sharedServiceAccounts(workloads, options, warnings);
  return { errors, warnings };
}

export interface SharingOptions {
  readonly networkPolicies: boolean;
  readonly trustDomain: string;
  readonly clusterDomain: string;
}

/** `workload "api" (workloads[2], namespace "shop")`: who, and where in the definition. */
function describe(w: ResolvedWorkload): string {
  return `workload "${w.name}" (${w.source}, namespace "${w.namespace}")`;
}

/**
 * `namespace → key → items`: two-level maps instead of `${namespace}/${key}` strings, so indexing 5,000 workloads
 * allocates no key per workload and lookup (this runs on every synthesis).
 */
class ByNamespace<T> {
  private readonly maps = new Map<string, Map<string, T[]>>();

  public get(namespace: string, key: string): T[] | undefined {
    return this.maps.get(namespace)?.get(key);
  }

  public add(namespace: string, key: string, item: T): T[] {
    let inner = this.maps.get(namespace);
    if (!inner) this.maps.set(namespace, (inner = new Map()));
    const list = inner.get(key);
    if (list) {
      list.push(item);
      return list;
    }
    const created = [item];
    inner.set(key, created);
    return created;
  }
}

// ---------------------------------------------------------------------------------------------- Services

function sharedServices(workloads: readonly ResolvedWorkload[], errors: Problem[]): void {
  const owners = new ByNamespace<ResolvedWorkload>();
  for (const w of workloads) {
    const list = owners.add(w.namespace, w.serviceName, w);
    if (list.length === 1) continue;
    const first = list[0];
    // One of the two set serviceName (two workloads of one name in one namespace are refused as duplicates): that field.
    const [field, other] = w.serviceName !== w.name ? [w, first] : [first, w];
    const otherField = other.serviceName !== other.name ? `${other.source}.serviceName` : `${other.source}.name (its Service defaults to its name)`;
    const tlsModes = w.sidecar !== first.sidecar
      ? `; "${w.sidecar ? first.name : w.name}" has no sidecar and "${w.sidecar ? w.name : first.name}" has one, so the host's DestinationRule would send plaintext (tls: DISABLE) to the meshed pods: refused under STRICT, admitted without identity under PERMISSIVE`
      : '';
    errors.push({
      path: `${field.source}.serviceName`,
      message: `Service "${w.serviceName}" in namespace "${w.namespace}" is already the Service of ${describe(other)}, named by ${otherField}: `
        + `one Service host has one client TLS setting and one set of certificate names${tlsModes}; give each workload its own serviceName, or declare the two as one workload whose selector covers both`,
    });
  }
}

// ------------------------------------------------------------------------------------ Certificate DNS names

/** The names a Service is reached by outside its own namespace (the short name only resolves inside it). */
function serviceNames(w: ResolvedWorkload, clusterDomain: string): string[] {
  const base = `${w.serviceName}.${w.namespace}`;
  return [base, `${base}.svc`, `${base}.svc.${clusterDomain}`];
}

function sharedDnsNames(workloads: readonly ResolvedWorkload[], definitions: readonly WorkloadProps[], clusterDomain: string, errors: Problem[], warnings: Problem[]): void {
  const withExtras: [ResolvedWorkload, readonly string[]][] = [];
  for (const w of workloads) {
    const extras = w.tls ? definitions[indexOf(w)]?.tls?.extraDnsNames : undefined;
    if (extras && extras.length > 0) withExtras.push([w, extras]);
  }
  if (withExtras.length === 0) return;
  // Every Service's names (qualified: global; short: within the namespace), and, for wildcards, by parent domain.
  const service = new Map<string, ResolvedWorkload>();
  const byParent = new Map<string, ResolvedWorkload[]>();
  for (const w of workloads) {
    for (const name of serviceNames(w, clusterDomain)) {
      if (!service.has(name)) service.set(name, w);
      const parent = name.slice(name.indexOf('.') + 1);
      const list = byParent.get(parent);
      if (!list) byParent.set(parent, [w]);
      else if (!list.includes(w)) list.push(w);
    }
    const short = `${w.namespace}/${w.serviceName}`;
    if (!service.has(short)) service.set(short, w);
  }
  const extraOwners = new Map<string, ResolvedWorkload>();
  for (const [w, extras] of withExtras) {
    extras.forEach((name, j) => {
      const path = `${w.source}.tls.extraDnsNames[${j}]`;
      const others = (owner: ResolvedWorkload) => owner.namespace !== w.namespace || owner.serviceName !== w.serviceName;
      if (name.startsWith('*.')) {
        // A wildcard may be meant (seed 004 gives a DaemonSet's certificate `*.<ns>.svc.<domain>`): warned, not refused.
        const covered = (byParent.get(name.slice(2)) ?? []).filter(others);
        if (covered.length > 0) {
          warnings.push({
            path,
            message: `"${name}" covers the Service names of ${listed(covered)}: `
              + `"${w.name}" can present itself as ${covered.length > 1 ? 'any of them' : 'it'} to every client that checks the name; name the exact hosts instead where you can`,
          });
        }
        return;
      }
      const owner = service.get(name) ?? (name.includes('.') ? undefined : service.get(`${w.namespace}/${name}`));
      if (owner && others(owner)) {
        errors.push({
          path,
          message: `"${name}" is the Service name of ${describe(owner)}: the certificate of "${w.name}" would be valid for it, so "${w.name}" could present itself as "${owner.name}" to every client that checks the name; remove it (each workload's certificate names only its own Service)`,
        });
        return;
      }
      const key = name.includes('.') ? name : `${w.namespace}/${name}`;
      const first = extraOwners.get(key);
      if (!first) extraOwners.set(key, w);
      else if (first !== w) {
        warnings.push({ path, message: `"${name}" is also a DNS name of the certificate of ${describe(first)}: either workload can present itself as the other for that name` });
      }
    });
  }
}

/** `workloads[i]` → i. */
function indexOf(w: ResolvedWorkload): number {
  return Number(w.source.slice('workloads['.length, -1));
}

// ------------------------------------------------------------------------------------------------- Selectors

function overlappingSelectors(workloads: readonly ResolvedWorkload[], errors: Problem[]): void {
  // Per namespace and label (key and value): the workloads whose selector has it. A selector A selects B's pods
  // when every label of A is in B's selector, so B is in the list of each of A's labels: looking through A's shortest
  // list finds every such B. With the usual selectors (an `app` label of their own) every list is one workload long.
  // Namespace → label key → label value → workloads.
  const byLabel = new Map<string, Map<string, Map<string, ResolvedWorkload[]>>>();
  for (const w of workloads) {
    let keys = byLabel.get(w.namespace);
    if (!keys) byLabel.set(w.namespace, (keys = new Map()));
    for (const key in w.selector) {
      let values = keys.get(key);
      if (!values) keys.set(key, (values = new Map()));
      const list = values.get(w.selector[key]);
      if (list) list.push(w);
      else values.set(w.selector[key], [w]);
    }
  }
  const reported = new Set<string>();
  for (const broad of workloads) {
    let shortest: ResolvedWorkload[] | undefined;
    const keys = byLabel.get(broad.namespace);
    for (const key in broad.selector) {
      const list = keys?.get(key)?.get(broad.selector[key]);
      if (list && (!shortest || list.length < shortest.length)) shortest = list;
    }
    if (!shortest || shortest.length < 2) continue; // an empty selector is refused elsewhere; a unique label selects no other
    // One problem per broad selector, naming up to LISTED workloads it selects (the scan stops there: a hostile
    // definition with thousands of equal selectors stays linear).
    const selected: ResolvedWorkload[] = [];
    for (const narrow of shortest) {
      if (narrow === broad || !includes(narrow.selector, broad.selector)) continue;
      // Equal selectors: one problem for the pair, on the first of the two.
      if (includes(broad.selector, narrow.selector) && reported.has(`${narrow.source} ${broad.source}`)) continue;
      reported.add(`${broad.source} ${narrow.source}`);
      selected.push(narrow);
      if (selected.length > LISTED) break;
    }
    if (selected.length === 0) continue;
    const shown = selected.slice(0, LISTED);
    const whose = shown.map((n) => `${describe(n)}, whose selector ${n.source}.selector ${JSON.stringify(n.selector)} ${includes(broad.selector, n.selector) ? 'is the same' : 'carries every one of its labels'}`);
    const names = shown.map((n) => `"${n.name}"`).join(', ');
    errors.push({
      path: `${broad.source}.selector`,
      message: `${JSON.stringify(broad.selector)} also selects the pods of ${whose.join('; ')}${selected.length > LISTED ? '; and more' : ''}: `
        + `a label selector selects every pod whose labels include it, so the NetworkPolicy and Istio policies of "${broad.name}" apply to the pods of ${names} too: the callers of "${broad.name}" reach them, and wherever "${broad.name}" is admitted as a caller by its labels, so are they; `
        + `add a label to ${broad.source}.selector that the pods of ${names} do not carry`,
    });
  }
}

/** Whether `labels` has every label of `selector`. */
function includes(labels: Readonly<Record<string, string>>, selector: Readonly<Record<string, string>>): boolean {
  for (const key in selector) if (labels[key] !== selector[key]) return false;
  return true;
}

// ---------------------------------------------------------------------------------------- Service accounts

function sharedServiceAccounts(workloads: readonly ResolvedWorkload[], options: SharingOptions, warnings: Problem[]): void {
  // Meshed workloads by principal: only a sidecar presents one.
  const byAccount = new ByNamespace<ResolvedWorkload>();
  // Usually every account is one workload's: then only system callers' accounts can be shared (with a workload).
  let shared = false;
  for (const w of workloads) {
    if (w.sidecar && byAccount.add(w.namespace, w.serviceAccount, w).length > 1) shared = true;
  }
  // Per principal: how many rules were warned, and the rules beyond MAX_WARNINGS_PER_PRINCIPAL (summed up at the end).
  const warned = new Map<readonly ResolvedWorkload[], { count: number; more: string[]; who: string; sharing: Set<ResolvedWorkload> }>();
  for (const target of workloads) {
    for (const rule of target.ingress) {
      for (const peer of rule.from) {
        if (!shared && peer.kind !== 'system') continue;
        const account = accountOf(peer);
        if (!account) continue;
        const group = byAccount.get(account.namespace, account.serviceAccount);
        if (!group || (group.length < 2 && peer.kind === 'workload')) continue;
        const sharing = group
          .filter((other) => !(peer.kind === 'workload' && other.name === peer.name && other.namespace === peer.namespace) && !alsoAdmitted(rule.from, other));
        if (sharing.length === 0) continue;
        const who = peer.kind === 'workload' || peer.kind === 'system' ? `${peer.kind === 'workload' ? 'workload' : 'system caller'} "${peer.name}"` : '';
        // Per principal: the group of workloads running as it is one list object.
        const seen = warned.get(group) ?? { count: 0, more: [], who, sharing: new Set<ResolvedWorkload>() };
        warned.set(group, seen);
        seen.count++;
        for (const o of sharing) seen.sharing.add(o);
        if (seen.count > MAX_WARNINGS_PER_PRINCIPAL) {
          seen.more.push(`${rule.source}.from`);
          continue;
        }
        const principal = `${options.trustDomain}/ns/${account.namespace}/sa/${account.serviceAccount}`;
        const layer = options.networkPolicies
          ? `only the NetworkPolicy (by pod labels) keeps ${sharing.length > 1 ? 'them' : 'it'} out, one layer instead of two`
          : `with NetworkPolicies off (networkPolicies: false) ${sharing.length > 1 ? 'they call' : 'it calls'} "${target.name}" unhindered`;
        warnings.push({
          path: `${rule.source}.from`,
          message: `admitting ${who} also admits ${listed(sharing)} at the AuthorizationPolicy: ${sharing.length > 1 ? 'they run' : 'it runs'} as the same service account "${account.serviceAccount}" (principal "${principal}"), `
            + `and Istio knows callers only by principal; ${layer}. Give ${sharing.slice(0, LISTED).map((o) => `${o.source}.serviceAccount`).join(', ')} a service account of ${sharing.length > 1 ? 'their' : 'its'} own`,
        });
      }
    }
  }
  // Beyond a few rules per principal, one summary: a mesh where many workloads share one account stays readable.
  for (const { more, who, sharing } of warned.values()) {
    if (more.length === 0) continue;
    warnings.push({
      path: more[0],
      message: `${more.length} more rule${more.length > 1 ? 's' : ''} admitting ${who} (${more.slice(0, LISTED).join(', ')}${more.length > LISTED ? ', …' : ''}) also admit ${listed([...sharing])}, which share its service account, as the rules warned above`,
    });
  }
}

/** Rules warned one by one per shared principal; the rest are summed up in one warning. */
const MAX_WARNINGS_PER_PRINCIPAL = 3;
/** Workloads or rules named in one message. */
const LISTED = 5;

/** Up to LISTED workloads, described, and how many more. */
function listed(ws: readonly ResolvedWorkload[]): string {
  return `${ws.slice(0, LISTED).map(describe).join(', ')}${ws.length > LISTED ? ` and ${ws.length - LISTED} more` : ''}`;
}

/** The service account a peer is admitted by at L7 (a principal), when it has one. */
function accountOf(peer: ResolvedPeer): { readonly namespace: string; readonly serviceAccount: string } | undefined {
  if (peer.kind === 'cidr' || !peer.sidecar) return undefined;
  if (peer.kind === 'workload') return peer;
  if (peer.kind === 'system' && peer.serviceAccount) return { namespace: peer.namespace, serviceAccount: peer.serviceAccount };
  return undefined;
}

/**
 * Whether the same rule admits (meshed) `w` anyway at L7, by name or by its whole namespace: no widening then. A
 * namespace without sidecars is admitted as `notPrincipals: ["*"]`, which a meshed caller never matches.
 */
function alsoAdmitted(from: readonly ResolvedPeer[], w: ResolvedWorkload): boolean {
  return from.some((p) => (p.kind === 'workload' && p.name === w.name && p.namespace === w.namespace) || (p.kind === 'namespace' && p.namespace === w.namespace && p.sidecar));
}
