/**
 * Transport between the two sidecars (Istio 1.30): what the caller's sidecar sends (DestinationRule
 * `trafficPolicy.tls`, else auto mTLS) against what the destination's sidecar accepts (PeerAuthentication,
 * root → namespace → workload → port; UNSET inherits; the oldest policy per level wins: lib/checks/mtls-modes.ts).
 */
import type { K8sObject } from '../k8s-object';
import type { Endpoint } from './endpoint';
import type { Reasons } from './reasons';
import type { AccessReason } from './types';
import { asArray, asRecord, asStrings, byAge, isKind, namespaceOf, refOf, specOf } from './objects';
import { matchLabelsOf, subsetOf } from './selectors';
import { SidecarScope } from './sidecar-scope';
import { effectiveMode, levelsFor, type EffectiveMode, type MtlsMode, type PeerAuthenticationLevels, type PeerAuthenticationLookup } from '../checks/mtls-modes';

type ServerMode = MtlsMode;
type ClientMode = 'ISTIO_MUTUAL' | 'DISABLE' | 'SIMPLE' | 'MUTUAL' | 'NONE';

export interface MtlsDecision {
  readonly allowed: boolean;
  readonly mtls: 'mutual' | 'plaintext';
  readonly reasons: readonly AccessReason[];
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

/** A host pattern's rank: an exact host beats any wildcard, a longer wildcard a shorter one. */
function specificity(pattern: string): number {
  return pattern.includes('*') ? pattern.length : Number.MAX_SAFE_INTEGER;
}

/** What the DestinationRule lookup reads of one rule. */
interface CompiledDestinationRule {
  readonly dr: K8sObject;
  readonly exportTo: readonly string[];
  /** `workloadSelector.matchLabels` as strings; undefined when it has none. */
  readonly selector?: Readonly<Record<string, string>>;
  /** Its host as a lower-case pattern (a short name completed in its namespace); undefined when `host` is not a string. */
  readonly pattern?: string;
  readonly specificity: number;
  readonly trafficPolicy: boolean;
}

/** The transport the caller's sidecar picks, and why. */
interface ClientChoice {
  readonly mode: ClientMode;
  readonly reason: AccessReason;
}

/** What the destination's sidecar accepts on a port, and why. */
interface ServerChoice {
  readonly mode: ServerMode;
  readonly reason: AccessReason;
}

export class MtlsLayer {
  private readonly pas: PeerAuthenticationLookup;
  private readonly drs: Map<string, K8sObject[]>;
  private readonly levels = new Map<Endpoint, PeerAuthenticationLevels>();
  private readonly servers = new Map<Endpoint, Map<number, ServerChoice>>();
  /** Decisions are shared: one per (client choice, server choice). */
  private readonly decisions = new Map<ClientChoice, Map<ServerChoice | undefined, MtlsDecision>>();
  private lastPair?: { readonly from: Endpoint; readonly to: Endpoint; readonly rule: K8sObject | undefined };
  /** Per DestinationRule, its TLS settings by port (null: none, auto mTLS). */
  private readonly tls = new Map<K8sObject, Map<number, ClientChoice | null>>();
  /** Auto mTLS outcomes, per DestinationRule without TLS settings (undefined: no DestinationRule). */
  private readonly auto = new Map<K8sObject | undefined, Readonly<Record<'noSidecar' | 'serverDisable' | 'mutual', ClientChoice>>>();
  private readonly withoutSidecar = new Map<Endpoint, ClientChoice>();
  private readonly scope: SidecarScope;
  private readonly passthrough = new Map<string, ClientChoice>();
  /** Per destination, its service host (`<svc>.<ns>.svc.<cluster domain>`, lower case): made once, not per port and caller. */
  private readonly hosts = new Map<Endpoint, string>();
  private readonly compiledRules = new Map<K8sObject, CompiledDestinationRule>();

  public constructor(objects: readonly K8sObject[], private readonly rootNamespace: string, private readonly clusterDomain: string, private readonly reasons: Reasons) {
    const pas = groupByNamespace(objects, 'security.istio.io', 'PeerAuthentication');
    this.pas = { inNamespace: (_kind, namespace) => pas.get(namespace) ?? [] };
    this.drs = groupByNamespace(objects, 'networking.istio.io', 'DestinationRule');
    this.scope = new SidecarScope(objects, rootNamespace);
  }

