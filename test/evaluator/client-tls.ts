/**
 * What the caller's sidecar sends, from DestinationRule `trafficPolicy.tls` (networking.istio.io) and
 * auto mTLS. Sources: destination_rule.proto, pilot/pkg/model/push_context.go `destinationRule()`,
 * pilot/pkg/model/sidecar.go `SidecarScope.DestinationRule`, pilot/pkg/networking/core/cluster_tls.go.
 */
import type { K8sObject } from '../../lib/k8s-object';
import type { Cluster, ClientTlsMode, Pod } from './types';
import { clusterDomainOf, rootNamespaceOf } from './types';
import { asArray, asRecord, asStringArray, byAge, namespaceOf, objectsOf, ref, specOf } from './objects';
import { istioMatchLabels, subsetOf } from './label-selector';
import { effectiveMtlsMode } from './peer-authentication';

/**
 * Service name of a pod. The API has no Service objects, so: `pod.service`, else `labels.app`, else the
 * first label value (insertion order); undefined if the pod has no labels (then no DR can match).
 */
export function serviceName(pod: Pod): string | undefined {
  return pod.service ?? pod.labels.app ?? Object.values(pod.labels)[0];
}

/** `<svc>.<ns>.svc.<clusterDomain>` of the destination pod. */
export function serviceHost(cluster: Cluster, pod: Pod): string | undefined {
  const svc = serviceName(pod);
  return svc === undefined ? undefined : `${svc}.${pod.namespace}.svc.${clusterDomainOf(cluster)}`;
}

/** `<svc>.<ns>.svc.<clusterDomain>` → `<ns>`; undefined for other hosts. */
function namespaceOfServiceHost(host: string, clusterDomain: string): string | undefined {
  const suffix = `.svc.${clusterDomain}`;
  if (!host.endsWith(suffix)) return undefined;
  const parts = host.slice(0, -suffix.length).split('.');
  return parts.length === 2 ? parts[1] : undefined;
}

/**
 * `ResolveShortnameToFQDN`: `*` stays; a name without any dot is relative to the DR's namespace
 * (`<name>.<drNs>.svc.<domain>`); anything with a dot is taken as written.
 */
export function resolveDrHost(host: string, drNamespace: string, clusterDomain: string): string {
  if (host === '*' || host.includes('.') || host.includes(':')) return host.toLowerCase();
  return `${host}.${drNamespace}.svc.${clusterDomain}`.toLowerCase();
}

/** host.Name.Matches: exact, `*` matches all, `*.suffix` matches names ending in `.suffix`. */
export function hostMatches(pattern: string, host: string): boolean {
  if (pattern === '*') return true;
  if (pattern.startsWith('*.')) return host.endsWith(pattern.slice(1));
  return pattern === host;
}

/** Higher = more specific: exact beats any wildcard; a longer wildcard beats a shorter one. */
function specificity(pattern: string): number {
  return pattern.includes('*') ? pattern.length : Number.MAX_SAFE_INTEGER;
}

/**
 * exportTo: absent/empty → `*` (meshConfig.defaultDestinationRuleExportTo); `*` → everyone;
 * `.` → the DR's own namespace; otherwise explicit namespace names.
 */
export function exportedTo(dr: K8sObject, namespace: string): boolean {
  const exportTo = asStringArray(specOf(dr).exportTo) ?? [];
  if (exportTo.length === 0 || exportTo.includes('*')) return true;
  return exportTo.some((e) => (e === '.' ? namespaceOf(dr) === namespace : e === namespace));
}

/**
 * A DR with `workloadSelector` applies only to matching caller pods in the DR's own namespace (proto:
 * "applied only to the workload instances matching the workload selector label in the same namespace").
 */
function appliesToCaller(dr: K8sObject, from: Pod): boolean {
  const ml = istioMatchLabels(specOf(dr).workloadSelector);
  if (ml === undefined) return true;
  return namespaceOf(dr) === from.namespace && subsetOf(ml, from.labels);
}

/**
 * The DestinationRule the caller uses for the destination host, or undefined.
 * Lookup order: caller namespace, destination (service) namespace, root namespace; in each, only DRs
 * exported to the caller's namespace and applying to the caller pod; the most specific host wins and
 * the first namespace with a match ends the search (no inheritance across namespaces or wildcard levels).
 * Within the winning host: a workloadSelector DR matching the caller beats catch-all DRs; several
 * catch-all DRs are merged with the oldest top-level `trafficPolicy` winning (`mergeDestinationRule`).
 * Simplification: in Istio a selector DR in the caller's namespace that does NOT match the caller can
 * shadow DRs of later namespaces; here non-matching selector DRs are simply skipped.
 */
