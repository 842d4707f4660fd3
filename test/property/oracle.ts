/**
 * The declared intent of a definition, written from the documented semantics of the definition
 * (lib/model/definition.ts doc comments, DESIGN.md §3a, docs/testing.md) and NOT from lib/model or
 * lib/intent: this is the specification the emitted objects are judged against.
 *
 * It answers, for a caller pod C, a destination workload D, a container port P and a request, whether
 * the definition means the request to go through, layer by layer:
 * - L3/L4 (NetworkPolicies, when on): destAdmits && callerMaySend;
 * - mTLS (Istio on, D has a sidecar): a caller without identity is refused by STRICT unless a rule of D
 *   admits a caller without identity on P (the library then opens P to plaintext);
 * - L7 (Istio on, D has a sidecar): Istio's ALLOW semantics over the rules, by identity.
 */
import type {
  HttpMethod, IngressRuleProps, IsolationMode, MtlsMode, NamespaceProps, PeerSpec, PortProps, SecureMeshProps,
  SystemPeerName, WorkloadProps,
} from '../../lib/model/definition';
import type { Pod } from '../evaluator';
import { UNDECLARED_TEST_PORT } from './arbitraries';

export const OUTSIDER_NAMESPACE = 'outsider';
const DEFAULT_ROOT_NAMESPACE = 'istio-system';
const DEFAULT_TRUST_DOMAIN = 'cluster.local';

/** A pod of the test world, with what the oracle needs to know about it. */
export interface WorldPod extends Pod {
  /** Readable id for reports: `workload a/api`, `generic b`, `system prometheus`, `outsider`. */
  readonly id: string;
  readonly workload?: WorkloadProps;
  readonly system?: SystemPeerName;
}

export interface Destination {
  readonly pod: WorldPod;
  readonly workload: WorkloadProps;
  readonly port: number;
}

export interface HttpProbe {
  readonly path: string;
  readonly method: HttpMethod;
}

export interface Expectation {
  readonly allowed: boolean;
  /** The layer that refuses, when refused. */
  readonly layer?: 'network' | 'mtls' | 'authorization';
  readonly why: string;
}

interface NamespaceFacts {
  readonly declared: boolean;
  readonly managed: boolean;
  readonly sidecar: boolean;
  readonly isolation: IsolationMode;
  readonly mtls: MtlsMode;
}

export class Oracle {
  public readonly istio: boolean;
  public readonly networkPolicies: boolean;
  public readonly rootNamespace: string;
  public readonly trustDomain: string;
  public readonly pods: readonly WorldPod[];
  public readonly destinations: readonly Destination[];

  public constructor(private readonly def: SecureMeshProps) {
    this.istio = def.istio !== false;
    this.networkPolicies = def.networkPolicies ?? true;
    this.rootNamespace = (def.istio !== false ? def.istio?.rootNamespace : undefined) ?? DEFAULT_ROOT_NAMESPACE;
    this.trustDomain = def.trustDomain ?? DEFAULT_TRUST_DOMAIN;
    this.pods = this.buildPods();
    this.destinations = this.pods.flatMap((pod) => {
      const w = pod.workload;
      if (!w || !this.namespace(w.namespace).managed) return [];
      const ports = (w.ports ?? []).map((p) => p.port);
      return (ports.length > 0 ? ports : [UNDECLARED_TEST_PORT]).map((port) => ({ pod, workload: w, port }));
    });
  }

  /** Every namespace a pod of the world lives in (the evaluator needs their labels; none are extra). */
  public namespaceNames(): string[] {
    return [...new Set([...(this.def.namespaces ?? []).map((n) => n.name), ...this.pods.map((p) => p.namespace), 'kube-system'])].sort();
  }

  // ------------------------------------------------------------------------------------- the world

