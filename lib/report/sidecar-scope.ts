/**
 * Which services a caller's proxy knows: Istio's Sidecar resource scopes the caller's egress. A host its Sidecar does
 * not import has no cluster at that proxy; under the default `outboundTrafficPolicy: ALLOW_ANY` the connection leaves
 * through the PassthroughCluster as plain TCP, without Istio mutual TLS, so the destination sees no identity (a STRICT
 * destination refuses it; a PERMISSIVE one judges it as a plaintext caller).
 * Sources (Istio 1.30): networking/v1alpha3/sidecar.proto (`egress[].hosts` "namespace/dnsName", `.` the Sidecar's own
 * namespace, `*` any, `~` none; a listener with `port` applies to that port only), pilot/pkg/model/push_context.go
 * `getSidecarScope` (a Sidecar of the proxy's namespace whose workloadSelector matches, else its selector-less one,
 * else the root namespace's selector-less one; the oldest wins among several).
 */
import type { K8sObject } from '../k8s-object';
import type { Endpoint } from './endpoint';
import { asArray, asRecord, asStrings, byAge, isKind, namespaceOf, refOf, specOf } from './objects';
import { subsetOf } from './selectors';

export interface SidecarImport {
  readonly imported: boolean;
  /** The Sidecar that decided, when one applies. */
  readonly sidecar?: K8sObject;
}

/** `workloadSelector.labels` (Sidecar's WorkloadSelector has `labels`, not `matchLabels`); undefined when empty. */
function selectorLabels(sidecar: K8sObject): Record<string, string> | undefined {
  const labels = asRecord(asRecord(specOf(sidecar).workloadSelector)?.labels);
  if (!labels || Object.keys(labels).length === 0) return undefined;
  return Object.fromEntries(Object.entries(labels).map(([k, v]) => [k, String(v)]));
}

export class SidecarScopes {
  private readonly byNamespace = new Map<string, K8sObject[]>();
  private readonly forCaller = new Map<Endpoint, K8sObject | undefined>();
  /** Per Sidecar: host and port → imported. */
  private readonly known = new Map<K8sObject, Map<string, boolean>>();

  public constructor(objects: readonly K8sObject[], private readonly rootNamespace: string, private readonly clusterDomain: string) {
    for (const o of objects) {
      if (!isKind(o, 'networking.istio.io', 'Sidecar')) continue;
      const ns = namespaceOf(o);
      const list = this.byNamespace.get(ns);
      if (list) list.push(o);
      else this.byNamespace.set(ns, [o]);
    }
    for (const list of this.byNamespace.values()) list.sort(byAge);
  }

  /** Whether `from`'s proxy knows `to`'s Service on `port` (true when no Sidecar applies or `to` has no known Service). */
  public imports(from: Endpoint, to: Endpoint, port: number): SidecarImport {
    if (this.byNamespace.size === 0 || to.service === undefined || to.namespace === undefined) return { imported: true };
    const sidecar = this.sidecarOf(from);
    if (!sidecar) return { imported: true };
    let known = this.known.get(sidecar);
    if (!known) this.known.set(sidecar, (known = new Map()));
    const host = `${to.service}.${to.namespace}.svc.${this.clusterDomain}`.toLowerCase();
    const key = `${host}:${port}`;
    let imported = known.get(key);
    if (imported === undefined) known.set(key, (imported = importsHost(sidecar, to.namespace, host, port)));
    return { imported, sidecar };
  }

  private sidecarOf(from: Endpoint): K8sObject | undefined {
    if (this.forCaller.has(from)) return this.forCaller.get(from);
    const inNamespace = this.byNamespace.get(from.namespace ?? '') ?? [];
    const chosen = inNamespace.find((s) => { const l = selectorLabels(s); return l !== undefined && subsetOf(l, from.labels); })
      ?? inNamespace.find((s) => selectorLabels(s) === undefined)
      ?? (this.byNamespace.get(this.rootNamespace) ?? []).find((s) => selectorLabels(s) === undefined);
    this.forCaller.set(from, chosen);
    return chosen;
  }
}

/** Whether one of the Sidecar's egress listeners for `port` lists the host; no listeners: every service is known. */
function importsHost(sidecar: K8sObject, serviceNamespace: string, host: string, port: number): boolean {
  const listeners = asArray(specOf(sidecar).egress) ?? [];
  if (listeners.length === 0) return true;
  const own = namespaceOf(sidecar);
  return listeners.some((l) => {
    const listener = asRecord(l) ?? {};
    const number = asRecord(listener.port)?.number;
    if (number !== undefined && Number(number) !== port) return false;
    return (asStrings(listener.hosts) ?? []).some((entry) => {
      const slash = entry.indexOf('/');
      if (slash < 0) return false;
      const ns = entry.slice(0, slash);
      const dns = entry.slice(slash + 1).toLowerCase();
      if (ns === '~' || (ns !== '*' && (ns === '.' ? own : ns) !== serviceNamespace)) return false;
      return dns === '*' || (dns.startsWith('*.') ? host.endsWith(dns.slice(1)) : dns === host);
    });
  });
}

/** How a reason names the passthrough. */
export function passthroughDetail(sidecar: K8sObject, to: Endpoint): string {
  return `${refOf(sidecar)} does not import ${to.service}.${to.namespace}: the caller's proxy passes the connection through as plaintext`;
}
