/**
 * Who may call whom, decided from the emitted objects only: for every destination workload, the callers
 * its policies could admit (the peers of its ingress rules, or everyone when it is not isolated) and
 * every port the policies name plus "any other port", each through NetworkPolicy → mTLS → AuthorizationPolicy.
 */
import type { K8sObject } from '../k8s-object';
import { AuthorizationLayer, type Grant } from './authorization';
import type { Endpoint } from './endpoint';
import { buildInventory } from './inventory';
import { MtlsLayer } from './mtls';
import { NetworkLayer } from './network';
import { compareStrings } from './objects';
import { sortAccess } from './order';
import type { Access, AccessReason, AnalyzeOptions, ConnectivityReport } from './types';
import { ANY_PORT, DEFAULT_CLUSTER_DOMAIN, DEFAULT_ROOT_NAMESPACE, DEFAULT_TRUST_DOMAIN, SIDECAR_BYPASS_PORTS } from './wellknown';

/** What one caller may do on one port of one destination. */
interface PortAccess {
  readonly port: number;
  readonly mtls: 'mutual' | 'plaintext';
  readonly grants: Grant[];
  readonly reasons: AccessReason[];
}

export function analyzeConnectivity(objects: readonly K8sObject[], options: AnalyzeOptions = {}): ConnectivityReport {
  const rootNamespace = options.rootNamespace ?? DEFAULT_ROOT_NAMESPACE;
  const trustDomain = options.trustDomain ?? DEFAULT_TRUST_DOMAIN;
  const inventory = buildInventory(objects, rootNamespace, trustDomain);
  const network = new NetworkLayer(objects, inventory);
  const mtls = new MtlsLayer(objects, rootNamespace, options.clusterDomain ?? DEFAULT_CLUSTER_DOMAIN);
  const authz = new AuthorizationLayer(objects, rootNamespace);
  const notes = new Set<string>(inventory.notes);
  const access: Access[] = [];

  const decide = (caller: Endpoint, dest: Endpoint, port: number): PortAccess | undefined => {
    const net = network.decide(caller, dest, port);
    if (!net.allowed) return undefined;
    const reasons = [...net.reasons];
    if (dest.sidecar && SIDECAR_BYPASS_PORTS.includes(port)) {
      reasons.push({ layer: 'mtls', object: dest.id, detail: `port ${port} is not captured by the sidecar: plaintext, no AuthorizationPolicy` });
      return { port, mtls: 'plaintext', grants: [{ paths: [], methods: [], reasons: [] }], reasons };
    }
    let mode: 'mutual' | 'plaintext' = 'plaintext';
    if (caller.sidecar || dest.sidecar) {
      const m = mtls.decide(caller, dest, port);
      if (!m.allowed) return undefined;
      mode = m.mtls;
      reasons.push(...m.reasons);
    } else {
      reasons.push({ layer: 'mtls', object: '-', detail: 'plaintext (neither side has a sidecar)' });
    }
    if (!dest.sidecar) return { port, mtls: mode, grants: [{ paths: [], methods: [], reasons: [] }], reasons };
    const peer = mode === 'mutual' && caller.namespace !== undefined
      ? { principal: `${trustDomain}/ns/${caller.namespace}/sa/${caller.serviceAccount}`, namespace: caller.namespace }
      : {};
    const a = authz.decide(caller, dest, port, peer);
    if (!a.allowed) return undefined;
    for (const n of a.notes) notes.add(n);
    return { port, mtls: mode, grants: a.grants, reasons };
  };

  const order = new Map(inventory.callers.map((c, i) => [c, i]));
  let egressRestricted: Endpoint[] | undefined;
  for (const dest of inventory.workloads) {
    const candidates = network.candidates(dest);
    // Pods known only from selectors: their own ingress policies are not in the objects, so show only
    // callers whose egress rules name them (DNS, istiod), not the whole cluster.
    const callers = inventory.inferred.has(dest.id)
      ? (egressRestricted ??= inventory.callers.filter((c) => network.isolating(c, 'egress').length > 0))
      : candidates === 'all' ? inventory.callers : [...candidates].sort((a, b) => order.get(a)! - order.get(b)!);
    const ports = [...new Set([...network.portsOf(dest), ...dest.containerPorts, ...authzPorts(authz.applicable(dest), dest), ANY_PORT])].sort((a, b) => a - b);
    for (const caller of callers) {
      if (caller === dest) continue;
      const perPort = ports.map((p) => decide(caller, dest, p)).filter((p): p is PortAccess => p !== undefined);
      access.push(...group(caller.id, dest.id, perPort));
    }
  }
  if (inventory.inferred.size > 0) notes.add(`only callers whose egress policies name them are shown towards ${[...inventory.inferred].sort(compareStrings).join(', ')} (their own policies are not among the objects)`);
  return { workloads: [...inventory.nodes], access: sortAccess(access), notes: [...notes].sort(compareStrings) };
}

/** Ports the destination's AuthorizationPolicies and PeerAuthentications name are its ports too. */
function authzPorts(policies: readonly K8sObject[], dest: Endpoint): number[] {
  void dest;
  const out: number[] = [];
  for (const ap of policies) {
    const text = JSON.stringify((ap.spec as Record<string, unknown> | undefined)?.rules ?? []);
    for (const m of text.matchAll(/"(?:not)?[pP]orts":\[([^\]]*)\]/g)) {
      for (const p of m[1].split(',')) if (/^"\d+"$/.test(p)) out.push(Number(p.slice(1, -1)));
    }
  }
  return out;
}

/**
 * One Access per distinct (mTLS, paths, methods) across ports. A rule that allows everything on a port
 * absorbs the narrower grants of that port. Access on "any other port" means all ports (`ports: []`)
 * and absorbs the same grant on named ports.
 */
function group(from: string, to: string, perPort: PortAccess[]): Access[] {
  const groups = new Map<string, { ports: Set<number>; mtls: 'mutual' | 'plaintext'; paths: string[]; methods: string[]; reasons: AccessReason[] }>();
  for (const pa of perPort) {
    const full = pa.grants.find((g) => g.paths.length === 0 && g.methods.length === 0);
    const grants = full ? [full] : pa.grants;
    for (const g of grants) {
      const paths = [...new Set(g.paths)].sort(compareStrings);
      const methods = [...new Set(g.methods)].sort(compareStrings);
      const key = JSON.stringify([pa.mtls, paths, methods]);
      let entry = groups.get(key);
      if (!entry) groups.set(key, (entry = { ports: new Set(), mtls: pa.mtls, paths, methods, reasons: [] }));
      entry.ports.add(pa.port);
      entry.reasons.push(...pa.reasons, ...g.reasons);
    }
  }
  return [...groups.values()].map((g) => ({
    from, to,
    ports: g.ports.has(ANY_PORT) ? [] : [...g.ports].sort((a, b) => a - b),
    paths: g.paths, methods: g.methods, mtls: g.mtls,
    reasons: dedupeReasons(g.reasons),
  }));
}

function dedupeReasons(reasons: AccessReason[]): AccessReason[] {
  const seen = new Set<string>();
  const order = { network: 0, mtls: 1, authorization: 2 };
  return reasons
    .filter((r) => {
      const key = `${r.layer}|${r.object}|${r.detail}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    })
    .sort((a, b) => order[a.layer] - order[b.layer] || compareStrings(a.object, b.object) || compareStrings(a.detail, b.detail));
}
