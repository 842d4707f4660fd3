/**
 * Who may call whom, decided from the emitted objects only: for every destination workload, the callers
 * its policies could admit (the peers of its ingress rules, or everyone when it is not isolated) and
 * every port the policies name plus "any other port", each through NetworkPolicy → mTLS → AuthorizationPolicy.
 * Then every destination outside the cluster (the address sets the objects name, and `any`): which pods' egress
 * reaches it, on which ports.
 */
import { asApplied } from '../applied-objects';
import { requireK8sObjects, type K8sObject } from '../k8s-object';
import { AppTls } from './app-tls';
import { AuthorizationLayer, type Grant, type PeerIdentity } from './authorization';
import { ALL_REQUESTS, unrestricted as allRequests } from './http-terms';
import { accessPorts, otherPorts, segments, type PortSpan } from './port-span';
import type { Endpoint } from './endpoint';
import { buildInventory } from './inventory';
import { MtlsLayer } from './mtls';
import { NetworkLayer } from './network';
import { compareStrings } from './objects';
import { sortAccess } from './order';
import { Reasons, orderReasons } from './reasons';
import type { Access, AccessPort, AccessReason, AnalyzeOptions, ConnectivityReport, Transport } from './types';
import { ANY_PORT, DEFAULT_CLUSTER_DOMAIN, DEFAULT_ROOT_NAMESPACE, DEFAULT_TRUST_DOMAIN, ENFORCEMENT_ANNOTATION, SIDECAR_BYPASS_PORTS } from './wellknown';

/** What a plaintext caller shows the destination: no identity. */
const NO_IDENTITY: PeerIdentity = { principal: undefined, namespace: undefined };

/** What one caller may do on one segment of ports (port-span.ts) of one destination. */
interface PortAccess {
  readonly span: PortSpan;
  readonly mtls: Transport;
  readonly grants: readonly Grant[];
  /** NetworkPolicy's reasons, and the transport's (kept apart: the access lists them together, see `group`). */
  readonly net: readonly AccessReason[];
  readonly reasons: readonly AccessReason[];
}