  private buildPods(): WorldPod[] {
    const pods: WorldPod[] = [];
    for (const w of this.def.workloads ?? []) {
      pods.push({
        id: `workload ${w.namespace}/${w.name}`,
        namespace: w.namespace,
        labels: { ...(w.selector ?? { app: w.name }) },
        serviceAccount: w.serviceAccount ?? w.name,
        sidecar: this.istio && (w.sidecar ?? this.namespace(w.namespace).sidecar),
        service: w.serviceName ?? w.name,
        ports: Object.fromEntries((w.ports ?? []).filter((p) => p.name).map((p) => [p.name as string, p.port])),
        workload: w,
      });
    }
    const systemNamespaces = new Set([this.prometheus().namespace, 'knative-serving', this.rootNamespace]);
    for (const ns of this.def.namespaces ?? []) {
      // System namespaces hold exactly their system pod, so "the system caller" is one pod.
      if (systemNamespaces.has(ns.name)) continue;
      pods.push({ id: `generic ${ns.name}`, namespace: ns.name, labels: { app: `generic-${ns.name}` }, serviceAccount: 'default', sidecar: this.namespace(ns.name).sidecar });
    }
    pods.push({ id: 'outsider', namespace: OUTSIDER_NAMESPACE, labels: { app: 'outsider' }, serviceAccount: 'default', sidecar: false });
    const prom = this.prometheus();
    pods.push({ id: 'system prometheus', namespace: prom.namespace, labels: { ...prom.podLabels }, serviceAccount: prom.serviceAccount, sidecar: this.namespace(prom.namespace).sidecar, system: 'prometheus' });
    pods.push({
      id: 'system knative-serving', namespace: 'knative-serving', labels: { app: 'activator' }, serviceAccount: 'controller',
      sidecar: this.systemSidecar('knative-serving'), system: 'knative-serving',
    });
    pods.push({
      id: 'system istio-ingressgateway', namespace: this.rootNamespace, labels: { istio: 'ingressgateway' },
      serviceAccount: 'istio-ingressgateway-service-account',
      sidecar: this.systemSidecar(this.rootNamespace), system: 'istio-ingressgateway',
    });
    return pods;
  }

  /** Knative and the ingress gateway run sidecars when Istio is on, unless their namespace is declared otherwise. */
  private systemSidecar(namespace: string): boolean {
    return this.declaration(namespace) ? this.namespace(namespace).sidecar : this.istio;
  }

  private prometheus(): { namespace: string; podLabels: Record<string, string>; serviceAccount: string } {
    const p = this.def.monitoring ? this.def.monitoring.prometheus : undefined;
    return {
      namespace: p?.namespace ?? 'monitoring',
      podLabels: { ...(p?.podLabels ?? { 'app.kubernetes.io/name': 'prometheus' }) },
      serviceAccount: p?.serviceAccount ?? 'prometheus',
    };
  }

  private declaration(name: string): NamespaceProps | undefined {
    return (this.def.namespaces ?? []).find((n) => n.name === name);
  }

  private namespace(name: string): NamespaceFacts {
    const ns = this.declaration(name);
    const meshMtls = (this.def.istio !== false ? this.def.istio?.mtls : undefined) ?? 'STRICT';
    if (!ns) return { declared: false, managed: false, sidecar: false, isolation: 'none', mtls: meshMtls };
    const managed = ns.managed ?? true;
    return {
      declared: true,
      managed,
      sidecar: this.istio && (ns.sidecarInjection ?? managed),
      isolation: managed ? ns.isolation ?? 'workload' : 'none',
      mtls: ns.mtls ?? meshMtls,
    };
  }

  // ------------------------------------------------------------------------------ rule semantics

  private ports(w: WorkloadProps): readonly PortProps[] {
    return w.ports ?? [];
  }

  /** r covers P iff r.ports names P (by number or port name), or r.ports is absent/empty. */
  public covers(rule: IngressRuleProps, d: Destination): boolean {
    if (!rule.ports || rule.ports.length === 0) return true;
    return rule.ports.some((p) => p === d.port || this.ports(d.workload).some((declared) => declared.port === d.port && declared.name === p));
  }

  private peersOf(rule: IngressRuleProps): readonly PeerSpec[] {
    return Array.isArray(rule.from) ? rule.from as readonly PeerSpec[] : [rule.from as PeerSpec];
  }

  /** The pod a workload/system peer names (namespace peers and CIDRs name no single pod). */
  private peerPod(peer: PeerSpec, d: Destination): WorldPod | undefined {
    if ('workload' in peer) {
      const ns = peer.namespace ?? d.workload.namespace;
      return this.pods.find((p) => p.workload?.name === peer.workload && p.workload.namespace === ns);
    }
    if ('system' in peer) return this.pods.find((p) => p.system === peer.system);
    return undefined;
  }

