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

/** `<namespace>/<dnsName>`: namespace `*`, `.` (the Sidecar's), `~` (none) or a name; dnsName `*`, `*.suffix` or exact. */
function hostEntryMatches(entry: string, sidecarNamespace: string, serviceNamespace: string, host: string): boolean {
  const slash = entry.indexOf('/');
  if (slash < 0) return false; // the API rejects entries without a namespace
  const ns = entry.slice(0, slash);
  const dns = entry.slice(slash + 1).toLowerCase();
  if (ns === '~') return false;
  if (ns !== '*' && serviceNamespace !== (ns === '.' ? sidecarNamespace : ns)) return false;
  if (dns === '*') return true;
  if (dns.startsWith('*.')) return host.endsWith(dns.slice(1));
  return dns === host;
}

export class SidecarScope {
  private readonly byNamespace = new Map<string, K8sObject[]>();
  private readonly forCaller = new Map<Endpoint, K8sObject | null>();
  private readonly answers = new Map<K8sObject, Map<string, string | null>>();

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

  /**
   * Why the caller's sidecar does not know `host` (a service of namespace `serviceNamespace`) on `port`, or undefined
   * when it does (no Sidecar applies, no egress listeners, or a listener imports it).
   */
  public notImported(caller: Endpoint, host: string, serviceNamespace: string, port: number): string | undefined {
    if (!this.byNamespace.size) return undefined;
    const sidecar = this.sidecarOf(caller);
    if (!sidecar) return undefined;
    let byHost = this.answers.get(sidecar);
    if (!byHost) this.answers.set(sidecar, (byHost = new Map()));
    const key = `${host}|${port}`;
    let answer = byHost.get(key);
    if (answer === undefined) {
      const listeners = asArray(specOf(sidecar).egress) ?? [];
      const imported = listeners.length === 0 || listeners.some((raw) => {
        const l = asRecord(raw) ?? {};
        const number = asRecord(l.port)?.number;
        if (number !== undefined && Number(number) !== port) return false;
        return (asStrings(l.hosts) ?? []).some((h) => hostEntryMatches(h, namespaceOf(sidecar), serviceNamespace, host));
      });
      answer = imported ? null : `${refOf(sidecar)} does not import ${host}: the caller's sidecar passes the connection through as plaintext`;
      byHost.set(key, answer);
    }
    return answer ?? undefined;
  }
}