export function findDestinationRule(cluster: Cluster, from: Pod, to: Pod, service?: string): K8sObject | undefined {
  const host = service ?? serviceHost(cluster, to);
  if (host === undefined) return undefined;
  const domain = clusterDomainOf(cluster);
  const all = objectsOf(cluster.objects, 'networking.istio.io', 'DestinationRule').sort(byAge);
  // The service's namespace: the one in the host when the Service is named, else the destination pod's.
  const serviceNamespace = service === undefined ? to.namespace : (namespaceOfServiceHost(host, domain) ?? to.namespace);
  const order = [...new Set([from.namespace, serviceNamespace, rootNamespaceOf(cluster)])];
  for (const ns of order) {
    let best: { pattern: string; drs: K8sObject[] } | undefined;
    for (const dr of all) {
      if (namespaceOf(dr) !== ns || !exportedTo(dr, from.namespace) || !appliesToCaller(dr, from)) continue;
      const hostField = specOf(dr).host;
      if (typeof hostField !== 'string') continue;
      const pattern = resolveDrHost(hostField, ns, domain);
      if (!hostMatches(pattern, host.toLowerCase())) continue;
      if (!best || specificity(pattern) > specificity(best.pattern)) best = { pattern, drs: [dr] };
      else if (pattern === best.pattern) best.drs.push(dr);
    }
    if (!best) continue;
    const withSelector = best.drs.find((dr) => istioMatchLabels(specOf(dr).workloadSelector) !== undefined);
    if (withSelector) return withSelector;
    return best.drs.find((dr) => asRecord(specOf(dr).trafficPolicy) !== undefined) ?? best.drs[0];
  }
  return undefined;
}

/** The `tls` block in force for `port`: a matching `portLevelSettings[].tls` replaces the top-level `tls`. */
function tlsFor(dr: K8sObject, port: number): { tls: Record<string, unknown> | undefined; where: string } {
  const tp = asRecord(specOf(dr).trafficPolicy);
  if (!tp) return { tls: undefined, where: 'no trafficPolicy' };
  const settings = asArray(tp.portLevelSettings) ?? [];
  for (let i = 0; i < settings.length; i++) {
    const s = asRecord(settings[i]) ?? {};
    const number = asRecord(s.port)?.number;
    if (Number(number) === port && asRecord(s.tls)) {
      return { tls: asRecord(s.tls), where: `trafficPolicy.portLevelSettings[${i}].tls` };
    }
  }
  return { tls: asRecord(tp.tls), where: 'trafficPolicy.tls' };
}

export interface ClientTlsExplanation {
  mode: ClientTlsMode;
  /** true if a DestinationRule set the mode; false for auto mTLS / no sidecar. */
  explicit: boolean;
  reason: string;
}

export function explainClientTls(cluster: Cluster, from: Pod, to: Pod, port: number, service?: string): ClientTlsExplanation {
  // No sidecar on the caller: the application's own bytes go out unchanged.
  if (!from.sidecar) return { mode: 'NONE', explicit: false, reason: 'caller has no sidecar: plaintext' };
  const dr = findDestinationRule(cluster, from, to, service);
  const { tls, where } = dr ? tlsFor(dr, port) : { tls: undefined, where: '' };
  if (dr && tls) {
    // ClientTLSSettings.mode: DISABLE is enum value 0, so `tls: {}` (or `tls: {sni: x}`) means DISABLE.
    const mode = typeof tls.mode === 'string' ? tls.mode : 'DISABLE';
    if ((mode === 'SIMPLE' || mode === 'MUTUAL') && typeof tls.credentialName === 'string' &&
        istioMatchLabels(specOf(dr).workloadSelector) === undefined) {
      // credentialName is only honoured at sidecars when the DR has a workloadSelector; otherwise
      // buildUpstreamClusterTLSContext returns nil and no TLS context is built → plaintext.
      return { mode: 'DISABLE', explicit: true, reason: `${ref(dr)} ${where}: ${mode} with credentialName but no workloadSelector → plaintext at sidecars` };
    }
    if (mode === 'ISTIO_MUTUAL' || mode === 'DISABLE' || mode === 'SIMPLE' || mode === 'MUTUAL') {
      return { mode, explicit: true, reason: `${ref(dr)} ${where}: ${mode}${tls.mode === undefined ? ' (mode absent = DISABLE)' : ''}` };
    }
    return { mode: 'DISABLE', explicit: true, reason: `${ref(dr)} ${where}: unknown mode ${String(mode)} treated as DISABLE` };
  }
  // Auto mTLS (meshConfig.enableAutoMtls, default true): ISTIO_MUTUAL to sidecar endpoints whose server
  // mode is not DISABLE; plaintext to endpoints without a sidecar.
  const prefix = dr ? `${ref(dr)} has no tls; ` : 'no DestinationRule; ';
  if (!to.sidecar) return { mode: 'DISABLE', explicit: false, reason: `${prefix}auto mTLS: destination has no sidecar → plaintext` };
  const serverMode = effectiveMtlsMode(cluster, to, port);
  if (serverMode === 'DISABLE') return { mode: 'DISABLE', explicit: false, reason: `${prefix}auto mTLS: server mode DISABLE → plaintext` };
  return { mode: 'ISTIO_MUTUAL', explicit: false, reason: `${prefix}auto mTLS: ISTIO_MUTUAL (server ${serverMode})` };
}

export function clientTls(cluster: Cluster, from: Pod, to: Pod, port: number): ClientTlsMode {
  return explainClientTls(cluster, from, to, port).mode;
}
