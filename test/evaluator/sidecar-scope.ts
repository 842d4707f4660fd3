/**
 * Sidecar (networking.istio.io) egress scoping at the CALLER's proxy. Sources: networking/v1alpha3/sidecar.proto
 * ("Sidecar describes the configuration of the sidecar proxy ... the set of services the proxy can reach"),
 * pilot/pkg/model/sidecar.go (`ConvertToSidecarScope`, `DefaultSidecarScopeForNamespace`),
 * pilot/pkg/model/push_context.go (`getSidecarScope`: workload selector in the proxy's namespace, then the
 * namespace's selector-less Sidecar, then the root namespace's).
 *
 * A host the caller's Sidecar does not import has no cluster and no routes at that proxy. Under the default
 * `outboundTrafficPolicy: ALLOW_ANY` the connection then leaves through the PassthroughCluster: plain TCP to the
 * original address, without Istio mutual TLS, so a STRICT destination refuses it. The evaluator models exactly
 * that (evaluate.ts: the mTLS layer sees a plaintext client).
 */
import type { K8sObject } from '../../lib/k8s-object';
import type { Cluster, Pod } from './types';
import { clusterDomainOf, rootNamespaceOf } from './types';
import { asArray, asRecord, asStringArray, byAge, namespaceOf, objectsOf, ref, specOf } from './objects';
import { subsetOf } from './label-selector';

/**
 * The Sidecar in force for a caller pod: the oldest one in its namespace whose `workloadSelector` matches it, else
 * the oldest selector-less one in its namespace, else the oldest selector-less one in the root namespace, else none
 * (the proxy then knows every service of the mesh). Several candidates are "undefined behaviour" upstream; Istio
 * sorts by age, so the oldest wins here.
 */
/** Sidecar's `workloadSelector.labels` (sidecar.proto `WorkloadSelector`, not `matchLabels`); undefined when absent or empty. */
function selectorLabels(sidecar: K8sObject): Record<string, string> | undefined {
  const labels = asRecord(asRecord(specOf(sidecar).workloadSelector)?.labels);
  if (!labels || Object.keys(labels).length === 0) return undefined;
  return Object.fromEntries(Object.entries(labels).map(([k, v]) => [k, String(v)]));
}

export function sidecarFor(cluster: Cluster, from: Pod): K8sObject | undefined {
  const all = objectsOf(cluster.objects, 'networking.istio.io', 'Sidecar').sort(byAge);
  const inNs = all.filter((s) => namespaceOf(s) === from.namespace);
  const selected = inNs.find((s) => {
    const ml = selectorLabels(s);
    return ml !== undefined && subsetOf(ml, from.labels);
  });
  if (selected) return selected;
  const nsDefault = inNs.find((s) => selectorLabels(s) === undefined);
  if (nsDefault) return nsDefault;
  const root = rootNamespaceOf(cluster);
  return all.find((s) => namespaceOf(s) === root && selectorLabels(s) === undefined);
}

/** `<service>.<namespace>.svc.<clusterDomain>` → namespace; undefined for a host outside the cluster domain. */
export function namespaceOfHost(cluster: Cluster, host: string): string | undefined {
  const suffix = `.svc.${clusterDomainOf(cluster)}`;
  if (!host.endsWith(suffix)) return undefined;
  const parts = host.slice(0, -suffix.length).split('.');
  return parts.length === 2 ? parts[1] : undefined;
}

/**
 * One `hosts` entry `<namespace>/<dnsName>` against a service host: namespace `*` (any), `.` (the Sidecar's own
 * namespace), `~` (none) or a name; dnsName `*`, `*.<suffix>` or an exact FQDN. Entries without `/` are invalid
 * (the API rejects them) and import nothing.
 */
export function hostEntryMatches(entry: string, sidecarNamespace: string, serviceNamespace: string | undefined, host: string): boolean {
  const slash = entry.indexOf('/');
  if (slash < 0) return false;
  const ns = entry.slice(0, slash);
  const dns = entry.slice(slash + 1).toLowerCase();
  if (ns === '~') return false;
  if (ns !== '*') {
    const want = ns === '.' ? sidecarNamespace : ns;
    if (serviceNamespace !== want) return false;
  }
  if (dns === '*') return true;
  if (dns.startsWith('*.')) return host.toLowerCase().endsWith(dns.slice(1));
  return dns === host.toLowerCase();
}

export interface SidecarImport {
  imported: boolean;
  reason: string;
}

/**
 * Whether the caller's proxy knows `host` (the Service whose cluster carries the request) on `port`. Egress listeners
 * with a `port` only apply to that port; the others to every port. No Sidecar: everything is known.
 */
export function sidecarImports(cluster: Cluster, from: Pod, host: string, port: number): SidecarImport {
  const sidecar = sidecarFor(cluster, from);
  if (!sidecar) return { imported: true, reason: 'no Sidecar applies to the caller: every service is known' };
  const serviceNamespace = namespaceOfHost(cluster, host);
  const listeners = asArray(specOf(sidecar).egress) ?? [];
  if (listeners.length === 0) return { imported: true, reason: `${ref(sidecar)} has no egress listeners: every service is known` };
  for (let i = 0; i < listeners.length; i++) {
    const l = asRecord(listeners[i]) ?? {};
    const number = asRecord(l.port)?.number;
    if (number !== undefined && Number(number) !== port) continue;
    const hosts = asStringArray(l.hosts) ?? [];
    const hit = hosts.find((h) => hostEntryMatches(h, namespaceOf(sidecar), serviceNamespace, host));
    if (hit !== undefined) return { imported: true, reason: `${ref(sidecar)} egress[${i}] imports ${host} (${hit})` };
  }
  return { imported: false, reason: `${ref(sidecar)} does not import ${host}: the caller's proxy passes the connection through as plaintext` };
}
