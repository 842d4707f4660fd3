/**
 * NetworkPolicy (networking.k8s.io/v1, Kubernetes 1.28): a connection needs the caller's egress AND the
 * destination's ingress. A pod is isolated in a direction once any policy with that policyType selects
 * it; then only the rules of those policies admit traffic.
 *
 * Each policy is read once into a `CompiledPolicy` (selectors as matchers, rules with their reasons), and a pair is
 * decided for all the destination's ports at once: a rule's peers are matched once per pair, not once per port.
 */
import type { K8sObject } from '../k8s-object';
import type { Endpoint } from './endpoint';
import type { Inventory } from './inventory';
import type { Reasons } from './reasons';
import type { AccessReason } from './types';
import { ipInCidr } from './ip';
import { asArray, asRecord, asStrings, isKind, namespaceOf, refOf, specOf } from './objects';
import { SelectorIndex, compileSelector, matchLabelsOf, selectorMatches, type LabelMatcher } from './selectors';
import { ANY_PORT, NAMESPACE_NAME_LABEL } from './wellknown';
import { ownValue } from '../own-key';
import type { PortSpan } from './port-span';

/** Ports some rules name: single ports and inclusive ranges (`endPort`). */
export interface NamedPorts {
  readonly points: number[];
  readonly ranges: PortSpan[];
}

const NO_PORTS: NamedPorts = { points: [], ranges: [] };

/** Adds a rule's numeric TCP ports (and ranges) to `into`. */
function addRulePorts(ports: readonly RulePort[], into: NamedPorts): void {
  for (const p of ports) {
    if (!p.tcp || p.number === undefined) continue;
    if (typeof p.endPort === 'number' && p.endPort > p.number) into.ranges.push({ lo: p.number, hi: p.endPort });
    else into.points.push(p.number);
  }
}

type Direction = 'ingress' | 'egress';

const NO_REASONS: readonly AccessReason[] = [];

/**
 * Per port of a pair (in the order asked), the reasons that admit it (`[]`: admitted, nothing to name, e.g. a caller
 * outside the cluster has no NetworkPolicy), or undefined when refused.
 */
export type PortVerdicts = (readonly AccessReason[] | undefined)[];

/**
 * policyTypes after API defaulting (SetDefaults_NetworkPolicySpec): absent or empty → Ingress, plus
 * Egress iff `egress` is non-empty.
 */
export function policyTypes(np: K8sObject): Direction[] {
  const explicit = asStrings(specOf(np).policyTypes) ?? [];
  if (explicit.length > 0) return (['Ingress', 'Egress'] as const).filter((t) => explicit.includes(t)).map((t) => (t === 'Ingress' ? 'ingress' : 'egress'));
  return (asArray(specOf(np).egress) ?? []).length > 0 ? ['ingress', 'egress'] : ['ingress'];
}

/** One `from` / `to` entry: an ipBlock, or pods by namespace and pod selector. Read when first asked. */
class CompiledPeer {
  private read = false;
  private ipBlock?: Record<string, unknown>;
  /** Neither selector nor ipBlock: selects nothing. */
  private empty = false;
  private namespaces?: LabelMatcher;
  private pods?: LabelMatcher;
  /** namespaceSelector answers per namespace name, or ipBlock answers per address. */
  private answers?: Map<string, boolean>;
  /** The endpoints it selects, once asked (NetworkLayer.peerPods). */
  public selected?: readonly Endpoint[];

  public constructor(public readonly raw: Record<string, unknown>, public readonly policyNamespace: string, private readonly inventory: Inventory) {}

  public matches(remote: Endpoint): boolean {
    if (!this.read) this.readPeer();
    if (this.ipBlock) {
      if (remote.ip === undefined) return false;
      const answers = (this.answers ??= new Map());
      let ok = answers.get(remote.ip);
      if (ok === undefined) answers.set(remote.ip, (ok = ipBlockMatches(this.ipBlock, remote.ip)));
      return ok;
    }
    if (remote.namespace === undefined || this.empty) return false; // selectors only select pods
    if (this.namespaces) {
      const answers = (this.answers ??= new Map());
      let ok = answers.get(remote.namespace);
      if (ok === undefined) answers.set(remote.namespace, (ok = this.namespaces(this.inventory.namespaces.get(remote.namespace)?.labels ?? {})));
      if (!ok) return false;
    } else if (remote.namespace !== this.policyNamespace) {
      return false;
    }
    return !this.pods || this.pods(remote.labels);
  }

