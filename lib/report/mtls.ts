/**
 * Transport between the two sidecars (Istio 1.30): what the caller's sidecar sends (DestinationRule
 * `trafficPolicy.tls`, else auto mTLS) against what the destination's sidecar accepts (PeerAuthentication,
 * root → namespace → workload → port; UNSET inherits; the oldest policy per level wins: lib/checks/mtls-modes.ts).
 */
import type { K8sObject } from '../k8s-object';
import type { Endpoint } from './endpoint';
import type { AccessReason } from './types';
import { asArray, asRecord, asStrings, byAge, isKind, namespaceOf, refOf, specOf } from './objects';
import { matchLabelsOf, subsetOf } from './selectors';
import { effectiveMode, levelsFor, type EffectiveMode, type MtlsMode, type PeerAuthenticationLevels, type PeerAuthenticationLookup } from '../checks/mtls-modes';

type ServerMode = MtlsMode;
type ClientMode = 'ISTIO_MUTUAL' | 'DISABLE' | 'SIMPLE' | 'MUTUAL' | 'NONE';

export interface MtlsDecision {
  readonly allowed: boolean;
  readonly mtls: 'mutual' | 'plaintext';
  readonly reasons: AccessReason[];
}

function groupByNamespace(objects: readonly K8sObject[], group: string, kind: string): Map<string, K8sObject[]> {
  const out = new Map<string, K8sObject[]>();
  for (const o of objects) {
    if (!isKind(o, group, kind)) continue;
    const ns = namespaceOf(o);
    if (!out.has(ns)) out.set(ns, []);
    out.get(ns)!.push(o);
  }
  for (const list of out.values()) list.sort(byAge);
  return out;
}

/** How a reason names the level that set the mode: `STRICT (namespace default)`, `PERMISSIVE (portLevelMtls[8080])`. */
const LEVEL_DETAIL: Readonly<Record<NonNullable<EffectiveMode['level']>, (port: number) => string>> = {
  mesh: () => 'mesh default',
  namespace: () => 'namespace default',
  workload: () => 'workload',
  port: (port) => `portLevelMtls[${port}]`,
};

/** `*` all; `*.suffix` by suffix; else exact. */
function hostMatches(pattern: string, host: string): boolean {
  if (pattern === '*') return true;
  if (pattern.startsWith('*.')) return host.endsWith(pattern.slice(1));
  return pattern === host;
}

export class MtlsLayer {
  private readonly pas: PeerAuthenticationLookup;
  private readonly drs: Map<string, K8sObject[]>;
  private readonly levelCache = new Map<string, PeerAuthenticationLevels>();
  private readonly serverCache = new Map<string, { mode: ServerMode; reason: AccessReason }>();

  public constructor(objects: readonly K8sObject[], private readonly rootNamespace: string, private readonly clusterDomain: string) {
    const pas = groupByNamespace(objects, 'security.istio.io', 'PeerAuthentication');
    this.pas = { inNamespace: (_kind, namespace) => pas.get(namespace) ?? [] };
    this.drs = groupByNamespace(objects, 'networking.istio.io', 'DestinationRule');
  }

  /** Configured server mode of `pod` on `port`, with the deciding policy (precedence: lib/checks/mtls-modes.ts). */
  public serverMode(pod: Endpoint, port: number): { mode: ServerMode; reason: AccessReason } {
    const key = `${pod.id}|${port}`;
    const cached = this.serverCache.get(key);
    if (cached) return cached;
    let levels = this.levelCache.get(pod.id);
    if (!levels) this.levelCache.set(pod.id, (levels = levelsFor(this.pas, this.rootNamespace, pod.namespace ?? '', pod.labels)));
    const effective = effectiveMode(levels, port);
    const result = {
      mode: effective.mode,
      reason: effective.policy && effective.level
        ? { layer: 'mtls' as const, object: refOf(effective.policy), detail: `${effective.mode} (${LEVEL_DETAIL[effective.level](port)})` }
        : { layer: 'mtls' as const, object: '-', detail: 'PERMISSIVE (no PeerAuthentication applies)' },
    };
    this.serverCache.set(key, result);
    return result;
  }

