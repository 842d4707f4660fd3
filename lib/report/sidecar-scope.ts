/**
 * Sidecar (networking.istio.io) egress scoping at the caller's sidecar. Sources: networking/v1 sidecar.proto
 * ("the set of services the proxy can reach"), pilot/pkg/model/push_context.go `getSidecarScope` (a Sidecar of the
 * proxy's namespace whose `workloadSelector.labels` match, else that namespace's selector-less one, else the root
 * namespace's selector-less one; the oldest wins) and sidecar.go (egress listeners, a `port` limits one to that port).
 * A host the Sidecar does not import has no cluster at the proxy: under the default `outboundTrafficPolicy: ALLOW_ANY`
 * the connection leaves through the PassthroughCluster as plain TCP, without Istio mTLS (a STRICT destination
 * refuses it). Gateways are not sidecars: Sidecar resources do not apply to them.
 */
import type { K8sObject } from '../k8s-object';
import type { Endpoint } from './endpoint';
import { asArray, asRecord, asStrings, byAge, isKind, namespaceOf, refOf, specOf } from './objects';
import { subsetOf } from './selectors';

function selectorLabels(sidecar: K8sObject): Record<string, string> | undefined {
  const labels = asRecord(asRecord(specOf(sidecar).workloadSelector)?.labels);
  if (!labels || Object.keys(labels).length === 0) return undefined;
  return Object.fromEntries(Object.entries(labels).map(([k, v]) => [k, String(v)]));
}

/** An egress listener of a Sidecar, read once. */
interface Listener {
  /** Its `port.number` as a number (NaN when not numeric: then it imports nothing); undefined: every port. */
  readonly port?: number;
  /** Exact dnsNames (lower case) → the namespaces each is imported from (undefined: `*`, any namespace). */
  readonly exact: ReadonlyMap<string, readonly (string | undefined)[]>;
  /** `*` (suffix undefined) and `*.suffix` entries (suffix with its dot). */
  readonly wildcards: readonly { readonly namespace?: string; readonly suffix?: string }[];
}

/**
 * Host entries `<namespace>/<dnsName>`: namespace `*`, `.` (the Sidecar's), `~` (none) or a name; dnsName `*`,
 * `*.suffix` or exact. Entries without a namespace (the API rejects them) and `~/…` import nothing.
 */
function readListener(raw: unknown, sidecarNamespace: string): Listener {
  const l = asRecord(raw) ?? {};
  const number = asRecord(l.port)?.number;
  const exact = new Map<string, (string | undefined)[]>();
  const wildcards: { namespace?: string; suffix?: string }[] = [];
  for (const entry of asStrings(l.hosts) ?? []) {
    const slash = entry.indexOf('/');
    if (slash < 0) continue;
    const ns = entry.slice(0, slash);
    if (ns === '~') continue;
    const namespace = ns === '*' ? undefined : ns === '.' ? sidecarNamespace : ns;
    const dns = entry.slice(slash + 1).toLowerCase();
    if (dns === '*') wildcards.push({ namespace });
    else if (dns.startsWith('*.')) wildcards.push({ namespace, suffix: dns.slice(1) });
    else {
      const list = exact.get(dns);
      if (list) list.push(namespace);
      else exact.set(dns, [namespace]);
    }
  }
  return { port: number !== undefined ? Number(number) : undefined, exact, wildcards };
}

function imports(l: Listener, serviceNamespace: string, host: string, port: number): boolean {
  if (l.port !== undefined && l.port !== port) return false;
  const namespaces = l.exact.get(host);
  if (namespaces) for (const ns of namespaces) if (ns === undefined || ns === serviceNamespace) return true;
  for (const w of l.wildcards) {
    if ((w.namespace === undefined || w.namespace === serviceNamespace) && (w.suffix === undefined || host.endsWith(w.suffix))) return true;
  }
  return false;
}

export class SidecarScope {
  private readonly byNamespace = new Map<string, K8sObject[]>();
  private readonly forCaller = new Map<Endpoint, K8sObject | null>();
  /** Per Sidecar, by host (`host|port` when a listener names a port): why it is not imported, or null. */
  private readonly answers = new Map<K8sObject, Map<string, string | null>>();
  private readonly listeners = new Map<K8sObject, { readonly listeners: readonly Listener[]; readonly anyPort: boolean }>();

  public constructor(objects: readonly K8sObject[], private readonly rootNamespace: string) {
    for (const o of objects) {
      if (!isKind(o, 'networking.istio.io', 'Sidecar')) continue;
      const ns = namespaceOf(o);
      const list = this.byNamespace.get(ns);
      if (list) list.push(o);
      else this.byNamespace.set(ns, [o]);
    }
    for (const list of this.byNamespace.values()) list.sort(byAge);
  }

  private sidecarOf(caller: Endpoint): K8sObject | undefined {
    let found = this.forCaller.get(caller);
    if (found === undefined) {
      const inNs = this.byNamespace.get(caller.namespace ?? '') ?? [];
      found = inNs.find((s) => { const ml = selectorLabels(s); return ml !== undefined && subsetOf(ml, caller.labels); }) ??
        inNs.find((s) => selectorLabels(s) === undefined) ??
        (this.byNamespace.get(this.rootNamespace) ?? []).find((s) => selectorLabels(s) === undefined) ?? null;
      this.forCaller.set(caller, found);
    }
    return found ?? undefined;
  }

  /** A Sidecar's egress listeners, read once; `anyPort`: none names a port (the answers do not depend on it). */
  private compiled(sidecar: K8sObject): { readonly listeners: readonly Listener[]; readonly anyPort: boolean } {
    let found = this.listeners.get(sidecar);
    if (!found) {
      const listeners = (asArray(specOf(sidecar).egress) ?? []).map((raw) => readListener(raw, namespaceOf(sidecar)));
      this.listeners.set(sidecar, (found = { listeners, anyPort: listeners.every((l) => l.port === undefined) }));
    }
    return found;
  }

  /**
   * Why the caller's sidecar does not know `host` (a service of namespace `serviceNamespace`) on `port`, or undefined
   * when it does (no Sidecar applies, no egress listeners, or a listener imports it).
   */
  public notImported(caller: Endpoint, host: string, serviceNamespace: string, port: number): string | undefined {
    if (!this.byNamespace.size) return undefined;
    const sidecar = this.sidecarOf(caller);
    if (!sidecar) return undefined;
    const compiled = this.compiled(sidecar);
    let byHost = this.answers.get(sidecar);
    if (!byHost) this.answers.set(sidecar, (byHost = new Map()));
    // Without a listener that names a port the answer is the same on every port: one per host.
    const key = compiled.anyPort ? host : `${host}|${port}`;
    let answer = byHost.get(key);
    if (answer === undefined) {
      const imported = compiled.listeners.length === 0 || compiled.listeners.some((l) => imports(l, serviceNamespace, host, port));
      answer = imported ? null : `${refOf(sidecar)} does not import ${host}: the caller's sidecar passes the connection through as plaintext`;
      byHost.set(key, answer);
    }
    return answer ?? undefined;
  }
}