  /** Configured server mode of `pod` on `port`, with the deciding policy (precedence: lib/checks/mtls-modes.ts). */
  public serverMode(pod: Endpoint, port: number): ServerChoice {
    let byPort = this.servers.get(pod);
    if (!byPort) this.servers.set(pod, (byPort = new Map()));
    let result = byPort.get(port);
    if (!result) {
      const effective = effectiveMode(this.levelsOf(pod), port);
      result = {
        mode: effective.mode,
        reason: effective.policy && effective.level
          ? this.reasons.of('mtls', refOf(effective.policy), `${effective.mode} (${LEVEL_DETAIL[effective.level](port)})`)
          : this.reasons.of('mtls', '-', 'PERMISSIVE (no PeerAuthentication applies)'),
      };
      byPort.set(port, result);
    }
    return result;
  }

  private levelsOf(pod: Endpoint): PeerAuthenticationLevels {
    let levels = this.levels.get(pod);
    if (!levels) this.levels.set(pod, (levels = levelsFor(this.pas, this.rootNamespace, pod.namespace ?? '', pod.labels)));
    return levels;
  }

  /**
   * The DestinationRule the caller uses for the destination's host: caller namespace, then the
   * destination's, then the root namespace; exported and applicable DRs only; the most specific host wins;
   * a matching workloadSelector DR beats catch-all ones; merged catch-alls keep the oldest trafficPolicy.
   */
  private destinationRule(from: Endpoint, to: Endpoint): K8sObject | undefined {
    // The ports of one pair are decided one after the other: look the rule up once per pair.
    if (this.lastPair?.from !== from || this.lastPair.to !== to) this.lastPair = { from, to, rule: this.findDestinationRule(from, to) };
    return this.lastPair.rule;
  }

  private findDestinationRule(from: Endpoint, to: Endpoint): K8sObject | undefined {
    if (to.service === undefined || to.namespace === undefined) return undefined;
    const host = this.hostOf(to, to.service, to.namespace);
    const fromNs = from.namespace ?? '';
    const toNs = to.namespace;
    const root = this.rootNamespace;
    // The caller's namespace, then the destination's, then the root namespace, each once (no list made per pair).
    for (let step = 0; step < 3; step++) {
      const ns = step === 0 ? fromNs : step === 1 ? toNs : root;
      if ((step === 1 && ns === fromNs) || (step === 2 && (ns === fromNs || ns === toNs))) continue;
      let best: { pattern: string; drs: CompiledDestinationRule[] } | undefined;
      for (const dr of this.drs.get(ns) ?? []) {
        const c = this.compiledRule(dr, ns);
        const exportTo = c.exportTo;
        if (!(exportTo.length === 0 || exportTo.includes('*') || exportTo.some((e) => (e === '.' ? ns === fromNs : e === fromNs)))) continue;
        if (c.selector && !(ns === fromNs && subsetOf(c.selector, from.labels))) continue;
        if (c.pattern === undefined) continue;
        const pattern = c.pattern;
        if (!hostMatches(pattern, host)) continue;
        if (!best || c.specificity > specificity(best.pattern)) best = { pattern, drs: [c] };
        else if (pattern === best.pattern) best.drs.push(c);
      }
      if (!best) continue;
      return (best.drs.find((dr) => dr.selector !== undefined) ?? best.drs.find((dr) => dr.trafficPolicy) ?? best.drs[0]).dr;
    }
    return undefined;
  }

  /** A DestinationRule's fields the lookup reads, read once (`ns`: its namespace, the one it is filed under). */
  private compiledRule(dr: K8sObject, ns: string): CompiledDestinationRule {
    let c = this.compiledRules.get(dr);
    if (!c) {
      const spec = specOf(dr);
      const h = spec.host;
      const pattern = typeof h === 'string' ? (h === '*' || h.includes('.') ? h : `${h}.${ns}.svc.${this.clusterDomain}`).toLowerCase() : undefined;
      c = {
        dr, exportTo: asStrings(spec.exportTo) ?? [], selector: matchLabelsOf(spec.workloadSelector), pattern,
        specificity: pattern === undefined ? 0 : specificity(pattern), trafficPolicy: asRecord(spec.trafficPolicy) !== undefined,
      };
      this.compiledRules.set(dr, c);
    }
    return c;
  }

  private hostOf(to: Endpoint, service: string, namespace: string): string {
    let host = this.hosts.get(to);
    if (host === undefined) this.hosts.set(to, (host = `${service}.${namespace}.svc.${this.clusterDomain}`.toLowerCase()));
    return host;
  }

