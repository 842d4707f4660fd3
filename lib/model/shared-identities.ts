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

// ---------------------------------------------------------------------------------------------- Services

function sharedServices(workloads: readonly ResolvedWorkload[], errors: Problem[]): void {
  const owners = new Map<string, ResolvedWorkload>();
  for (const w of workloads) {
    const key = `${w.namespace}/${w.serviceName}`;
    const first = owners.get(key);
    if (!first) {
      owners.set(key, w);
      continue;
    }
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
            message: `"${name}" covers the Service names of ${covered.slice(0, 5).map(describe).join(', ')}${covered.length > 5 ? ` and ${covered.length - 5} more` : ''}: `
              + `"${w.name}" can present itself as ${covered.length > 1 ? 'any of them' : 'it'} to every client that checks the name (only the client's CA and name check stand between them); name the exact hosts instead where you can`,
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

/** A selector as one string, entries sorted by key (label keys cannot contain "\n" or "="). */
function selectorKey(entries: readonly (readonly [string, string])[]): string {
  return entries.map(([k, v]) => `${k}=${v}`).join('\n');
}

/** Subsets of a selector are enumerated up to this many labels (2^8 lookups); larger selectors are compared pairwise. */
const MAX_ENUMERATED_LABELS = 8;

function overlappingSelectors(workloads: readonly ResolvedWorkload[], errors: Problem[]): void {
  // Per namespace: selector (as a key) → the workloads with exactly that selector.
  const bySelector = new Map<string, ResolvedWorkload[]>();
  const sorted = new Map<ResolvedWorkload, [string, string][]>();
  const large: ResolvedWorkload[] = [];
  for (const w of workloads) {
    const entries = Object.entries(w.selector).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    if (entries.length === 0) continue; // refused elsewhere: an empty selector selects every pod
    sorted.set(w, entries);
    const key = `${w.namespace}\n${selectorKey(entries)}`;
    const list = bySelector.get(key);
    if (list) list.push(w);
    else bySelector.set(key, [w]);
    if (entries.length > MAX_ENUMERATED_LABELS) large.push(w);
  }
  const reported = new Set<string>();
  const report = (broad: ResolvedWorkload, narrow: ResolvedWorkload): void => {
    const pair = `${broad.source} ${narrow.source}`;
    if (reported.has(pair) || reported.has(`${narrow.source} ${broad.source}`)) return;
    reported.add(pair);
    const equal = sorted.get(broad)?.length === sorted.get(narrow)?.length;
    errors.push({
      path: `${broad.source}.selector`,
      message: `${JSON.stringify(broad.selector)} also selects the pods of ${describe(narrow)}, whose selector ${narrow.source}.selector ${JSON.stringify(narrow.selector)} ${equal ? 'is the same' : 'carries every one of its labels'}: `
        + `a label selector selects every pod whose labels include it, so the NetworkPolicy and Istio policies of "${broad.name}" apply to the pods of "${narrow.name}" too, and the callers of "${broad.name}" reach them; `
        + `add a label to ${broad.source}.selector that the pods of "${narrow.name}" do not carry`,
    });
  };
  for (const [narrow, entries] of sorted) {
    if (entries.length > MAX_ENUMERATED_LABELS) continue;
    // Every non-empty subset of the selector's labels: each is a selector that selects these pods.
    for (let mask = 1; mask < 1 << entries.length; mask++) {
      const subset = entries.filter((_, bit) => (mask & (1 << bit)) !== 0);
      for (const broad of bySelector.get(`${narrow.namespace}\n${selectorKey(subset)}`) ?? []) {
        if (broad !== narrow) report(broad, narrow);
      }
    }
  }
  // Selectors with many labels (rare): compared with every workload of their namespace.
  for (const narrow of large) {
    for (const broad of workloads) {
      if (broad === narrow || broad.namespace !== narrow.namespace || !sorted.has(broad)) continue;
      if (Object.entries(broad.selector).every(([k, v]) => narrow.selector[k] === v)) report(broad, narrow);
    }
  }
}

// ---------------------------------------------------------------------------------------- Service accounts

function sharedServiceAccounts(workloads: readonly ResolvedWorkload[], options: SharingOptions, warnings: Problem[]): void {
  // Meshed workloads by principal: only a sidecar presents one.
  const byAccount = new Map<string, ResolvedWorkload[]>();
  for (const w of workloads) {
    if (!w.sidecar) continue;
    const key = `${w.namespace}/${w.serviceAccount}`;
    const list = byAccount.get(key);
    if (list) list.push(w);
    else byAccount.set(key, [w]);
  }
  for (const target of workloads) {
    for (const rule of target.ingress) {
      for (const peer of rule.from) {
        const account = accountOf(peer);
        if (!account) continue;
        const sharing = (byAccount.get(`${account.namespace}/${account.serviceAccount}`) ?? [])
          .filter((other) => !(peer.kind === 'workload' && other.name === peer.name && other.namespace === peer.namespace) && !alsoAdmitted(rule.from, other));
        if (sharing.length === 0) continue;
        const who = peer.kind === 'workload' || peer.kind === 'system' ? `${peer.kind === 'workload' ? 'workload' : 'system caller'} "${peer.name}"` : '';
        const principal = `${options.trustDomain}/ns/${account.namespace}/sa/${account.serviceAccount}`;
        const others = sharing.map(describe).join(', ');
        const layer = options.networkPolicies
          ? `only the NetworkPolicy (by pod labels) keeps ${sharing.length > 1 ? 'them' : 'it'} out, one layer instead of two`
          : `with NetworkPolicies off (networkPolicies: false) ${sharing.length > 1 ? 'they call' : 'it calls'} "${target.name}" unhindered`;
        warnings.push({
          path: `${rule.source}.from`,
          message: `admitting ${who} also admits ${others} at the AuthorizationPolicy: ${sharing.length > 1 ? 'they run' : 'it runs'} as the same service account "${account.serviceAccount}" (principal "${principal}"), `
            + `and Istio knows callers only by principal; ${layer}. Give ${sharing.map((o) => `${o.source}.serviceAccount`).join(', ')} a service account of ${sharing.length > 1 ? 'their' : 'its'} own`,
        });
      }
    }
  }
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