  private readPeer(): void {
    const raw = this.raw;
    this.ipBlock = asRecord(raw.ipBlock);
    const hasPod = raw.podSelector !== undefined && raw.podSelector !== null;
    const hasNs = raw.namespaceSelector !== undefined && raw.namespaceSelector !== null;
    this.empty = !hasPod && !hasNs;
    if (hasNs) this.namespaces = compileSelector(raw.namespaceSelector);
    if (hasPod) this.pods = compileSelector(raw.podSelector);
    this.read = true;
  }
}

class CompiledRule {
  private reasonList?: readonly AccessReason[];

  public constructor(
    /** `[]`: every peer. */
    public readonly peers: readonly CompiledPeer[],
    /** `[]`: every port. */
    public readonly ports: readonly RulePort[],
    private readonly policy: CompiledPolicy,
    private readonly detail: string,
  ) {}

  /** `[reason]`, shared by every pair the rule admits. */
  public get reasons(): readonly AccessReason[] {
    return (this.reasonList ??= this.policy.reasons.single(this.policy.reasons.of('network', refOf(this.policy.np), this.detail)));
  }
}

class CompiledPolicy {
  public readonly name: string;
  public readonly selector: LabelMatcher;
  public readonly directions: ReadonlySet<Direction>;
  private readonly compiled: Partial<Record<Direction, readonly CompiledRule[]>> = {};

  public constructor(public readonly np: K8sObject, private readonly inventory: Inventory, public readonly reasons: Reasons) {
    this.name = np.metadata.name;
    this.selector = compileSelector(specOf(np).podSelector);
    this.directions = new Set(policyTypes(np));
  }

  /** Its ingress or egress rules, read when first asked. */
  public rules(direction: Direction): readonly CompiledRule[] {
    let rules = this.compiled[direction];
    if (!rules) {
      const ns = namespaceOf(this.np);
      rules = (asArray(specOf(this.np)[direction]) ?? []).map((raw, i) => {
        const rule = asRecord(raw) ?? {};
        return new CompiledRule(
          (asArray(rule[direction === 'ingress' ? 'from' : 'to']) ?? []).map((p) => new CompiledPeer(asRecord(p) ?? {}, ns, this.inventory)),
          (asArray(rule.ports) ?? []).map((p) => rulePort(asRecord(p) ?? {})),
          this, `${direction}[${i}]`,
        );
      });
      this.compiled[direction] = rules;
    }
    return rules;
  }
}

export class NetworkLayer {
  private readonly byNamespace = new Map<string, SelectorIndex<CompiledPolicy>>();
  private readonly compiled = new Map<K8sObject, CompiledPolicy>();
  private readonly isolation: Readonly<Record<Direction, Map<Endpoint, CompiledPolicy[]>>> = { ingress: new Map(), egress: new Map() };
  private readonly unrestricted: Readonly<Record<Direction, Map<Endpoint, readonly AccessReason[]>>> = { ingress: new Map(), egress: new Map() };
  private readonly extraPorts = new Map<string, NamedPorts>();
  private readonly openEgress = new Map<Endpoint, NamedPorts>();
  /** Equal open-egress port lists are one object, so the analysis can reuse the segments made for them. */
  private readonly openEgressInterned = new Map<string, NamedPorts>();
  private externalPortList?: NamedPorts;
  private readonly namespaceSelection = new Map<string, string[]>();
  /**
   * Per isolated destination, its ingress rules that select each caller, in the order they are tried (policies by
   * name, rules in order); 'all' when a rule admits every peer. Found from the rules' peers, so deciding a pair needs
   * no selector: only the rules' ports.
   */
  private readonly admission = new Map<Endpoint, Map<Endpoint, CompiledRule[]> | 'all'>();
  /** The policies that may send to each endpoint, and those that may send anywhere (egress rules without peers). */
  private egressReach?: { readonly open: ReadonlySet<CompiledPolicy>; readonly byTarget: ReadonlyMap<Endpoint, ReadonlySet<CompiledPolicy>> };