export function analyzeConnectivity(input: readonly K8sObject[], options: AnalyzeOptions = {}): ConnectivityReport {
  requireK8sObjects(input, 'the connectivity analysis');
  // What the cluster keeps: the last object of each identity (a repeated one replaces the earlier, it does not add).
  const { objects, replaced } = asApplied(input);
  const rootNamespace = options.rootNamespace ?? DEFAULT_ROOT_NAMESPACE;
  const trustDomain = options.trustDomain ?? DEFAULT_TRUST_DOMAIN;
  const reasons = new Reasons();
  const inventory = buildInventory(objects, rootNamespace, trustDomain, options.declaredWorkloads);
  const network = new NetworkLayer(objects, inventory, reasons);
  const clusterDomain = options.clusterDomain ?? DEFAULT_CLUSTER_DOMAIN;
  const mtls = new MtlsLayer(objects, rootNamespace, clusterDomain, reasons);
  const appTls = new AppTls(objects, clusterDomain);
  const authz = new AuthorizationLayer(objects, rootNamespace, reasons);
  const notes = new Set<string>(inventory.notes);
  for (const ref of replaced) notes.add(`${ref} appears more than once: analysed as kubectl apply keeps it, the last one (secure-mesh validate reports this as SM-KA-003)`);
  for (const n of auditNotes(objects, authz)) notes.add(n);
  const access: Access[] = [];
  const unrestricted: readonly Grant[] = [{ ...ALL_REQUESTS, reasons: [] }];
  const withoutSidecars = reasons.single(reasons.of('mtls', '-', 'plaintext (neither side has a sidecar)'));
  const identities = new Map<Endpoint, PeerIdentity>();
  const identityOf = (caller: Endpoint): PeerIdentity => {
    let peer = identities.get(caller);
    if (!peer) {
      peer = caller.namespace !== undefined ? { principal: `${trustDomain}/ns/${caller.namespace}/sa/${caller.serviceAccount}`, namespace: caller.namespace } : NO_IDENTITY;
      identities.set(caller, peer);
    }
    return peer;
  };

  /** Per destination and bypass port, `[reason]` (every caller of the destination gets the same list). */
  const bypassReasons = new Map<Endpoint, Map<number, readonly AccessReason[]>>();
  const bypassOf = (dest: Endpoint, port: number): readonly AccessReason[] => {
    let byPort = bypassReasons.get(dest);
    if (!byPort) bypassReasons.set(dest, (byPort = new Map()));
    let list = byPort.get(port);
    if (!list) byPort.set(port, (list = reasons.single(reasons.of('mtls', dest.id, `port ${port} is not captured by the sidecar: plaintext, no AuthorizationPolicy`))));
    return list;
  };
  /** Without mesh mTLS: TLS the destination does itself on a port it declares it on, else plaintext. */
  const transport = (dest: Endpoint, port: number): Transport => (port !== ANY_PORT && appTls.has(dest, port) ? 'app-tls' : 'plaintext');
  /**
   * The mTLS and AuthorizationPolicy layers on one segment that NetworkPolicy admits (`net`: its reasons). A segment
   * of a range holds no port any other object names, so it is decided like "any other port".
   */
  const decide = (caller: Endpoint, dest: Endpoint, span: PortSpan, net: readonly AccessReason[]): PortAccess | undefined => {
    const port = span.lo === span.hi ? span.lo : ANY_PORT;
    if (dest.sidecar && SIDECAR_BYPASS_PORTS.includes(port)) {
      return { span, mtls: 'plaintext', grants: unrestricted, net, reasons: bypassOf(dest, port) };
    }
    let mode: Transport = 'plaintext';
    let layered: readonly AccessReason[];
    // A gateway's proxy originates mTLS like a sidecar does (gateway.ts).
    if (caller.sidecar || caller.gateway || dest.sidecar) {
      const m = mtls.decide(caller, dest, port);
      if (!m.allowed) return undefined;
      mode = m.mtls === 'mutual' ? 'mutual' : transport(dest, port);
      layered = m.reasons;
    } else {
      mode = transport(dest, port);
      layered = withoutSidecars;
    }
    if (!dest.sidecar && !dest.gateway) return { span, mtls: mode, grants: unrestricted, net, reasons: layered };
    const a = authz.decide(caller, dest, port, mode === 'mutual' ? identityOf(caller) : NO_IDENTITY);
    if (!a.allowed) return undefined;
    for (const n of a.notes) notes.add(n);
    return { span, mtls: mode, grants: a.grants, net, reasons: layered };
  };

  /** Per destination, its segments joined with each distinct open-egress port list (network.ts interns them). */
  let withOpen = new Map<object, PortSpan[]>();
  /** The port lists of the destination's groups that hold "any other port" (group below), per segment list. */
  let portLists = new PortLists();
  /** Every segment of `dest`'s ports a caller is admitted on, through all three layers. */
  const evaluate = (caller: Endpoint, dest: Endpoint, destSpans: readonly PortSpan[], destPorts: { points: number[]; ranges: PortSpan[] }): void => {
    // Ports the caller's egress opens to anyone (rules without `to`) are ports of every destination: a port need not
    // be declared to be reached (containerPort is informational, Kubernetes PodSpec).
    const open = network.openEgressPorts(caller);
    let spans: readonly PortSpan[] = destSpans;
    if (open.points.length > 0 || open.ranges.length > 0) {
      let joined = withOpen.get(open);
      if (!joined) withOpen.set(open, (joined = segments([...destPorts.points, ...open.points], [...destPorts.ranges, ...open.ranges])));
      spans = joined;
    }
    const verdicts = network.decide(caller, dest, spans);
    const perPort: PortAccess[] = [];
    for (let i = 0; i < spans.length; i++) {
      const net = verdicts[i];
      const pa = net && decide(caller, dest, spans[i], net);
      if (pa) perPort.push(pa);
    }
    if (perPort.length > 0) group(caller.id, dest.id, perPort, spans, portLists, access);
  };

  const order = new Map(inventory.callers.map((c, i) => [c, i]));
  let egressRestricted: readonly Endpoint[] | undefined;
  for (const dest of inventory.workloads) {
    const candidates = network.candidates(dest);
    // Pods known only from selectors: their own ingress policies are not in the objects, so show only
    // callers whose egress rules name them (DNS, istiod), not the whole cluster.
    // (Callers whose egress rules cannot admit them are left out before evaluating: they would be refused.)
    const callers = inventory.inferred.has(dest.id)
      ? network.namingInEgress(dest, egressRestricted ??= inventory.callers.filter((c) => network.isolating(c, 'egress').length > 0))
      : candidates === 'all' ? inventory.callers : [...candidates].sort((a, b) => order.get(a)! - order.get(b)!);
    const named = network.portsOf(dest);
    const destPorts = { points: [...named.points, ...dest.containerPorts, ...authz.portsNamed(dest)], ranges: named.ranges };
    const spans = segments(destPorts.points, destPorts.ranges);
    withOpen = new Map();
    portLists = new PortLists();
    for (const caller of callers) {
      if (caller === dest) continue;
      evaluate(caller, dest, spans, destPorts);
    }
  }
  // Destinations outside the cluster: pods whose egress reaches them (pods known only from selectors are left out:
  // their own policies are not among the objects).
  if (inventory.external.length > 0) {
    const external = network.externalPorts();
    const spans = segments(external.points, external.ranges);
    const pods = inventory.callers.filter((c) => c.namespace !== undefined && !inventory.inferred.has(c.id) && network.mayReachOutside(c));
    for (const dest of inventory.external) {
      withOpen = new Map();
      portLists = new PortLists();
      for (const caller of pods) evaluate(caller, dest, spans, external);
    }
  }
  if (inventory.inferred.size > 0) notes.add(`only callers whose egress policies name them are shown towards ${[...inventory.inferred].sort(compareStrings).join(', ')} (their own policies are not among the objects)`);
  return { workloads: [...inventory.nodes], access: sortAccess(access), notes: [...notes].sort(compareStrings) };
}