  private clientMode(from: Endpoint, to: Endpoint, port: number): ClientChoice {
    if (!from.sidecar && !from.gateway) { // a gateway's proxy originates mTLS like a sidecar (gateway.ts)
      let none = this.withoutSidecar.get(from);
      if (!none) this.withoutSidecar.set(from, (none = { mode: 'NONE', reason: this.reasons.of('mtls', from.id, 'caller has no sidecar: plaintext') }));
      return none;
    }
    if (from.sidecar && to.service !== undefined && to.namespace !== undefined) {
      // A host the caller's Sidecar resource does not import leaves through the PassthroughCluster: plaintext.
      const host = this.hostOf(to, to.service, to.namespace);
      const why = this.scope.notImported(from, host, to.namespace, port);
      if (why !== undefined) {
        let choice = this.passthrough.get(why);
        if (!choice) this.passthrough.set(why, (choice = { mode: 'DISABLE', reason: this.reasons.of('mtls', from.id, why) }));
        return choice;
      }
    }
    const dr = this.destinationRule(from, to);
    if (dr) {
      let byPort = this.tls.get(dr);
      if (!byPort) this.tls.set(dr, (byPort = new Map()));
      let configured = byPort.get(port);
      if (configured === undefined) byPort.set(port, (configured = this.configuredTls(dr, port) ?? null));
      if (configured) return configured;
    }
    // Auto mTLS (meshConfig.enableAutoMtls, default true).
    let auto = this.auto.get(dr);
    if (!auto) {
      const object = dr ? refOf(dr) : '-';
      auto = {
        noSidecar: { mode: 'DISABLE', reason: this.reasons.of('mtls', object, 'auto mTLS: destination has no sidecar → plaintext') },
        serverDisable: { mode: 'DISABLE', reason: this.reasons.of('mtls', object, 'auto mTLS: server DISABLE → plaintext') },
        mutual: { mode: 'ISTIO_MUTUAL', reason: this.reasons.of('mtls', object, 'auto mTLS: ISTIO_MUTUAL') },
      };
      this.auto.set(dr, auto);
    }
    if (!to.sidecar) return auto.noSidecar;
    return this.serverMode(to, port).mode === 'DISABLE' ? auto.serverDisable : auto.mutual;
  }

  /** The TLS a DestinationRule sets on `port` (a portLevelSettings entry, else trafficPolicy.tls), or undefined. */
  private configuredTls(dr: K8sObject, port: number): ClientChoice | undefined {
    const tp = asRecord(specOf(dr).trafficPolicy);
    let tls = asRecord(tp?.tls);
    let where = 'trafficPolicy.tls';
    (asArray(tp?.portLevelSettings) ?? []).forEach((s, i) => {
      const setting = asRecord(s) ?? {};
      if (Number(asRecord(setting.port)?.number) === port && asRecord(setting.tls) && where === 'trafficPolicy.tls') {
        tls = asRecord(setting.tls);
        where = `trafficPolicy.portLevelSettings[${i}].tls`;
      }
    });
    if (!tls) return undefined;
    // ClientTLSSettings.mode: DISABLE is enum value 0, so `tls` without mode means DISABLE.
    const raw = typeof tls.mode === 'string' ? tls.mode : 'DISABLE';
    let mode: ClientMode = raw === 'ISTIO_MUTUAL' || raw === 'SIMPLE' || raw === 'MUTUAL' ? raw : 'DISABLE';
    let detail = `${where}: ${mode}${tls.mode === undefined ? ' (no mode = DISABLE)' : ''}`;
    if ((mode === 'SIMPLE' || mode === 'MUTUAL') && typeof tls.credentialName === 'string' && matchLabelsOf(specOf(dr).workloadSelector) === undefined) {
      mode = 'DISABLE'; // credentialName only applies at sidecars with a workloadSelector (cluster_tls.go)
      detail = `${where}: ${raw} with credentialName but no workloadSelector → plaintext at sidecars`;
    }
    return { mode, reason: this.reasons.of('mtls', refOf(dr), detail) };
  }

  /** Only called when at least one side has a sidecar. */
  public decide(from: Endpoint, to: Endpoint, port: number): MtlsDecision {
    const client = this.clientMode(from, to, port);
    const server = to.sidecar ? this.serverMode(to, port) : undefined;
    let byServer = this.decisions.get(client);
    if (!byServer) this.decisions.set(client, (byServer = new Map()));
    let decision = byServer.get(server);
    if (!decision) byServer.set(server, (decision = this.combine(client, server)));
    return decision;
  }

  /** What the two sidecars agree on (`server` undefined: the destination has none). */
  private combine(client: ClientChoice, server: ServerChoice | undefined): MtlsDecision {
    const mutual = client.mode === 'ISTIO_MUTUAL';
    if (!server) {
      // explicit ISTIO_MUTUAL: no plaintext fallback
      return { allowed: !mutual, mtls: 'plaintext', reasons: [client.reason] };
    }
    const reasons = [client.reason, server.reason];
    if (server.mode === 'STRICT' && !mutual) return { allowed: false, mtls: 'plaintext', reasons };
    if (server.mode === 'DISABLE' && mutual) return { allowed: false, mtls: 'plaintext', reasons };
    return { allowed: true, mtls: mutual ? 'mutual' : 'plaintext', reasons };
  }
}