  public constructor(objects: readonly K8sObject[], private readonly inventory: Inventory, private readonly reasons: Reasons) {
    for (const np of objects) {
      if (!isKind(np, 'networking.k8s.io', 'NetworkPolicy')) continue;
      const ns = namespaceOf(np);
      if (!this.byNamespace.has(ns)) this.byNamespace.set(ns, new SelectorIndex());
      const sel = specOf(np).podSelector;
      const policy = new CompiledPolicy(np, inventory, reasons);
      this.compiled.set(np, policy);
      this.byNamespace.get(ns)!.add((asArray(asRecord(sel)?.matchExpressions) ?? []).length > 0 ? undefined : matchLabelsOf(sel), policy);
    }
    // Ports that other pods' egress rules open towards a destination are its ports too (kube-dns 53, istiod 15012).
    for (const policy of this.compiled.values()) {
      if (!policy.directions.has('egress')) continue;
      for (const rule of policy.rules('egress')) {
        if (!rule.ports.some((p) => p.tcp && p.number !== undefined)) continue;
        for (const peer of rule.peers) {
          for (const target of this.peerPods(peer)) {
            let named = this.extraPorts.get(target.id);
            if (!named) this.extraPorts.set(target.id, (named = { points: [], ranges: [] }));
            addRulePorts(rule.ports, named);
          }
        }
      }
    }
  }

  /** Policies isolating `pod` in `direction`, by name. */
  public isolating(pod: Endpoint, direction: Direction): readonly K8sObject[] {
    return this.isolatingPolicies(pod, direction).map((p) => p.np);
  }

  private isolatingPolicies(pod: Endpoint, direction: Direction): CompiledPolicy[] {
    if (pod.namespace === undefined) return [];
    let found = this.isolation[direction].get(pod);
    if (!found) {
      found = (this.byNamespace.get(pod.namespace)?.candidates(pod.labels) ?? [])
        .filter((p) => p.selector(pod.labels) && p.directions.has(direction))
        .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
      this.isolation[direction].set(pod, found);
    }
    return found;
  }

  /** Ports and ranges the policies name for `dest` (its ingress rules and others' egress rules towards it). */
  public portsOf(dest: Endpoint): NamedPorts {
    const extra = this.extraPorts.get(dest.id);
    const out: NamedPorts = { points: [...(extra?.points ?? [])], ranges: [...(extra?.ranges ?? [])] };
    for (const policy of this.isolatingPolicies(dest, 'ingress')) {
      for (const rule of policy.rules('ingress')) {
        addRulePorts(rule.ports, out);
        for (const port of rule.ports) {
          if (port.tcp && port.name !== undefined && ownValue(dest.namedPorts, port.name) !== undefined) out.points.push(ownValue(dest.namedPorts, port.name)!);
        }
      }
    }
    return out;
  }

  /**
   * Ports the egress rules of `caller` open towards any destination (rules without `to`): they reach a destination
   * on those ports whether or not it declares them (containerPort is informational: Kubernetes PodSpec docs).
   */
  public openEgressPorts(caller: Endpoint): NamedPorts {
    let found = this.openEgress.get(caller);
    if (!found) {
      found = NO_PORTS;
      for (const policy of this.isolatingPolicies(caller, 'egress')) {
        for (const rule of policy.rules('egress')) {
          if (rule.peers.length > 0) continue;
          if (found === NO_PORTS) found = { points: [], ranges: [] };
          addRulePorts(rule.ports, found);
        }
      }
      if (found !== NO_PORTS) {
        const key = JSON.stringify([[...new Set(found.points)].sort((a, b) => a - b), found.ranges]);
        const interned = this.openEgressInterned.get(key);
        if (interned) found = interned;
        else this.openEgressInterned.set(key, found);
      }
      this.openEgress.set(caller, found);
    }
    return found;
  }