  /**
   * The DestinationRule the caller uses for the destination's host: caller namespace, then the
   * destination's, then the root namespace; exported and applicable DRs only; the most specific host wins;
   * a matching workloadSelector DR beats catch-all ones; merged catch-alls keep the oldest trafficPolicy.
   */
  private destinationRule(from: Endpoint, to: Endpoint): K8sObject | undefined {
    if (to.service === undefined || to.namespace === undefined) return undefined;
    const host = `${to.service}.${to.namespace}.svc.${this.clusterDomain}`.toLowerCase();
    const fromNs = from.namespace ?? '';
    for (const ns of [...new Set([fromNs, to.namespace, this.rootNamespace])]) {
      let best: { pattern: string; drs: K8sObject[] } | undefined;
      for (const dr of this.drs.get(ns) ?? []) {
        const spec = specOf(dr);
        const exportTo = asStrings(spec.exportTo) ?? [];
        if (!(exportTo.length === 0 || exportTo.includes('*') || exportTo.some((e) => (e === '.' ? ns === fromNs : e === fromNs)))) continue;
        const ml = matchLabelsOf(spec.workloadSelector);
        if (ml && !(ns === fromNs && subsetOf(ml, from.labels))) continue;
        if (typeof spec.host !== 'string') continue;
        const h = spec.host;
        const pattern = (h === '*' || h.includes('.') ? h : `${h}.${ns}.svc.${this.clusterDomain}`).toLowerCase();
        if (!hostMatches(pattern, host)) continue;
        const specificity = (p: string) => (p.includes('*') ? p.length : Number.MAX_SAFE_INTEGER);
        if (!best || specificity(pattern) > specificity(best.pattern)) best = { pattern, drs: [dr] };
        else if (pattern === best.pattern) best.drs.push(dr);
      }
      if (!best) continue;
      return best.drs.find((dr) => matchLabelsOf(specOf(dr).workloadSelector) !== undefined) ??
        best.drs.find((dr) => asRecord(specOf(dr).trafficPolicy) !== undefined) ?? best.drs[0];
    }
    return undefined;
  }

  private clientMode(from: Endpoint, to: Endpoint, port: number): { mode: ClientMode; reason: AccessReason } {
    if (!from.sidecar) return { mode: 'NONE', reason: { layer: 'mtls', object: from.id, detail: 'caller has no sidecar: plaintext' } };
    const dr = this.destinationRule(from, to);
    const tp = dr ? asRecord(specOf(dr).trafficPolicy) : undefined;
    let tls = asRecord(tp?.tls);
    let where = 'trafficPolicy.tls';
    (asArray(tp?.portLevelSettings) ?? []).forEach((s, i) => {
      const setting = asRecord(s) ?? {};
      if (Number(asRecord(setting.port)?.number) === port && asRecord(setting.tls) && where === 'trafficPolicy.tls') {
        tls = asRecord(setting.tls);
        where = `trafficPolicy.portLevelSettings[${i}].tls`;
      }
    });
    if (dr && tls) {
      // ClientTLSSettings.mode: DISABLE is enum value 0, so `tls` without mode means DISABLE.
      const raw = typeof tls.mode === 'string' ? tls.mode : 'DISABLE';
      let mode: ClientMode = raw === 'ISTIO_MUTUAL' || raw === 'SIMPLE' || raw === 'MUTUAL' ? raw : 'DISABLE';
      let detail = `${where}: ${mode}${tls.mode === undefined ? ' (no mode = DISABLE)' : ''}`;
      if ((mode === 'SIMPLE' || mode === 'MUTUAL') && typeof tls.credentialName === 'string' && matchLabelsOf(specOf(dr).workloadSelector) === undefined) {
        mode = 'DISABLE'; // credentialName only applies at sidecars with a workloadSelector (cluster_tls.go)
        detail = `${where}: ${raw} with credentialName but no workloadSelector → plaintext at sidecars`;
      }
      return { mode, reason: { layer: 'mtls', object: refOf(dr), detail } };
    }
    // Auto mTLS (meshConfig.enableAutoMtls, default true).
    const object = dr ? refOf(dr) : '-';
    if (!to.sidecar) return { mode: 'DISABLE', reason: { layer: 'mtls', object, detail: 'auto mTLS: destination has no sidecar → plaintext' } };
    if (this.serverMode(to, port).mode === 'DISABLE') return { mode: 'DISABLE', reason: { layer: 'mtls', object, detail: 'auto mTLS: server DISABLE → plaintext' } };
    return { mode: 'ISTIO_MUTUAL', reason: { layer: 'mtls', object, detail: 'auto mTLS: ISTIO_MUTUAL' } };
  }

  /** Only called when at least one side has a sidecar. */
  public decide(from: Endpoint, to: Endpoint, port: number): MtlsDecision {
    const client = this.clientMode(from, to, port);
    if (!to.sidecar) {
      if (client.mode === 'ISTIO_MUTUAL') return { allowed: false, mtls: 'plaintext', reasons: [client.reason] }; // explicit ISTIO_MUTUAL: no plaintext fallback
      return { allowed: true, mtls: 'plaintext', reasons: [client.reason] };
    }
    const server = this.serverMode(to, port);
    const mutual = client.mode === 'ISTIO_MUTUAL';
    const reasons = [client.reason, server.reason];
    if (server.mode === 'STRICT' && !mutual) return { allowed: false, mtls: 'plaintext', reasons };
    if (server.mode === 'DISABLE' && mutual) return { allowed: false, mtls: 'plaintext', reasons };
    return { allowed: true, mtls: mutual ? 'mutual' : 'plaintext', reasons };
  }
}