  /** L3 view: does the peer name caller C? (Pods get no IPs, so CIDR peers never match.) */
  private peerMatches(peer: PeerSpec, c: WorldPod, d: Destination): boolean {
    if ('cidr' in peer) return false;
    if ('workload' in peer || 'system' in peer) return this.peerPod(peer, d) === c;
    return c.namespace === peer.namespace;
  }

  /** Whether the peer has a mesh identity (runs a sidecar); CIDR peers never do. */
  private peerHasIdentity(peer: PeerSpec, d: Destination): boolean {
    if ('cidr' in peer) return false;
    if ('namespace' in peer && !('workload' in peer)) return this.namespace(peer.namespace).sidecar;
    return this.peerPod(peer, d)?.sidecar ?? false;
  }

  private rulesOf(d: Destination): readonly IngressRuleProps[] {
    return d.workload.ingress ?? [];
  }

  // --------------------------------------------------------------------------------------- L3/L4

  public destAdmits(c: WorldPod, d: Destination): boolean {
    const ns = this.namespace(d.workload.namespace);
    if (this.rulesOf(d).some((r) => this.covers(r, d) && this.peersOf(r).some((p) => this.peerMatches(p, c, d)))) return true;
    if (ns.isolation === 'namespace' && c.namespace === d.workload.namespace) return true;
    return ns.isolation === 'none' && this.rulesOf(d).length === 0;
  }

  public callerMaySend(c: WorldPod, d: Destination): boolean {
    const ns = this.namespace(c.namespace);
    if (!ns.managed || ns.isolation === 'none') return true;
    for (const r of this.rulesOf(d)) {
      if (!this.covers(r, d)) continue;
      for (const p of this.peersOf(r)) {
        if (('workload' in p || 'system' in p) && this.peerPod(p, d) === c) return true;
        if ('namespace' in p && !('workload' in p) && p.namespace === c.namespace) return true;
      }
    }
    return ns.isolation === 'namespace' && c.namespace === d.workload.namespace;
  }

  // ----------------------------------------------------------------------------------------- mTLS

  /** D's sidecar accepts plaintext on P: PERMISSIVE, or a rule covering P admits a caller without identity. */
  public acceptsPlaintext(d: Destination): boolean {
    if (this.namespace(d.workload.namespace).mtls === 'PERMISSIVE') return true;
    return this.rulesOf(d).some((r) => this.covers(r, d) && this.peersOf(r).some((p) => !this.peerHasIdentity(p, d)));
  }

  // ------------------------------------------------------------------------------------------ L7

  private principal(pod: { namespace: string; serviceAccount: string }): string {
    return `${this.trustDomain}/ns/${pod.namespace}/sa/${pod.serviceAccount}`;
  }

  /** Istio ALLOW: does a rule's source admit C with this identity (or none)? */
  private l7PeerMatches(peer: PeerSpec, c: WorldPod, d: Destination, identity: boolean): boolean {
    if ('cidr' in peer) return false; // no pod IPs in the world
    if (!this.peerHasIdentity(peer, d)) return !identity; // `notPrincipals: ["*"]`: exactly the callers without identity
    if (!identity) return false;
    if ('namespace' in peer && !('workload' in peer)) return c.namespace === peer.namespace;
    if ('system' in peer && peer.system === 'knative-serving') return c.namespace === 'knative-serving';
    const pod = this.peerPod(peer, d);
    return pod !== undefined && this.principal(pod) === this.principal(c);
  }

  private l7RuleMatches(rule: IngressRuleProps, c: WorldPod, d: Destination, identity: boolean, http?: HttpProbe): boolean {
    if (!this.covers(rule, d)) return false;
    if (!this.peersOf(rule).some((p) => this.l7PeerMatches(p, c, d, identity))) return false;
    const paths = rule.paths ?? [];
    const methods = rule.methods ?? [];
    if (paths.length === 0 && methods.length === 0) return true;
    if (!http) return false; // HTTP conditions never match a TCP connection
    return (paths.length === 0 || paths.some((p) => pathMatches(p, http.path))) && (methods.length === 0 || methods.includes(http.method));
  }

  public l7Admits(c: WorldPod, d: Destination, identity: boolean, http?: HttpProbe): boolean {
    const ns = this.namespace(d.workload.namespace);
    const rules = this.rulesOf(d);
    const namespacePolicy = ns.isolation !== 'none';
    if (!namespacePolicy && rules.length === 0) return true; // no ALLOW policy applies
    if (ns.isolation === 'namespace' && identity && c.namespace === d.workload.namespace) return true;
    return rules.some((r) => this.l7RuleMatches(r, c, d, identity, http));
  }

