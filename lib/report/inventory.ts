/**
 * Who is there: workloads, namespaces and the other callers, discovered from the emitted objects only.
 * Sources, strongest first: pod templates (Deployment, StatefulSet, DaemonSet, ReplicaSet, ReplicationController, Job,
 * CronJob of every served version: POD_TEMPLATE_KINDS; and Pod), the
 * identity annotations secure-mesh puts on per-workload policies, and finally pods that other policies
 * only select (an egress `to` peer, a caller in an ingress rule).
 */
import type { K8sObject } from '../k8s-object';
import type { Endpoint } from './endpoint';
import type { DeclaredWorkload, WorkloadNode } from './types';
import { asArray, asRecord, asStrings, compareStrings, isKind, namespaceOf, refOf, specOf } from './objects';
import { isIstioGateway } from './gateway';
import { podTemplateOf } from './pod-template';
import { atoms, describeSet, ipBlockSet, representative, sameSet, type Interval } from './ip-set';
import { PodIndex, plainMatchLabels, selectorMatches, type Labels } from './selectors';
import { userKeyed } from '../own-key';
import {
  DEFAULT_SERVICE_ACCOUNT, INJECTION_ENABLED, INJECTION_LABEL, INJECT_POD_LABEL, NAMESPACE_NAME_LABEL,
  REVISION_LABEL, SERVICE_ACCOUNT_ANNOTATION, SERVICE_ANNOTATION, SIDECAR_ANNOTATION, WORKLOAD_ANNOTATION,
} from './wellknown';

export interface NamespaceInfo {
  readonly name: string;
  /** Labels, including the implied `kubernetes.io/metadata.name`. */
  readonly labels: Labels;
  /** Whether its pods get sidecars; undefined when no Namespace object says. */
  readonly sidecar?: boolean;
}

export interface Inventory {
  readonly namespaces: ReadonlyMap<string, NamespaceInfo>;
  readonly workloads: readonly Endpoint[];
  /** Workloads, then `namespace:` callers, `cidr:` callers and `any`. */
  readonly callers: readonly Endpoint[];
  readonly byId: ReadonlyMap<string, Endpoint>;
  /** Pods (workloads and `namespace:` callers) per namespace, for selector lookup. */
  readonly pods: ReadonlyMap<string, PodIndex<Endpoint>>;
  readonly nodes: readonly WorkloadNode[];
  /** Ids of workloads known only from other policies' selectors (their own policies are not in the objects). */
  readonly inferred: ReadonlySet<string>;
  /** Destinations outside the cluster: the `cidr:` address sets, then `any` (every other address). */
  readonly external: readonly Endpoint[];
  readonly notes: readonly string[];
}

interface Draft {
  namespace: string;
  name: string;
  labels: Record<string, string>;
  serviceAccount?: string;
  /** The Service in front of the pods, when the objects say (secure-mesh.io/service). */
  service?: string;
  sidecar?: boolean;
  gateway?: boolean;
  namedPorts: Record<string, number>;
  containerPorts: number[];
  inferred: boolean;
}

const AP = ['security.istio.io', 'AuthorizationPolicy'] as const;
const NP = ['networking.k8s.io', 'NetworkPolicy'] as const;

/** Namespace labels plus the one the API server sets on every namespace (Kubernetes ≥ 1.21). */
function namespaceInfos(objects: readonly K8sObject[]): Map<string, NamespaceInfo> {
  const out = new Map<string, NamespaceInfo>();
  for (const o of objects) {
    if (!isKind(o, '', 'Namespace')) continue;
    const labels: Record<string, string> = { ...(o.metadata.labels ?? {}), [NAMESPACE_NAME_LABEL]: o.metadata.name };
    const sidecar = labels[INJECTION_LABEL] === INJECTION_ENABLED || (labels[REVISION_LABEL] !== undefined && labels[INJECTION_LABEL] !== 'disabled');
    out.set(o.metadata.name, { name: o.metadata.name, labels, sidecar });
  }
  return out;
}