  /**
   * Whether `caller`'s egress may reach an address outside the cluster at all: not restricted, or a rule without
   * `to` or with an ipBlock peer. (Callers that cannot are not evaluated against each outside destination.)
   */
  public mayReachOutside(caller: Endpoint): boolean {
    const isolating = this.isolatingPolicies(caller, 'egress');
    if (isolating.length === 0) return true;
    const capable = (this.outsideCapable ??= new Set([...this.compiled.values()].filter((p) => p.directions.has('egress') &&
      p.rules('egress').some((r) => r.peers.length === 0 || r.peers.some((peer) => asRecord(peer.raw.ipBlock) !== undefined)))));
    return isolating.some((p) => capable.has(p));
  }

  private outsideCapable?: ReadonlySet<CompiledPolicy>;

  /** Ports that egress rules open towards addresses (rules without `to`, or with an ipBlock peer): ports of destinations outside the cluster. */
  public externalPorts(): NamedPorts {
    if (!this.externalPortList) {
      const out: NamedPorts = { points: [], ranges: [] };
      for (const policy of this.compiled.values()) {
        if (!policy.directions.has('egress')) continue;
        for (const rule of policy.rules('egress')) {
          if (rule.peers.length === 0 || rule.peers.some((p) => asRecord(p.raw.ipBlock) !== undefined)) addRulePorts(rule.ports, out);
        }
      }
      this.externalPortList = out;
    }
    return this.externalPortList;
  }

  /**
   * Of `callers`, those whose egress is restricted and whose egress policies have a rule that may admit `dest` (a
   * peer selecting it, or no peers): for pods known only from selectors, the callers whose egress names them.
   */
  public namingInEgress(dest: Endpoint, callers: readonly Endpoint[]): Endpoint[] {
    const reach = (this.egressReach ??= this.buildEgressReach());
    const naming = reach.byTarget.get(dest);
    return callers.filter((c) => this.isolatingPolicies(c, 'egress').some((p) => reach.open.has(p) || naming?.has(p) === true));
  }

  /** Every egress rule's peers, read once: which policies may send to each endpoint, and which to anyone. */
  private buildEgressReach(): { open: Set<CompiledPolicy>; byTarget: Map<Endpoint, Set<CompiledPolicy>> } {
    const open = new Set<CompiledPolicy>();
    const byTarget = new Map<Endpoint, Set<CompiledPolicy>>();
    for (const policy of this.compiled.values()) {
      if (!policy.directions.has('egress')) continue;
      for (const rule of policy.rules('egress')) {
        if (rule.peers.length === 0) open.add(policy);
        for (const peer of rule.peers) {
          for (const target of this.peerPods(peer)) {
            let policies = byTarget.get(target);
            if (!policies) byTarget.set(target, (policies = new Set()));
            policies.add(policy);
          }
        }
      }
    }
    return { open, byTarget };
  }

  /** Callers that some ingress rule of `dest` admits, or 'all' when it is not isolated or a rule admits anyone. */
  public candidates(dest: Endpoint): Set<Endpoint> | 'all' {
    const admission = this.admissionOf(dest);
    return admission === 'all' ? 'all' : new Set(admission.keys());
  }

  private admissionOf(dest: Endpoint): Map<Endpoint, CompiledRule[]> | 'all' {
    let found = this.admission.get(dest);
    if (found) return found;
    const isolating = this.isolatingPolicies(dest, 'ingress');
    found = isolating.length === 0 ? 'all' : new Map<Endpoint, CompiledRule[]>();
    for (const policy of isolating) {
      for (const rule of policy.rules('ingress')) {
        if (rule.peers.length === 0) {
          found = 'all';
          break;
        }
        for (const peer of rule.peers) {
          for (const e of this.peerPods(peer)) {
            const rules = (found as Map<Endpoint, CompiledRule[]>).get(e);
            if (!rules) (found as Map<Endpoint, CompiledRule[]>).set(e, [rule]);
            else if (rules[rules.length - 1] !== rule) rules.push(rule);
          }
        }
      }
      if (found === 'all') break;
    }
    this.admission.set(dest, found);
    return found;
  }