/**
 * One Access per distinct (mTLS, paths, methods) across ports. A rule that allows everything on a port
 * absorbs the narrower grants of that port. Access on "any other port" means all ports (`ports: []`)
 * and absorbs the same grant on named ports, but only when every evaluated port has that grant: when a
 * port is refused or narrower (a DENY on one port, paths on another), `[]` would claim it too, so the
 * access lists the ports it has (the other ports, unnamed, are then left out: the report never claims more).
 */
function group(from: string, to: string, perPort: readonly PortAccess[], evaluated: readonly PortSpan[], portLists: PortLists, out: Access[]): void {
  // A pair has a handful of ports and grants: arrays and linear scans allocate less than maps, sets and closures.
  const groups: Group[] = [];
  for (const pa of perPort) {
    let all: Grant | undefined;
    for (const g of pa.grants) {
      if (allRequests(g)) {
        all = g;
        break;
      }
    }
    if (all) {
      // The common case: no HTTP terms, one group per transport (lists made once, below).
      let entry = findGroup(groups, pa.mtls);
      if (!entry) groups.push((entry = { key: pa.mtls, spans: [], mtls: pa.mtls, terms: NO_TERMS, reasons: [] }));
      if (entry.spans[entry.spans.length - 1] !== pa.span) entry.spans.push(pa.span);
      entry.reasons.push(pa.net, pa.reasons, all.reasons);
      continue;
    }
    for (const g of pa.grants) {
      const terms = {
        paths: uniqueSorted(g.paths), methods: uniqueSorted(g.methods),
        // The exclusions and hosts only when they say something: reports without them keep their shape.
        ...(g.notPaths.length > 0 ? { notPaths: uniqueSorted(g.notPaths) } : {}),
        ...(g.notMethods.length > 0 ? { notMethods: uniqueSorted(g.notMethods) } : {}),
        ...(g.hosts.length > 0 ? { hosts: uniqueSorted(g.hosts) } : {}),
        ...(g.notHosts.length > 0 ? { notHosts: uniqueSorted(g.notHosts) } : {}),
      };
      const key = JSON.stringify([pa.mtls, terms]);
      let entry = findGroup(groups, key);
      if (!entry) groups.push((entry = { key, spans: [], mtls: pa.mtls, terms, reasons: [] }));
      if (entry.spans[entry.spans.length - 1] !== pa.span) entry.spans.push(pa.span);
      entry.reasons.push(pa.net, pa.reasons, g.reasons);
    }
  }
  // Each group on exactly the ports it holds on: "any other port" is the ports no segment names, so next to a refused
  // named port it reads `1-8079, 8081-65535`; `[]` (every port) only when that covers 1-65535.
  for (const g of groups) {
    let any = false;
    for (const s of g.spans) if (s.lo === ANY_PORT) any = true;
    const ports = any ? portLists.withOthers(g.spans, evaluated) : g.spans.length > 0 ? accessPorts(g.spans) : undefined;
    if (!ports) continue;
    // The common case (no HTTP terms) as one literal; the same keys in the same order as the spread below.
    if (g.terms === NO_TERMS) out.push({ from, to, ports, paths: [], methods: [], mtls: g.mtls, reasons: orderReasons(g.reasons) });
    else out.push({ from, to, ports, ...g.terms, mtls: g.mtls, reasons: orderReasons(g.reasons) });
  }
}

