/**
 * Who may call whom, decided from the emitted objects only: for every destination workload, the callers
 * its policies could admit (the peers of its ingress rules, or everyone when it is not isolated) and
 * every port the policies name plus "any other port", each through NetworkPolicy → mTLS → AuthorizationPolicy.
 */
import { requireK8sObjects, type K8sObject } from '../k8s-object';
import { AuthorizationLayer, type Grant, type PeerIdentity } from './authorization';
import type { Endpoint } from './endpoint';
import { buildInventory } from './inventory';
import { MtlsLayer } from './mtls';
import { NetworkLayer } from './network';
import { compareStrings } from './objects';
import { sortAccess } from './order';
import { Reasons, orderReasons } from './reasons';
import type { Access, AccessReason, AnalyzeOptions, ConnectivityReport } from './types';
import { ANY_PORT, DEFAULT_CLUSTER_DOMAIN, DEFAULT_ROOT_NAMESPACE, DEFAULT_TRUST_DOMAIN, SIDECAR_BYPASS_PORTS } from './wellknown';

/** What a plaintext caller shows the destination: no identity. */
const NO_IDENTITY: PeerIdentity = { principal: undefined, namespace: undefined };

/** What one caller may do on one port of one destination. */
interface PortAccess {
  readonly port: number;
  readonly mtls: 'mutual' | 'plaintext';
  readonly grants: readonly Grant[];
  readonly reasons: readonly AccessReason[];
}

export function analyzeConnectivity(objects: readonly K8sObject[], options: AnalyzeOptions = {}): ConnectivityReport {
  requireK8sObjects(objects, 'the connectivity analysis');
  const rootNamespace = options.rootNamespace ?? DEFAULT_ROOT_NAMESPACE;
  const trustDomain = options.trustDomain ?? DEFAULT_TRUST_DOMAIN;
  const reasons = new Reasons();
  const inventory = buildInventory(objects, rootNamespace, trustDomain);
  const network = new NetworkLayer(objects, inventory, reasons);
  const mtls = new MtlsLayer(objects, rootNamespace, options.clusterDomain ?? DEFAULT_CLUSTER_DOMAIN, reasons);
  const authz = new AuthorizationLayer(objects, rootNamespace, reasons);
  const notes = new Set<string>(inventory.notes);
  const access: Access[] = [];
  const unrestricted: readonly Grant[] = [{ paths: [], methods: [], reasons: [] }];
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

  /** The mTLS and AuthorizationPolicy layers on one port that NetworkPolicy admits (`net`: its reasons). */
  const decide = (caller: Endpoint, dest: Endpoint, port: number, net: readonly AccessReason[]): PortAccess | undefined => {
    if (dest.sidecar && SIDECAR_BYPASS_PORTS.includes(port)) {
      const bypass = reasons.of('mtls', dest.id, `port ${port} is not captured by the sidecar: plaintext, no AuthorizationPolicy`);
      return { port, mtls: 'plaintext', grants: unrestricted, reasons: reasons.join(net, reasons.single(bypass)) };
    }
    let mode: 'mutual' | 'plaintext' = 'plaintext';
    let layered: readonly AccessReason[];
    if (caller.sidecar || dest.sidecar) {
      const m = mtls.decide(caller, dest, port);
      if (!m.allowed) return undefined;
      mode = m.mtls;
      layered = reasons.join(net, m.reasons);
    } else {
      layered = reasons.join(net, withoutSidecars);
    }
    if (!dest.sidecar) return { port, mtls: mode, grants: unrestricted, reasons: layered };
    const a = authz.decide(caller, dest, port, mode === 'mutual' ? identityOf(caller) : NO_IDENTITY);
    if (!a.allowed) return undefined;
    for (const n of a.notes) notes.add(n);
    return { port, mtls: mode, grants: a.grants, reasons: layered };
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
    const ports = [...new Set([...network.portsOf(dest), ...dest.containerPorts, ...authz.portsNamed(dest), ANY_PORT])].sort((a, b) => a - b);
    for (const caller of callers) {
      if (caller === dest) continue;
      const verdicts = network.decide(caller, dest, ports);
      const perPort: PortAccess[] = [];
      for (let i = 0; i < ports.length; i++) {
        const net = verdicts[i];
        const pa = net && decide(caller, dest, ports[i], net);
        if (pa) perPort.push(pa);
      }
      if (perPort.length > 0) access.push(...group(caller.id, dest.id, perPort, ports.length));
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
function group(from: string, to: string, perPort: readonly PortAccess[], evaluated: number): Access[] {
  // `[]` claims every port: for a grant of everything, true only when every evaluated port has one (whatever its
  // mTLS); for a narrower grant, when every evaluated port is reachable at all (a fuller grant there includes it).
  let fullPorts = 0;
  for (const pa of perPort) if (pa.grants.some((g) => g.paths.length === 0 && g.methods.length === 0)) fullPorts++;
  // A pair has a handful of ports and grants: arrays and linear scans allocate less than maps and sets.
  const groups: { key: string; ports: number[]; mtls: 'mutual' | 'plaintext'; paths: string[]; methods: string[]; reasons: (readonly AccessReason[])[] }[] = [];
  for (const pa of perPort) {
    let grants = pa.grants;
    for (const g of pa.grants) {
      if (g.paths.length === 0 && g.methods.length === 0) {
        grants = [g];
        break;
      }
    }
    for (const g of grants) {
      const paths = uniqueSorted(g.paths);
      const methods = uniqueSorted(g.methods);
      const key = paths.length === 0 && methods.length === 0 ? pa.mtls : JSON.stringify([pa.mtls, paths, methods]);
      let entry = groups.find((e) => e.key === key);
      if (!entry) groups.push((entry = { key, ports: [], mtls: pa.mtls, paths, methods, reasons: [] }));
      // perPort follows the destination's ports, ascending and distinct: the group's ports stay sorted.
      if (entry.ports[entry.ports.length - 1] !== pa.port) entry.ports.push(pa.port);
      entry.reasons.push(pa.reasons, g.reasons);
    }
  }
  const out: Access[] = [];
  for (const g of groups) {
    const everyPort = g.ports.includes(ANY_PORT) && (g.paths.length > 0 || g.methods.length > 0 ? perPort.length === evaluated : fullPorts === evaluated);
    const ports = everyPort ? [] : g.ports.filter((p) => p !== ANY_PORT);
    // Only ports no policy names, while the named ones are refused: no list of ports can say it without claiming more.
    if (!everyPort && ports.length === 0) continue;
    out.push({ from, to, ports, paths: g.paths, methods: g.methods, mtls: g.mtls, reasons: orderReasons(g.reasons) });
  }
  return out;
}

/** Distinct, in code-unit order (a new array: the report owns its lists). */
function uniqueSorted(values: readonly string[]): string[] {
  if (values.length <= 1) return [...values];
  return [...new Set(values)].sort(compareStrings);
}