  /** Endpoints a peer selects: pods (workloads, `namespace:` callers) or `cidr:` callers inside an ipBlock. */
  private peerPods(peer: CompiledPeer): readonly Endpoint[] {
    return (peer.selected ??= this.select(peer.raw, peer.policyNamespace));
  }

  private select(peer: Record<string, unknown>, policyNamespace: string): Endpoint[] {
    const ipBlock = asRecord(peer.ipBlock);
    if (ipBlock) return this.inventory.callers.filter((c) => c.ip !== undefined && ipBlockMatches(ipBlock, c.ip));
    const hasPod = peer.podSelector !== undefined && peer.podSelector !== null;
    const hasNs = peer.namespaceSelector !== undefined && peer.namespaceSelector !== null;
    if (!hasPod && !hasNs) return [];
    const namespaces = hasNs ? this.namespacesMatching(peer.namespaceSelector) : [policyNamespace];
    return namespaces.flatMap((ns) => this.inventory.pods.get(ns)?.select(hasPod ? peer.podSelector : {}) ?? []);
  }

  private namespacesMatching(selector: unknown): string[] {
    // The usual selector names one namespace (`kubernetes.io/metadata.name`, which every namespace carries).
    const sel = asRecord(selector);
    const ml = asRecord(sel?.matchLabels);
    const name = ml?.[NAMESPACE_NAME_LABEL];
    if (typeof name === 'string' && Object.keys(sel!).length === 1 && Object.keys(ml!).length === 1) {
      return this.inventory.namespaces.get(name)?.labels[NAMESPACE_NAME_LABEL] === name ? [name] : [];
    }
    const key = JSON.stringify(selector);
    let found = this.namespaceSelection.get(key);
    if (!found) {
      found = [...this.inventory.namespaces.values()].filter((n) => selectorMatches(selector, n.labels)).map((n) => n.name);
      this.namespaceSelection.set(key, found);
    }
    return found;
  }

  /** Caller egress AND destination ingress on each of `ports` (segments: port-span.ts; ANY: a port no rule names). */
  public decide(caller: Endpoint, dest: Endpoint, ports: readonly PortSpan[]): PortVerdicts {
    const verdicts = this.direction(caller, dest, ports, 'egress');
    let open = 0;
    for (const v of verdicts) if (v !== undefined) open++;
    if (open === 0) return verdicts;
    const ingress = this.direction(dest, caller, ports, 'ingress');
    // The same two rules often admit several ports of the pair: their joined list is made once for them.
    let lastE: readonly AccessReason[] | undefined;
    let lastN: readonly AccessReason[] | undefined;
    let joined: readonly AccessReason[] | undefined;
    for (let i = 0; i < verdicts.length; i++) {
      const e = verdicts[i];
      const n = ingress[i];
      if (e === undefined || n === undefined) verdicts[i] = undefined;
      else {
        if (e !== lastE || n !== lastN) {
          lastE = e;
          lastN = n;
          joined = this.reasons.join(e, n);
        }
        verdicts[i] = joined;
      }
    }
    return verdicts;
  }