/** The accesses of one pair in the making: one per transport and HTTP terms. */
interface Group {
  readonly key: string;
  readonly spans: PortSpan[];
  readonly mtls: Transport;
  readonly terms: Omit<Access, 'from' | 'to' | 'ports' | 'mtls' | 'reasons'>;
  readonly reasons: (readonly AccessReason[])[];
}

function findGroup(groups: readonly Group[], key: string): Group | undefined {
  for (const g of groups) if (g.key === key) return g;
  return undefined;
}

/**
 * The ports of a group that holds "any other port": its named segments and the ports no segment names
 * (`otherPorts`), as `accessPorts` writes them. The callers of one destination mostly hold the same segments, so each
 * distinct list of segments (the same segment objects, in the same order) is computed once per segment list; every
 * access gets its own copy (the report owns its lists).
 */
class PortLists {
  private readonly bySegments = new Map<readonly PortSpan[], { others: PortSpan[]; known: { spans: readonly PortSpan[]; ports: AccessPort[] | undefined }[] }>();

  /** undefined: no port at all (no named segment, and the named segments leave no other port). */
  public withOthers(spans: readonly PortSpan[], evaluated: readonly PortSpan[]): AccessPort[] | undefined {
    let entry = this.bySegments.get(evaluated);
    if (!entry) this.bySegments.set(evaluated, (entry = { others: otherPorts(evaluated), known: [] }));
    let found = entry.known.find((k) => sameSpans(k.spans, spans));
    if (!found) {
      const all = [...spans.filter((s) => s.lo !== ANY_PORT), ...entry.others];
      entry.known.push((found = { spans: [...spans], ports: all.length === 0 ? undefined : accessPorts(all) }));
    }
    return found.ports && [...found.ports];
  }
}

function sameSpans(a: readonly PortSpan[], b: readonly PortSpan[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

const NO_TERMS: Omit<Access, 'from' | 'to' | 'ports' | 'mtls' | 'reasons'> = { paths: [], methods: [] };

/** Distinct, in code-unit order (a new array: the report owns its lists). */
function uniqueSorted(values: readonly string[]): string[] {
  if (values.length <= 1) return [...values];
  return [...new Set(values)].sort(compareStrings);
}

/**
 * Which layers are in audit (`enforcement: audit`), from the objects: dry-run AuthorizationPolicies (left out of the
 * verdicts: they refuse nothing) and Namespaces annotated as audited by secure-mesh (no NetworkPolicies, no Sidecar
 * scope, PERMISSIVE instead of STRICT there).
 */
function auditNotes(objects: readonly K8sObject[], authz: AuthorizationLayer): string[] {
  const notes: string[] = [];
  for (const [namespace, count] of authz.dryRunByNamespace) {
    notes.push(`namespace ${namespace}: ${count} AuthorizationPolic${count === 1 ? 'y is a' : 'ies are'} dry-run (istio.io/dry-run): evaluated and logged, not enforced, so not counted here`);
  }
  for (const o of objects) {
    if (o.kind === 'Namespace' && o.metadata.annotations?.[ENFORCEMENT_ANNOTATION] === 'audit') {
      notes.push(`namespace ${o.metadata.name}: in audit (secure-mesh enforcement: audit): no NetworkPolicies or Sidecar scope, PERMISSIVE instead of STRICT mTLS, dry-run AuthorizationPolicies`);
    }
  }
  return notes;
}