function ensureNamespace(map: Map<string, NamespaceInfo>, name: string): void {
  if (!map.has(name)) map.set(name, { name, labels: { [NAMESPACE_NAME_LABEL]: name } });
}

/** Pod template of a workload object (or the Pod itself). */
function podTemplate(o: K8sObject): { labels: Record<string, string>; spec: Record<string, unknown> } | undefined {
  const template = podTemplateOf(o);
  if (!template) return undefined;
  const labels = asRecord(asRecord(template.metadata)?.labels) ?? {};
  return { labels: Object.fromEntries(Object.entries(labels).map(([k, v]) => [k, String(v)])), spec: asRecord(template.spec) ?? {} };
}

function containerPorts(spec: Record<string, unknown>): { named: Record<string, number>; numbers: number[] } {
  const named = userKeyed<number>(); // port names are the user's: `constructor` is a name like any other
  const numbers: number[] = [];
  for (const c of [...(asArray(spec.containers) ?? []), ...(asArray(spec.initContainers) ?? [])]) {
    for (const p of asArray(asRecord(c)?.ports) ?? []) {
      const port = asRecord(p) ?? {};
      if (typeof port.containerPort !== 'number') continue;
      numbers.push(port.containerPort);
      if (typeof port.name === 'string') named[port.name] = port.containerPort;
    }
  }
  return { named, numbers };
}

/** A readable name for pods known only by a selector: its label values (`k8s-app: kube-dns` → `kube-dns`). */
function nameFromLabels(labels: Labels): string {
  return Object.keys(labels).sort().map((k) => labels[k]).join('-');
}