  // -------------------------------------------------------------------------------------- verdict

  public expect(c: WorldPod, d: Destination, http?: HttpProbe): Expectation {
    if (this.networkPolicies) {
      if (!this.destAdmits(c, d)) return { allowed: false, layer: 'network', why: 'no ingress rule of the destination admits the caller on this port' };
      if (!this.callerMaySend(c, d)) return { allowed: false, layer: 'network', why: 'the caller\'s isolated namespace does not let it send here' };
    }
    if (!this.istio || !d.pod.sidecar) return { allowed: true, why: this.networkPolicies ? 'declared at L3/L4' : 'nothing restricts it' };
    // The caller's sidecar sends Istio mTLS to a sidecar destination, if its Sidecar scope knows the service.
    const identity = c.sidecar && this.sidecarImports(c, d);
    if (!identity && !this.acceptsPlaintext(d)) return { allowed: false, layer: 'mtls', why: c.sidecar ? 'STRICT mTLS and the caller\'s Sidecar does not import the service (plaintext passthrough)' : 'STRICT mTLS and the caller has no sidecar' };
    if (!this.l7Admits(c, d, identity, http)) return { allowed: false, layer: 'authorization', why: 'no AuthorizationPolicy rule admits the caller/request' };
    return { allowed: true, why: 'declared at every layer' };
  }

  /**
   * Whether C's proxy knows D's Service. With sidecar scoping (the default), every managed, isolated namespace's
   * `default` Sidecar imports Istio's namespaces, its own namespace under namespace isolation, and the services its
   * pods are declared to call (on any port); anything else leaves C's proxy as plaintext passthrough (ALLOW_ANY).
   */
  private sidecarImports(c: WorldPod, d: Destination): boolean {
    const istio = this.def.istio === false ? undefined : this.def.istio;
    if (!this.istio || istio?.sidecarScoping === false) return true;
    const ns = this.namespace(c.namespace);
    if (!ns.managed || ns.isolation === 'none') return true;
    const target = d.workload.namespace;
    if (target === this.rootNamespace || target === (istio?.istiodNamespace ?? this.rootNamespace)) return true;
    if (ns.isolation === 'namespace' && target === c.namespace) return true;
    return this.rulesOf(d).some((r) => this.peersOf(r).some((peer) => this.pods.some((p) => p.namespace === c.namespace && this.peerMatches(peer, p, d))));
  }

  /** Declared at all (the L3 view of the definition), for the "refused at both layers" check. */
  public declared(c: WorldPod, d: Destination): boolean {
    return this.destAdmits(c, d) && this.callerMaySend(c, d);
  }

  public isolated(d: Destination): boolean {
    return this.namespace(d.workload.namespace).isolation !== 'none';
  }

  /** HTTP requests worth probing on D's port P: one matching and one not matching each path/method rule. */
  public httpProbes(d: Destination): HttpProbe[] {
    const probes: HttpProbe[] = [];
    for (const r of this.rulesOf(d)) {
      if (!this.covers(r, d) || (!r.paths?.length && !r.methods?.length)) continue;
      const method = r.methods?.[0] ?? 'GET';
      probes.push({ path: r.paths?.length ? examplePath(r.paths[0]) : '/', method });
      probes.push({ path: '/not-declared', method });
      if (r.methods?.length) probes.push({ path: r.paths?.length ? examplePath(r.paths[0]) : '/', method: r.methods.includes('DELETE') ? 'PUT' : 'DELETE' });
    }
    return probes;
  }
}

/** Istio path matching: exact, `prefix*`, `*suffix`, `*`. */
export function pathMatches(pattern: string, path: string): boolean {
  if (pattern === '*') return true;
  if (pattern.endsWith('*')) return path.startsWith(pattern.slice(0, -1));
  if (pattern.startsWith('*')) return path.endsWith(pattern.slice(1));
  return path === pattern;
}

/** A concrete path a pattern matches. */
export function examplePath(pattern: string): string {
  if (pattern === '*') return '/anything';
  if (pattern.endsWith('*')) return `${pattern.slice(0, -1)}x`;
  if (pattern.startsWith('*')) return `/x${pattern.slice(1)}`;
  return pattern;
}