  /** For each port, the first rule (policies by name, rules in order) whose peers and ports admit it. */
  private direction(subject: Endpoint, remote: Endpoint, ports: readonly PortSpan[], direction: Direction): PortVerdicts {
    const verdicts: PortVerdicts = new Array<readonly AccessReason[] | undefined>(ports.length);
    if (subject.namespace === undefined) return verdicts.fill(NO_REASONS); // outside the cluster: no NetworkPolicy
    const isolating = this.isolatingPolicies(subject, direction);
    if (isolating.length === 0) return verdicts.fill(this.unrestrictedReasons(subject, direction));
    verdicts.fill(undefined);
    const dest = direction === 'ingress' ? subject : remote;
    const admission = direction === 'ingress' ? this.admissionOf(subject) : 'all';
    let open = ports.length;
    if (admission !== 'all') {
      // The rules whose peers select the caller, already in order.
      for (const rule of admission.get(remote) ?? []) if ((open = admit(rule, ports, dest, verdicts, open)) === 0) break;
      return verdicts;
    }
    for (const policy of isolating) {
      for (const rule of policy.rules(direction)) {
        if (!selectsPeer(rule, remote)) continue;
        if ((open = admit(rule, ports, dest, verdicts, open)) === 0) return verdicts;
      }
    }
    return verdicts;
  }

  private unrestrictedReasons(subject: Endpoint, direction: Direction): readonly AccessReason[] {
    let found = this.unrestricted[direction].get(subject);
    if (!found) {
      const type = direction === 'ingress' ? 'Ingress' : 'Egress';
      found = [this.reasons.of('network', subject.id, `${direction} not restricted (no NetworkPolicy with ${type} selects it)`)];
      this.unrestricted[direction].set(subject, found);
    }
    return found;
  }
}

/** A rule's peers select `remote` (no peers: everyone). */
function selectsPeer(rule: CompiledRule, remote: Endpoint): boolean {
  if (rule.peers.length === 0) return true;
  for (const peer of rule.peers) if (peer.matches(remote)) return true;
  return false;
}

/** Gives `rule`'s reasons to each undecided port it admits; returns how many ports are left undecided. */
function admit(rule: CompiledRule, ports: readonly PortSpan[], dest: Endpoint, verdicts: PortVerdicts, open: number): number {
  for (let i = 0; i < ports.length; i++) {
    if (verdicts[i] !== undefined || !rulePortsMatch(rule, ports[i], dest)) continue;
    verdicts[i] = rule.reasons;
    if (--open === 0) break;
  }
  return open;
}

function rulePortsMatch(rule: CompiledRule, port: PortSpan, dest: Endpoint): boolean {
  if (rule.ports.length === 0) return true;
  for (const p of rule.ports) if (portMatches(p, port, dest)) return true;
  return false;
}

function ipBlockMatches(ipBlock: Record<string, unknown>, ip: string): boolean {
  return ipInCidr(ip, String(ipBlock.cidr)) && !(asStrings(ipBlock.except) ?? []).some((c) => ipInCidr(ip, c));
}

/** A rule's `ports` entry, read once (the protocol defaults to TCP). */
interface RulePort {
  readonly tcp: boolean;
  /** As written: a number, a name (or digits), or absent. */
  readonly port: unknown;
  readonly endPort: unknown;
  /** The first port when it is a number or digits; otherwise `name` is looked up in the destination's named ports. */
  readonly number?: number;
  readonly name?: string;
}

function rulePort(p: Record<string, unknown>): RulePort {
  const digits = typeof p.port !== 'number' && p.port !== undefined && p.port !== null && /^\d+$/.test(String(p.port));
  return {
    tcp: (p.protocol ?? 'TCP') === 'TCP', port: p.port, endPort: p.endPort,
    number: typeof p.port === 'number' ? p.port : digits ? Number(p.port) : undefined,
    name: typeof p.port === 'number' || digits || p.port === undefined || p.port === null ? undefined : String(p.port),
  };
}

/**
 * TCP only; absent port = all; numeric with optional endPort (inclusive); named ports through the destination's
 * container ports. `span` is a segment (port-span.ts): a rule covers it whole or not at all.
 */
function portMatches(p: RulePort, span: PortSpan, dest: Endpoint): boolean {
  if (!p.tcp) return false;
  if (p.port === undefined || p.port === null) return true;
  if (span.lo === ANY_PORT) return false;
  const start = p.number ?? ownValue(dest.namedPorts, p.name!);
  if (start === undefined) return false;
  const end = typeof p.endPort === 'number' && p.number !== undefined && p.endPort > start ? p.endPort : start;
  return span.lo >= start && span.hi <= end;
}