export function buildInventory(objects: readonly K8sObject[], rootNamespace: string, trustDomain: string, declared: readonly DeclaredWorkload[] = []): Inventory {
  const notes: string[] = [];
  const namespaces = namespaceInfos(objects);
  const drafts = new Map<string, Draft>();
  const draftOf = (namespace: string, name: string): Draft => {
    const id = `${namespace}/${name}`;
    let d = drafts.get(id);
    if (!d) {
      d = { namespace, name, labels: {}, namedPorts: {}, containerPorts: [], inferred: false };
      drafts.set(id, d);
    }
    return d;
  };

  // (b) pod templates: the real labels, service account and data plane.
  for (const o of objects) {
    const t = podTemplate(o);
    if (!t) continue;
    const ns = namespaceOf(o);
    ensureNamespace(namespaces, ns);
    const d = draftOf(ns, o.metadata.name);
    d.labels = t.labels;
    const sa = t.spec.serviceAccountName ?? t.spec.serviceAccount;
    d.serviceAccount = typeof sa === 'string' ? sa : DEFAULT_SERVICE_ACCOUNT;
    const inject = t.labels[INJECT_POD_LABEL];
    d.sidecar = t.spec.hostNetwork === true ? false : inject === 'true' ? true : inject === 'false' ? false : namespaces.get(ns)?.sidecar ?? false;
    d.gateway = isIstioGateway(o);
    if (d.gateway) d.sidecar = false; // the proxy is the pod's main container, not a sidecar in front of an app
    const ports = containerPorts(t.spec);
    d.namedPorts = ports.named;
    d.containerPorts = ports.numbers;
  }

  // (a) identity annotations on the per-workload policies (selector = pod labels).
  for (const o of objects) {
    const ann = o.metadata.annotations ?? {};
    const name = ann[WORKLOAD_ANNOTATION];
    if (name === undefined || !(isKind(o, ...AP) || isKind(o, ...NP))) continue;
    const ns = namespaceOf(o);
    ensureNamespace(namespaces, ns);
    const fromTemplate = drafts.has(`${ns}/${name}`) && Object.keys(drafts.get(`${ns}/${name}`)!.labels).length > 0;
    const d = draftOf(ns, name);
    if (ann[SERVICE_ANNOTATION] !== undefined) d.service = ann[SERVICE_ANNOTATION];
    if (fromTemplate) continue; // the pod template is the stronger source
    const selector = isKind(o, ...AP) ? specOf(o).selector : specOf(o).podSelector;
    d.labels = { ...d.labels, ...(plainMatchLabels(selector) ?? {}) };
    if (ann[SERVICE_ACCOUNT_ANNOTATION] !== undefined) d.serviceAccount = ann[SERVICE_ACCOUNT_ANNOTATION];
    if (ann[SIDECAR_ANNOTATION] !== undefined) d.sidecar = ann[SIDECAR_ANNOTATION] === 'true';
  }

  // (a') workloads the definition declares that no object tells of (a mesh file's graph): pods exist there too.
  for (const w of declared) {
    if (drafts.has(`${w.namespace}/${w.name}`)) continue;
    ensureNamespace(namespaces, w.namespace);
    const d = draftOf(w.namespace, w.name);
    d.labels = { ...w.labels };
    d.serviceAccount = w.serviceAccount;
    d.sidecar = w.sidecar;
    d.containerPorts = [...w.ports];
  }

  const nps = objects.filter((o) => isKind(o, ...NP));
  const aps = objects.filter((o) => isKind(o, ...AP));
  const peersOf = new Map(nps.map((np) => [np, policyPeers(np)]));

  // Namespaces named by policies (peers, AP sources) exist too, even without a Namespace object.
  const apNamespaces = new Set<string>();
  for (const ap of aps) {
    for (const rule of asArray(specOf(ap).rules) ?? []) {
      for (const f of asArray(asRecord(rule)?.from) ?? []) {
        for (const n of asStrings(asRecord(asRecord(f)?.source)?.namespaces) ?? []) if (!n.includes('*')) apNamespaces.add(n);
      }
    }
  }
  const peerNamespaceNames = (np: K8sObject, peer: Record<string, unknown>): string[] | undefined => {
    if (peer.namespaceSelector === undefined || peer.namespaceSelector === null) return [namespaceOf(np)];
    const byName = asRecord(asRecord(peer.namespaceSelector)?.matchLabels)?.[NAMESPACE_NAME_LABEL];
    if (typeof byName === 'string') return [byName];
    return undefined; // a label query over namespaces: resolved against the known namespaces below
  };
  for (const np of nps) {
    ensureNamespace(namespaces, namespaceOf(np));
    for (const peer of peersOf.get(np)!) {
      for (const n of peerNamespaceNames(np, peer.peer) ?? []) ensureNamespace(namespaces, n);
    }
  }
  for (const n of apNamespaces) ensureNamespace(namespaces, n);

  // (c) pods known only from a selector in someone's policy.
  const selectorOnly = new Map<string, { draft: Draft; origins: PeerOrigin[] }>();
  const known = new Map<string, PodIndex<Draft>>();
  for (const d of drafts.values()) {
    if (!known.has(d.namespace)) known.set(d.namespace, new PodIndex<Draft>());
    known.get(d.namespace)!.add(d);
  }
  for (const np of nps) {
    for (const origin of peersOf.get(np)!) {
      const podLabels = origin.podLabels;
      if (!podLabels) continue;
      const names = peerNamespaceNames(np, origin.peer) ??
        [...namespaces.values()].filter((n) => selectorMatches(origin.peer.namespaceSelector, n.labels)).map((n) => n.name);
      for (const ns of names) {
        if (known.get(ns)?.hasMatch(podLabels)) continue;
        const key = `${ns}|${JSON.stringify(Object.entries(podLabels).sort())}`;
        let entry = selectorOnly.get(key);
        if (!entry) {
          let name = nameFromLabels(podLabels);
          while (drafts.has(`${ns}/${name}`)) name = `${name}-pods`;
          const draft = draftOf(ns, name);
          draft.labels = podLabels;
          draft.inferred = true;
          entry = { draft, origins: [] };
          selectorOnly.set(key, entry);
        }
        entry.origins.push(origin);
      }
    }
  }

  // Data plane of namespaces without a Namespace object: meshed if an AuthorizationPolicy admits it by
  // namespace (an identity only mTLS carries); otherwise assumed without sidecars.
  for (const [name, info] of namespaces) {
    if (info.sidecar !== undefined) continue;
    const meshed = apNamespaces.has(name);
    namespaces.set(name, { ...info, sidecar: meshed });
    if (meshed) notes.push(`namespace ${name}: no Namespace object; assumed to run sidecars because an AuthorizationPolicy admits it by namespace (needs mTLS)`);
  }

  const apsBySelector = new Map<string, K8sObject[]>();
  for (const ap of aps) {
    const key = `${namespaceOf(ap)}|${JSON.stringify(plainMatchLabels(specOf(ap).selector) ?? {})}`;
    apsBySelector.set(key, [...(apsBySelector.get(key) ?? []), ap]);
  }
  // Identity of selector-only pods: pair the ingress rule that admits them with the AuthorizationPolicy of
  // the same destination (same selector) on the same ports. A principal of their namespace there names
  // their service account (and implies a sidecar); `notPrincipals: ["*"]` says they call in plaintext.
  for (const { draft, origins } of [...selectorOnly.values()].sort((a, b) => compareStrings(idOf(a.draft), idOf(b.draft)))) {
    const accounts = new Set<string>();
    let plaintext = false;
    for (const origin of origins) {
      if (origin.direction !== 'ingress') continue;
      const destKey = `${namespaceOf(origin.policy)}|${JSON.stringify(plainMatchLabels(specOf(origin.policy).podSelector) ?? {})}`;
      for (const ap of apsBySelector.get(destKey) ?? []) {
        for (const rule of asArray(specOf(ap).rules) ?? []) {
          const r = asRecord(rule) ?? {};
          const opPorts = (asArray(r.to) ?? []).flatMap((t) => asStrings(asRecord(asRecord(t)?.operation)?.ports) ?? []);
          if (origin.ports.length > 0 && opPorts.length > 0 && !opPorts.some((p) => origin.ports.includes(Number(p)))) continue;
          for (const f of asArray(r.from) ?? []) {
            const source = asRecord(asRecord(f)?.source) ?? {};
            for (const p of asStrings(source.principals) ?? []) {
              const m = /^(?:spiffe:\/\/)?(.*)\/ns\/([^/]+)\/sa\/([^/*]+)$/.exec(p);
              if (m && m[1] === trustDomain && m[2] === draft.namespace) accounts.add(m[3]);
            }
            if ((asStrings(source.notPrincipals) ?? []).includes('*')) plaintext = true;
          }
        }
      }
    }
    const nsSidecar = namespaces.get(draft.namespace)?.sidecar ?? false;
    if (accounts.size === 1) {
      draft.serviceAccount = [...accounts][0];
      draft.sidecar = true;
      notes.push(`${idOf(draft)}: known only from NetworkPolicy selectors; assumed to be meshed with service account ${draft.serviceAccount}, the principal the destination's AuthorizationPolicy admits`);
    } else {
      draft.sidecar = plaintext ? false : nsSidecar;
      notes.push(`${idOf(draft)}: known only from NetworkPolicy selectors; ${draft.sidecar ? 'assumed meshed (namespace)' : 'assumed without sidecar'}, service account unknown (treated as "${DEFAULT_SERVICE_ACCOUNT}")`);
    }
  }

  // Services name the hosts that DestinationRules match.
  const services = new Map<string, K8sObject[]>();
  for (const s of objects.filter((o) => isKind(o, '', 'Service')).sort((a, b) => compareStrings(a.metadata.name, b.metadata.name))) {
    const list = services.get(namespaceOf(s));
    if (list) list.push(s);
    else services.set(namespaceOf(s), [s]);
  }
  const workloads: Endpoint[] = [...drafts.values()]
    .sort((a, b) => compareStrings(idOf(a), idOf(b)))
    .map((d) => {
      const svc = services.get(d.namespace)?.find((s) => selectsLabels(asRecord(specOf(s).selector), d.labels));
      return endpoint({
        id: idOf(d), kind: 'workload', namespace: d.namespace, labels: d.labels,
        serviceAccount: d.serviceAccount ?? DEFAULT_SERVICE_ACCOUNT, sidecar: d.sidecar ?? namespaces.get(d.namespace)?.sidecar ?? false, gateway: d.gateway ?? false,
        service: svc?.metadata.name ?? d.service ?? d.name, namedPorts: d.namedPorts, containerPorts: [...new Set(d.containerPorts)].sort((a, b) => a - b),
      });
    });
  const nodes: WorkloadNode[] = workloads.map((w) => {
    const d = drafts.get(w.id)!;
    return {
      id: w.id, namespace: d.namespace, name: d.name, labels: sortRecord(d.labels),
      ...(d.serviceAccount !== undefined ? { serviceAccount: d.serviceAccount } : {}), sidecar: w.sidecar,
    };
  });

  // Other callers: generic pods of namespaces the policies name, address blocks, anyone.
  const namespaceCallers = new Set<string>(apNamespaces);
  const blocks = new Map<string, Interval[]>(); // written form → addresses
  const addBlock = (cidr: string, except: readonly string[]) => {
    const text = except.length > 0 ? `${cidr} except ${except.join(', ')}` : cidr;
    if (blocks.has(text)) return;
    const set = ipBlockSet(cidr, except);
    if (set && set.length > 0) blocks.set(text, set);
    else if (!set) notes.push(`address block "${cidr}" does not parse as an IPv4 or IPv6 CIDR: it admits no address in the analysis`);
  };
  for (const np of nps) {
    for (const { peer, podLabels } of peersOf.get(np)!) {
      const ipBlock = asRecord(peer.ipBlock);
      if (ipBlock && typeof ipBlock.cidr === 'string') addBlock(ipBlock.cidr, asStrings(ipBlock.except) ?? []);
      const hasPod = peer.podSelector !== undefined && peer.podSelector !== null;
      if (hasPod && podLabels !== undefined) continue;
      if (!hasPod && !(peer.namespaceSelector !== undefined && peer.namespaceSelector !== null)) continue;
      for (const n of peerNamespaceNames(np, peer) ?? [...namespaces.values()].filter((i) => selectorMatches(peer.namespaceSelector, i.labels)).map((i) => i.name)) {
        namespaceCallers.add(n);
      }
    }
  }
  for (const ap of aps) {
    for (const rule of asArray(specOf(ap).rules) ?? []) {
      for (const f of asArray(asRecord(rule)?.from) ?? []) {
        const source = asRecord(asRecord(f)?.source) ?? {};
        for (const k of ['ipBlocks', 'notIpBlocks', 'remoteIpBlocks', 'notRemoteIpBlocks']) for (const c of asStrings(source[k]) ?? []) addBlock(c, []);
      }
    }
  }
  const others: Endpoint[] = [
    ...[...namespaceCallers].sort(compareStrings).map((ns): Endpoint => {
      ensureNamespace(namespaces, ns);
      return endpoint({ id: `namespace:${ns}`, kind: 'namespace', namespace: ns, labels: {}, serviceAccount: DEFAULT_SERVICE_ACCOUNT, sidecar: namespaces.get(ns)?.sidecar ?? false, gateway: false, namedPorts: {}, containerPorts: [] });
    }),
    ...addressAtoms(blocks).map((a): Endpoint => endpoint({ id: `cidr:${a.name}`, kind: 'cidr', labels: {}, serviceAccount: DEFAULT_SERVICE_ACCOUNT, sidecar: false, gateway: false, ip: a.ip, namedPorts: {}, containerPorts: [] })),
    endpoint({ id: 'any', kind: 'any', labels: {}, serviceAccount: DEFAULT_SERVICE_ACCOUNT, sidecar: false, gateway: false, namedPorts: {}, containerPorts: [] }),
  ];
  const callers = [...workloads, ...others];
  const pods = new Map<string, PodIndex<Endpoint>>();
  for (const e of callers) {
    if (e.namespace === undefined) continue;
    let index = pods.get(e.namespace);
    if (!index) pods.set(e.namespace, (index = new PodIndex<Endpoint>()));
    index.add(e);
  }
  void rootNamespace;
  const inferred = new Set([...drafts.values()].filter((d) => d.inferred).map(idOf));
  const external = others.filter((e) => e.kind === 'cidr' || e.kind === 'any');
  return { namespaces, workloads, callers, inferred, external, byId: new Map(callers.map((c) => [c.id, c])), pods, nodes, notes: notes.sort(compareStrings) };
}

/** Every endpoint with the same fields in the same order: the analysis reads them millions of times, one shape is faster. */
function endpoint(e: Endpoint): Endpoint {
  return {
    id: e.id, kind: e.kind, namespace: e.namespace, labels: e.labels, serviceAccount: e.serviceAccount, sidecar: e.sidecar, gateway: e.gateway,
    ip: e.ip, service: e.service, namedPorts: e.namedPorts, containerPorts: e.containerPorts,
  };
}

/**
 * The address sets the blocks cut the addresses into (ip-set.ts `atoms`), each named by the block it equals as
 * written (`0.0.0.0/0 except 10.0.0.0/8`) or else by its exact CIDRs; sorted by name.
 */
function addressAtoms(blocks: ReadonlyMap<string, Interval[]>): { name: string; ip: string }[] {
  const written = [...blocks.keys()].sort(compareStrings);
  const sets = written.map((w) => blocks.get(w)!);
  return atoms(sets)
    .map((a) => ({ name: a.members.map((m) => written[m]).find((w) => sameSet(blocks.get(w)!, a.set)) ?? describeSet(a.set), ip: representative(a.set) }))
    .sort((x, y) => compareStrings(x.name, y.name));
}

function idOf(d: Draft): string {
  return `${d.namespace}/${d.name}`;
}

function selectsLabels(selector: Record<string, unknown> | undefined, labels: Labels): boolean {
  if (!selector || Object.keys(selector).length === 0) return false; // a Service without selector selects no pods
  return Object.entries(selector).every(([k, v]) => labels[k] === String(v));
}

function sortRecord(r: Labels): Record<string, string> {
  return Object.fromEntries(Object.keys(r).sort(compareStrings).map((k) => [k, r[k]]));
}

export interface PeerOrigin {
  readonly policy: K8sObject;
  readonly direction: 'ingress' | 'egress';
  readonly rule: number;
  readonly peer: Record<string, unknown>;
  /** Numeric ports of the rule ([] = all or named only). */
  readonly ports: number[];
  /** The peer's podSelector when it is only matchLabels (what can become a workload), else undefined. */
  readonly podLabels?: Record<string, string>;
}

/** Every peer of every ingress/egress rule of a NetworkPolicy. */
export function policyPeers(np: K8sObject): PeerOrigin[] {
  const out: PeerOrigin[] = [];
  for (const direction of ['ingress', 'egress'] as const) {
    const rules = asArray(specOf(np)[direction]) ?? [];
    rules.forEach((raw, rule) => {
      const r = asRecord(raw) ?? {};
      const ports = (asArray(r.ports) ?? []).map((p) => asRecord(p)?.port).filter((p): p is number => typeof p === 'number');
      for (const peer of asArray(r[direction === 'ingress' ? 'from' : 'to']) ?? []) {
        const record = asRecord(peer) ?? {};
        out.push({ policy: np, direction, rule, peer: record, ports, podLabels: plainMatchLabels(record.podSelector) });
      }
    });
  }
  return out;
}

export { refOf };
