/**
 * `import`: a secure-mesh definition from what a cluster already runs. The workloads come from their manifests
 * (cluster-workloads.ts); who may call whom comes from the connectivity the existing NetworkPolicies,
 * AuthorizationPolicies and PeerAuthentications allow, as the connectivity analysis (lib/report) decides it from those
 * objects. So every selector form (namespaceSelector by labels, matchExpressions, named ports, principals, DENY
 * policies) is imported as the callers it admits in these manifests, and each allowed access becomes an ingress rule.
 * What the definition cannot say is narrowed and listed (finding.ts); nothing is widened.
 */
import type { K8sObject } from '../k8s-object';
import type { EgressRuleProps, IngressRuleProps, MtlsMode, NamespaceProps, PeerSpec, PortProps, SecureMeshProps, WorkloadProps } from '../model/definition';
import { MESH_FILE_API_VERSION, MESH_FILE_KIND, type MeshFile } from '../model/mesh-file';
import { analyzeConnectivity } from '../report/analyze';
import { asArray, asRecord, asStrings, compareStrings, isKind, namespaceOf, refOf, specOf } from '../report/objects';
import { selectorMatches } from '../report/selectors';
import type { Access as ReportAccess, ConnectivityReport } from '../report/types';
import { spanOf } from '../report/port-span';
import { describedBlocks } from '../report/ip-set';

/** An access of the report with single ports only: the definition names ports one by one. */
type Access = Omit<ReportAccess, 'ports'> & { ports: number[] };
import { INGRESS_GATEWAY_LABELS } from '../istio/wellknown';
import { DEFAULT_CLUSTER_DOMAIN, DEFAULT_ROOT_NAMESPACE, DEFAULT_TRUST_DOMAIN, DNS_PORT, ISTIOD_XDS_PORT, INJECTION_ENABLED, INJECTION_LABEL, NAMESPACE_NAME_LABEL, REVISION_LABEL } from '../report/wellknown';
import { clusterWorkloads, type ClusterWorkload } from './cluster-workloads';
import { finding, sortFindings, type ImportFinding } from './finding';
import { policyNotes } from './policy-notes';
import type { MeshFileComments } from './render-mesh-file';
import { UNKNOWN_WORKLOAD, type ObservedCall } from './traffic';

export interface ImportOptions {
  /**
   * Name of the imported mesh (`spec.name`).
   * @default "mesh"
   */
  readonly name?: string;
  /**
   * Istio's root namespace in the cluster.
   * @default "istio-system"
   */
  readonly rootNamespace?: string;
  /**
   * Trust domain of the workload identities in the AuthorizationPolicies' principals.
   * @default "cluster.local"
   */
  readonly trustDomain?: string;
  /**
   * Cluster DNS domain.
   * @default "cluster.local"
   */
  readonly clusterDomain?: string;
  /**
   * Observed calls (traffic.ts): each workload's ingress rules are then exactly the observed calls into it that the
   * policies allow, and every namespace is isolated, so what was never seen is refused.
   * @default - no traffic: the ingress rules express what the policies allow
   */
  readonly traffic?: readonly ObservedCall[];
}

export interface ImportResult {
  readonly meshFile: MeshFile;
  /** The connectivity of the manifests, as the analysis decided it. */
  readonly report: ConnectivityReport;
  /** What could not be expressed exactly, sorted. */
  readonly findings: readonly ImportFinding[];
  /** The workloads read from the manifests (traffic import matches calls against them). */
  readonly workloads: readonly ClusterWorkload[];
  /** The objects the analysis read: the manifests, the last of each identity (as kubectl apply keeps them). */
  readonly analyzedObjects: readonly K8sObject[];
  /** Comments for the mesh file: the findings of each workload, how often each learnt rule's calls were seen. */
  readonly comments: MeshFileComments;
}

/** Every address, for callers outside the cluster that a policy admitted as "anyone". */
const EVERY_ADDRESS = ['0.0.0.0/0', '::/0'] as const;
const MTLS_STRICTNESS: Readonly<Record<MtlsMode, number>> = { DISABLE: 0, PERMISSIVE: 1, STRICT: 2 };
const HTTP_PROTOCOLS = new Set(['HTTP', 'HTTP2', 'GRPC']);

function isPolicy(o: K8sObject): boolean {
  return isKind(o, 'networking.k8s.io', 'NetworkPolicy') || isKind(o, 'security.istio.io', 'AuthorizationPolicy');
}

function mtlsMode(value: unknown): MtlsMode | undefined {
  return value === 'STRICT' || value === 'PERMISSIVE' || value === 'DISABLE' ? value : undefined;
}

function samePeer(a: PeerSpec, b: PeerSpec): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** What the cluster holds after `kubectl apply` of `objects`: the last object of each (group, kind, namespace, name). */
function lastOfEach(objects: readonly K8sObject[]): K8sObject[] {
  const last = new Map<string, K8sObject>();
  for (const o of objects) last.set(`${o.apiVersion.includes('/') ? o.apiVersion.split('/')[0] : ''}\u0000${o.kind}\u0000${o.kind === 'Namespace' ? '' : namespaceOf(o)}\u0000${o.metadata.name}`, o);
  return objects.filter((o) => last.get(`${o.apiVersion.includes('/') ? o.apiVersion.split('/')[0] : ''}\u0000${o.kind}\u0000${o.kind === 'Namespace' ? '' : namespaceOf(o)}\u0000${o.metadata.name}`) === o);
}

export function importMesh(input: readonly K8sObject[], options: ImportOptions = {}): ImportResult {
  const objects = lastOfEach(input);
  const rootNamespace = options.rootNamespace ?? DEFAULT_ROOT_NAMESPACE;
  const trustDomain = options.trustDomain ?? DEFAULT_TRUST_DOMAIN;
  const clusterDomain = options.clusterDomain ?? DEFAULT_CLUSTER_DOMAIN;
  const { workloads, findings: workloadFindings } = clusterWorkloads(objects);
  const findings: ImportFinding[] = [...workloadFindings, ...policyNotes(objects, rootNamespace)];
  const imported = new Map(workloads.map((w) => [`${w.namespace}/${w.name}`, w]));
  // The analysis reads every workload kind's pod template itself (report/pod-template.ts).
  const analyzedObjects = objects;
  const report: ConnectivityReport = analyzeConnectivity(analyzedObjects, { rootNamespace, trustDomain, clusterDomain });
  const nodes = new Map(report.workloads.map((n) => [n.id, n]));

  // Namespaces: the ones with workloads or a Namespace object are managed; a namespace without any policy stays open.
  const namespaceObjects = new Map(objects.filter((o) => isKind(o, '', 'Namespace')).map((o) => [o.metadata.name, o]));
  const policyNamespaces = new Set(objects.filter(isPolicy).map(namespaceOf));
  const meshWidePolicy = objects.some((o) => isKind(o, 'security.istio.io', 'AuthorizationPolicy') && namespaceOf(o) === rootNamespace);
  const managed = new Set<string>([...workloads.map((w) => w.namespace), ...namespaceObjects.keys()]);
  const sidecarOfNamespace = (ns: string): boolean => {
    const labels = namespaceObjects.get(ns)?.metadata.labels ?? {};
    return labels[INJECTION_LABEL] === INJECTION_ENABLED || (labels[REVISION_LABEL] !== undefined && labels[INJECTION_LABEL] !== 'disabled');
  };
  const sidecarOf = (w: ClusterWorkload): boolean => nodes.get(`${w.namespace}/${w.name}`)?.sidecar ?? false;
  const istioObjects = objects.some((o) => /(^|\.)istio\.io\//.test(o.apiVersion));
  const istioOn = istioObjects || workloads.some(sidecarOf) || [...managed].some(sidecarOfNamespace);
  const learning = options.traffic !== undefined;
  // Learning from traffic closes every namespace: what was not seen is refused (review it with `diff --traffic`).
  const isolated = (ns: string): boolean => managed.has(ns) && (learning || policyNamespaces.has(ns) || (meshWidePolicy && ns !== rootNamespace && (sidecarOfNamespace(ns) || workloads.some((w) => w.namespace === ns && sidecarOf(w)))));

  // Mutual TLS: Istio's default without any PeerAuthentication is PERMISSIVE; a namespace takes the stricter of its modes.
  let meshMtls: MtlsMode = 'PERMISSIVE';
  const namespaceMtls = new Map<string, MtlsMode>();
  const workloadStrict = new Map<string, string>();
  for (const o of objects) {
    if (!isKind(o, 'security.istio.io', 'PeerAuthentication')) continue;
    const spec = specOf(o);
    const mode = mtlsMode(asRecord(spec.mtls)?.mode);
    const ns = namespaceOf(o);
    const perWorkload = Object.keys(asRecord(asRecord(spec.selector)?.matchLabels) ?? {}).length > 0;
    if (!perWorkload && mode) {
      if (ns === rootNamespace) meshMtls = mode;
      else namespaceMtls.set(ns, mode);
    }
    const portModes = Object.values(asRecord(spec.portLevelMtls) ?? {}).map((p) => mtlsMode(asRecord(p)?.mode));
    if ((perWorkload && mode === 'STRICT') || portModes.includes('STRICT')) workloadStrict.set(ns, refOf(o));
  }
  for (const [ns, ref] of workloadStrict) {
    const effective = namespaceMtls.get(ns) ?? meshMtls;
    if (MTLS_STRICTNESS[effective] < MTLS_STRICTNESS.STRICT) {
      namespaceMtls.set(ns, 'STRICT');
      findings.push(finding(ref, 'narrowed', `namespace ${ns} is imported with mtls STRICT (the stricter mode): its other workloads no longer accept plaintext`));
    }
  }

  // Egress: an isolated namespace denies egress by default, so a workload whose egress was open keeps it open outward.
  const egressPolicies = new Map<string, K8sObject[]>();
  for (const o of objects) {
    if (!isKind(o, 'networking.k8s.io', 'NetworkPolicy') || !policyTypes(o).includes('Egress')) continue;
    const list = egressPolicies.get(namespaceOf(o)) ?? [];
    list.push(o);
    egressPolicies.set(namespaceOf(o), list);
  }
  const referencedNamespaces = new Set<string>();

  // Port ranges (NetworkPolicy endPort) become the destination's declared ports inside them: the definition names ports
  // one by one, and a port the workload does not declare is narrowed away (said in the findings), never widened.
  const accesses: Access[] = [];
  for (const a of report.access) {
    const single = a.ports.filter((p): p is number => typeof p === 'number');
    const ranges = a.ports.filter((p) => typeof p !== 'number').map(spanOf);
    if (ranges.length === 0) {
      accesses.push({ ...a, ports: single });
      continue;
    }
    const declared = (imported.get(a.to)?.ports ?? []).map((p) => p.port).filter((p) => ranges.some((r) => p >= r.lo && p <= r.hi));
    findings.push(finding(`${a.from} -> ${a.to}`, 'narrowed', `port range ${a.ports.filter((p) => typeof p !== 'number').join(', ')} is imported as the destination's declared ports in it (${declared.length > 0 ? declared.join(', ') : 'none'}): the definition names ports one by one`));
    const ports = [...new Set([...single, ...declared])].sort((x, y) => x - y);
    if (ports.length > 0) accesses.push({ ...a, ports });
  }

  // Ingress rules: the accesses the analysis found, per destination.
  const accessTo = new Map<string, Access[]>();
  for (const a of accesses) {
    if (!imported.has(a.to)) continue;
    let list = accessTo.get(a.to);
    if (!list) accessTo.set(a.to, (list = []));
    list.push(a);
  }
  const workloadsOfNamespace = new Map<string, ClusterWorkload[]>();
  for (const w of workloads) {
    const list = workloadsOfNamespace.get(w.namespace) ?? [];
    list.push(w);
    workloadsOfNamespace.set(w.namespace, list);
  }
  // Destinations in open namespaces that a caller of an isolated namespace calls: their callers' egress is only opened
  // by the destination's ingress rules, so the destination lists its callers instead of staying open.
  const calledFromIsolated = new Set<string>();
  for (const a of accesses) {
    const caller = imported.get(a.from);
    if (caller && isolated(caller.namespace) && imported.has(a.to)) calledFromIsolated.add(a.to);
  }

  const callsTo = new Map<string, ObservedCall[]>();
  for (const call of options.traffic ?? []) {
    const unknown = [call.from, call.to].filter((x) => x !== UNKNOWN_WORKLOAD && !imported.has(x));
    const seen = `seen ${call.count} times`;
    if (call.from === call.to) {
      findings.push(finding(`traffic ${call.from} -> ${call.to}`, 'info', `${seen}: a workload calling itself needs no ingress rule of the definition`));
    } else if (call.to === UNKNOWN_WORKLOAD || unknown.includes(call.to)) {
      findings.push(finding(`traffic ${call.from} -> ${call.to}`, 'not-imported', `${seen}; the destination is not a workload of these manifests: not invented`));
    } else if (call.from === UNKNOWN_WORKLOAD) {
      findings.push(finding(`traffic ${call.from} -> ${call.to}`, 'not-imported', `${seen} from a caller Istio could not identify (no sidecar, or outside the mesh): no rule proposed; add one for it by hand if it must stay`));
    } else if (unknown.length > 0) {
      findings.push(finding(`traffic ${call.from} -> ${call.to}`, 'not-imported', `${seen}; the caller is not a workload of these manifests: not invented`));
    } else {
      const list = callsTo.get(call.to) ?? [];
      list.push(call);
      callsTo.set(call.to, list);
    }
  }
  const ruleComments = new Map<string, string[]>();
  const workloadComments = new Map<number, string[]>();

  const conditionalDenials = conditionalDenyPorts(objects, rootNamespace);
  const definitionWorkloads: WorkloadProps[] = [];
  for (const w of workloads) {
    const id = `${w.namespace}/${w.name}`;
    const accesses = withoutConditionalDenials(accessTo.get(id) ?? [], w, sidecarOf(w) ? conditionalDenials : [], findings);
    const ports: PortProps[] = w.ports.map((p) => ({ ...(p.name !== undefined ? { name: p.name } : {}), port: p.port, ...(p.protocol ? { protocol: p.protocol } : {}) }));
    const portIndex = new Map(ports.map((p, i) => [p.port, i]));
    const declarePort = (port: number, http: boolean) => {
      let i = portIndex.get(port);
      if (i === undefined) {
        i = ports.length;
        ports.push({ port });
        portIndex.set(port, i);
      }
      // Paths and methods only exist on ports Istio reads as HTTP, so the port was HTTP in the cluster.
      if (http && !HTTP_PROTOCOLS.has(ports[i].protocol ?? protocolOfName(ports[i].name))) ports[i] = { ...ports[i], protocol: 'HTTP' };
    };
    const open = !isolated(w.namespace) && !calledFromIsolated.has(id) && fullyOpen(accesses, w, workloads.length);
    // Admitted to anyone on the same terms: one finding says so, and the other callers on those terms are part of it.
    const anyoneOn = new Set(accesses.filter((a) => a.from === 'any').map((a) => JSON.stringify([a.ports, a.paths, a.methods])));
    const ingress: IngressRuleProps[] = [];
    if (learning) {
      for (const { rule, comment } of learntRules(w, callsTo.get(id) ?? [], accesses)) {
        for (const p of rule.ports ?? []) declarePort(p as number, rule.paths !== undefined || rule.methods !== undefined);
        ruleComments.set(`${definitionWorkloads.length}/${ingress.length}`, [comment]);
        ingress.push(rule);
      }
    } else if (!open) {
      const rules = new Map<string, { from: PeerSpec[]; ports: number[]; paths: string[]; methods: string[] }>();
      for (const a of accesses) {
        const key = JSON.stringify([a.ports, a.paths, a.methods]);
        // A namespace outside these manifests keeps its own peer: that one the definition can say exactly.
        const ownPeer = a.from.startsWith('namespace:') && !managed.has(a.from.slice('namespace:'.length));
        if (a.from !== 'any' && !imported.has(a.from) && anyoneOn.has(key) && !ownPeer) continue;
        for (const peer of callerPeers(a, w)) {
          let rule = rules.get(key);
          if (!rule) rules.set(key, (rule = { from: [], ports: a.ports, paths: a.paths, methods: a.methods }));
          if (!rule.from.some((p) => samePeer(p, peer))) rule.from.push(peer);
        }
      }
      // Rules on named ports first, so that HTTP rules on every port know all the ports there are.
      const ordered = [...rules.values()].sort((a, b) => Number(a.ports.length === 0) - Number(b.ports.length === 0));
      for (const rule of ordered) {
        const http = rule.paths.length > 0 || rule.methods.length > 0;
        let rulePorts = rule.ports;
        if (http && rulePorts.length === 0) {
          // Paths and methods live on HTTP ports: the declared ones that speak HTTP, else every declared port.
          const httpPorts = ports.filter((p) => HTTP_PROTOCOLS.has(p.protocol ?? protocolOfName(p.name))).map((p) => p.port);
          rulePorts = httpPorts.length > 0 ? httpPorts : ports.map((p) => p.port);
          if (rulePorts.length === 0) {
            findings.push(finding(id, 'narrowed', `callers admitted for some HTTP requests only (${[...rule.methods, ...rule.paths].join(' ')}), but it declares no container port to put them on: not imported`));
            continue;
          }
        }
        for (const p of rulePorts) declarePort(p, http);
        ingress.push({
          from: rule.from.length === 1 ? rule.from[0] : rule.from,
          ...(rulePorts.length > 0 ? { ports: [...rulePorts].sort((a, b) => a - b) } : {}),
          ...(rule.paths.length > 0 ? { paths: rule.paths } : {}),
          ...(rule.methods.length > 0 ? { methods: rule.methods as IngressRuleProps['methods'] } : {}),
        });
      }
      if (!isolated(w.namespace)) {
        findings.push(finding(id, 'narrowed', 'its namespace has no policy, but callers in isolated namespaces call it: it lists its callers (ingress rules) so their egress opens; pods outside these manifests, and ports it does not declare, lose access'));
      }
    }
    const egress = isolated(w.namespace) ? egressRules(w) : [];
    const sidecar = sidecarOf(w);
    const serviceName = w.services.length === 0 || w.services.includes(w.name) ? undefined : w.services[0];
    if (w.services.length > 1) findings.push(finding(w.ref, 'info', `selected by several Services (${w.services.join(', ')}); the definition names one: ${serviceName ?? w.name}`));
    const selectorIsDefault = Object.keys(w.selector).length === 1 && w.selector.app === w.name;
    definitionWorkloads.push({
      name: w.name,
      namespace: w.namespace,
      ...(selectorIsDefault ? {} : { selector: { ...w.selector } }),
      serviceAccount: w.serviceAccount,
      ...(serviceName ? { serviceName } : {}),
      ...(ports.length > 0 ? { ports: ports.sort((a, b) => a.port - b.port) } : {}),
      ...(istioOn && !w.hostNetwork && sidecar !== sidecarOfNamespace(w.namespace) ? { sidecar } : {}),
      ...(w.hostNetwork ? { hostNetwork: true } : {}),
      ...(ingress.length > 0 ? { ingress } : {}),
      ...(egress.length > 0 ? { egress } : {}),
    });
  }

  /**
   * The ingress rules of `dest` learnt from the calls seen into it: on the ports of the Service the calls went
   * through (else every declared port), each limited to what the policies allow that caller (paths and methods too).
   */
  function learntRules(dest: ClusterWorkload, calls: readonly ObservedCall[], accesses: readonly Access[]): { rule: IngressRuleProps; comment: string }[] {
    const out: { rule: IngressRuleProps; comment: string }[] = [];
    for (const call of calls) {
      const caller = imported.get(call.from)!;
      const peer: PeerSpec = caller.namespace === dest.namespace ? { workload: caller.name } : { workload: caller.name, namespace: caller.namespace };
      const viaService = call.services.flatMap((svc) => dest.serviceTargets[svc] ?? []);
      const proposed = viaService.length > 0 ? [...new Set(viaService)] : portsForProtocols(dest, call.protocols);
      const allowed = accesses.filter((a) => a.from === call.from);
      const what = `seen ${call.count} times (${call.protocols.join(', ') || 'tcp'}${call.services.length > 0 ? `, via ${call.services.join(', ')}` : ''})`;
      const refused: number[] = [];
      const byLimits = new Map<string, { ports: number[]; paths: string[]; methods: string[] }>();
      const admit = (a: Access, port?: number) => {
        const key = JSON.stringify([a.paths, a.methods]);
        const group = byLimits.get(key) ?? { ports: [], paths: a.paths, methods: a.methods };
        if (port !== undefined) group.ports.push(port);
        byLimits.set(key, group);
      };
      if (proposed.length === 0) {
        const a = allowed.find((x) => x.ports.length === 0);
        if (a) admit(a);
        else refused.push(0);
      }
      for (const port of proposed) {
        const a = allowed.find((x) => x.ports.length === 0 || x.ports.includes(port));
        if (a) admit(a, port);
        else refused.push(port);
      }
      // The call was made under these policies, so it used a port they allow: only a call none of them allows is news.
      if (byLimits.size === 0) {
        findings.push(finding(`traffic ${call.from} -> ${call.to}`, 'narrowed', `${what}, but the policies of these manifests do not allow it${refused[0] === 0 ? '' : ` on ${refused.join(', ')}`}: not added (the import never allows more than the policies)`));
      }
      for (const g of byLimits.values()) {
        out.push({
          rule: {
            from: peer,
            ...(g.ports.length > 0 ? { ports: g.ports.sort((a, b) => a - b) } : {}),
            ...(g.paths.length > 0 ? { paths: g.paths } : {}),
            ...(g.methods.length > 0 ? { methods: g.methods as IngressRuleProps['methods'] } : {}),
          },
          comment: what,
        });
      }
    }
    return out;
  }

  /** The peers of the definition for one access's caller; what has none is narrowed and said. */
  function callerPeers(a: Access, dest: ClusterWorkload): PeerSpec[] {
    const destId = `${dest.namespace}/${dest.name}`;
    const caller = imported.get(a.from);
    if (caller) return [caller.namespace === dest.namespace ? { workload: caller.name } : { workload: caller.name, namespace: caller.namespace }];
    if (a.from.startsWith('cidr:')) {
      // The report names address sets exactly (`0.0.0.0/0 except 10.0.0.0/8`): one peer per block it names.
      return describedBlocks(a.from.slice('cidr:'.length)).map((b) => (b.except.length > 0 ? { cidr: b.cidr, except: b.except } : { cidr: b.cidr }));
    }
    if (a.from.startsWith('namespace:')) {
      const ns = a.from.slice('namespace:'.length);
      if (!managed.has(ns)) {
        referencedNamespaces.add(ns);
        return [{ namespace: ns }];
      }
      // A namespace peer opens every pod of the namespace: only when each of its workloads had the same access.
      const members = workloadsOfNamespace.get(ns) ?? [];
      const same = (m: ClusterWorkload) => (accessTo.get(destId) ?? []).some((b) => b.from === `${m.namespace}/${m.name}` && b.ports.join() === a.ports.join() && b.paths.join() === a.paths.join() && b.methods.join() === a.methods.join());
      if (!isolated(ns) && members.every(same)) return [{ namespace: ns }];
      findings.push(finding(destId, 'narrowed', `the policies admit every pod of namespace ${ns}; imported as its workloads of these manifests that may call, since some of its workloads may not (or its egress is restricted): pods outside these manifests lose access`));
      return [];
    }
    if (a.from === 'any') {
      findings.push(finding(destId, 'narrowed', `the policies admit anyone${a.ports.length > 0 ? ` on ${a.ports.join(', ')}` : ''}; imported as the workloads of these manifests and every address outside the cluster (${EVERY_ADDRESS.join(', ')}): pods of namespaces outside these manifests lose access`));
      return EVERY_ADDRESS.map((cidr) => ({ cidr }));
    }
    const node = nodes.get(a.from);
    if (node && node.namespace === rootNamespace && Object.entries(INGRESS_GATEWAY_LABELS).every(([k, v]) => node.labels[k] === v)) return [{ system: 'istio-ingressgateway' }];
    findings.push(finding(destId, 'narrowed', `caller ${a.from} is known only from a policy's selector (no workload of these manifests): not imported; add it to the manifests or the definition to keep its access`));
    return [];
  }

  /** Egress of a workload in an isolated namespace, beyond the workloads it calls (those open through ingress rules). */
  function egressRules(w: ClusterWorkload): EgressRuleProps[] {
    const selecting = (egressPolicies.get(w.namespace) ?? []).filter((o) => selectorMatches(specOf(o).podSelector, w.podLabels));
    if (selecting.length === 0) return EVERY_ADDRESS.map((cidr) => ({ to: { cidr } })); // egress was open
    const out: EgressRuleProps[] = [];
    for (const o of selecting) {
      for (const [i, rawRule] of (asArray(specOf(o).egress) ?? []).entries()) {
        const rule = asRecord(rawRule) ?? {};
        const ports: number[] = [];
        let named = false;
        let dnsOnly = true;
        for (const rawPort of asArray(rule.ports) ?? []) {
          const p = asRecord(rawPort) ?? {};
          if (p.port === DNS_PORT) continue; // DNS: every isolated namespace opens it to kube-dns
          dnsOnly = false;
          if (p.protocol !== undefined && p.protocol !== 'TCP') continue;
          if (typeof p.port === 'number') ports.push(p.port);
          else if (p.port !== undefined) named = true;
        }
        if ((asArray(rule.ports) ?? []).length > 0 && dnsOnly) continue;
        // istiod's xDS port: every isolated namespace with sidecars opens it (namespace-baseline.ts).
        if (ports.length > 0 && ports.every((p) => p === ISTIOD_XDS_PORT) && !named) continue;
        if (named) findings.push(finding(refOf(o), 'narrowed', `egress[${i}] names ports by name: outside the workloads of these manifests the definition takes port numbers, so those ports are not opened`));
        if ((asArray(rule.ports) ?? []).length > 0 && ports.length === 0) continue;
        const portsProp = ports.length > 0 ? { ports } : {};
        const peers = asArray(rule.to) ?? [];
        if (peers.length === 0) out.push(...EVERY_ADDRESS.map((cidr) => ({ to: { cidr }, ...portsProp })));
        for (const rawPeer of peers) {
          const peer = asRecord(rawPeer) ?? {};
          const ipBlock = asRecord(peer.ipBlock);
          if (ipBlock && typeof ipBlock.cidr === 'string') {
            const except = asStrings(ipBlock.except) ?? [];
            out.push({ to: except.length > 0 ? { cidr: ipBlock.cidr, except } : { cidr: ipBlock.cidr }, ...portsProp });
            continue;
          }
          const named = asRecord(asRecord(peer.namespaceSelector)?.matchLabels)?.[NAMESPACE_NAME_LABEL];
          const podSelected = Object.keys(asRecord(peer.podSelector) ?? {}).length > 0;
          if (typeof named === 'string' && !managed.has(named)) {
            referencedNamespaces.add(named);
            if (podSelected) findings.push(finding(refOf(o), 'narrowed', `egress[${i}] to some pods of namespace ${named}: the definition opens egress to a whole namespace or to its declared workloads; imported as the whole namespace would widen it, so it is left out`));
            else out.push({ to: { namespace: named }, ...portsProp });
          } else if (peer.namespaceSelector === undefined || (typeof named === 'string' && managed.has(named))) {
            // Pods of a namespace of these manifests: the calls the analysis allows are the destinations' ingress rules.
          } else {
            findings.push(finding(refOf(o), 'narrowed', `egress[${i}] selects namespaces by labels: imported as the calls to workloads of these manifests; pods elsewhere are not opened`));
          }
        }
      }
    }
    return dedupeEgress(out);
  }

  // Namespaces of the definition: managed ones with their isolation, then the ones peers name.
  const namespaces: NamespaceProps[] = [];
  for (const ns of [...managed].sort(compareStrings)) {
    const labels = { ...(namespaceObjects.get(ns)?.metadata.labels ?? {}) };
    for (const k of [NAMESPACE_NAME_LABEL, INJECTION_LABEL, REVISION_LABEL]) delete labels[k];
    const mtls = namespaceMtls.get(ns);
    namespaces.push({
      name: ns,
      ...(istioOn ? { sidecarInjection: sidecarOfNamespace(ns) } : {}),
      isolation: isolated(ns) ? 'workload' : 'none',
      ...(istioOn && mtls ? { mtls } : {}),
      ...(Object.keys(labels).length > 0 ? { labels } : {}),
    });
    if (learning && !policyNamespaces.has(ns)) findings.push(finding(`Namespace/${ns}`, 'narrowed', 'no NetworkPolicy or AuthorizationPolicy applies here, so it was open; learnt from traffic it is isolated and admits only the calls seen (review with `secure-mesh diff <mesh-file> --traffic`)'));
    if (!isolated(ns)) findings.push(finding(`Namespace/${ns}`, 'info', 'no NetworkPolicy or AuthorizationPolicy applies here: imported with isolation none (it stays open; choose an isolation when you are ready)'));
  }
  for (const ns of [...referencedNamespaces].sort(compareStrings)) {
    namespaces.push({ name: ns, managed: false, ...(istioOn ? { sidecarInjection: sidecarOfNamespace(ns) } : {}) });
  }

  const spec: SecureMeshProps = {
    name: options.name ?? 'mesh',
    ...(clusterDomain !== DEFAULT_CLUSTER_DOMAIN ? { clusterDomain } : {}),
    ...(trustDomain !== DEFAULT_TRUST_DOMAIN ? { trustDomain } : {}),
    istio: istioOn ? { rootNamespace, mtls: meshMtls } : false,
    namespaces,
    workloads: definitionWorkloads,
  };
  const sorted = sortFindings(findings);
  const findingsOf = new Map<string, ImportFinding[]>();
  for (const f of sorted) {
    const list = findingsOf.get(f.object) ?? [];
    list.push(f);
    findingsOf.set(f.object, list);
  }
  definitionWorkloads.forEach((w, i) => {
    const lines = [...(findingsOf.get(workloads[i].ref) ?? []), ...(findingsOf.get(`${w.namespace}/${w.name}`) ?? [])].map((f) => `${f.effect}: ${f.message}`);
    if (lines.length > 0) workloadComments.set(i, lines);
  });
  return {
    comments: { workloads: workloadComments, rules: ruleComments },
    meshFile: { apiVersion: MESH_FILE_API_VERSION, kind: MESH_FILE_KIND, metadata: { name: spec.name }, spec },
    findings: sorted,
    report,
    workloads,
    analyzedObjects,
  };
}

/** Istio's `request_protocol` (http, grpc, tcp) → the declared ports that speak it; every port when none says. */
function portsForProtocols(w: ClusterWorkload, protocols: readonly string[]): number[] {
  const wanted = new Set(protocols.flatMap((p) => (p === 'http' ? ['HTTP', 'HTTP2'] : p === 'grpc' ? ['GRPC', 'HTTP2'] : [])));
  const matching = w.ports.filter((p) => wanted.has(p.protocol ?? protocolOfName(p.name)));
  return (matching.length > 0 ? matching : w.ports).map((p) => p.port);
}

function protocolOfName(name: string | undefined): string {
  const prefix = (name ?? '').toLowerCase().split('-')[0];
  return ({ http: 'HTTP', http2: 'HTTP2', grpc: 'GRPC' } as Record<string, string>)[prefix] ?? 'TCP';
}

/** `policyTypes` as Kubernetes defaults it: Ingress, plus Egress when the policy has egress rules. */
function policyTypes(o: K8sObject): string[] {
  const spec = specOf(o);
  const types = asStrings(spec.policyTypes);
  if (types && types.length > 0) return types;
  return nonEmptyArray(spec.egress) ? ['Ingress', 'Egress'] : ['Ingress'];
}

function nonEmptyArray(v: unknown): boolean {
  return Array.isArray(v) && v.length > 0;
}

/**
 * Whether everyone may call `w` on every port without conditions: `any` and every other workload of the manifests
 * (a DestinationRule or a caller's own egress can still refuse some). Only then may it stay without ingress rules.
 */
function fullyOpen(accesses: readonly Access[], w: ClusterWorkload, workloadCount: number): boolean {
  const unconditional = (a: Access) => a.ports.length === 0 && a.paths.length === 0 && a.methods.length === 0;
  if (!accesses.some((a) => a.from === 'any' && unconditional(a))) return false;
  const self = `${w.namespace}/${w.name}`;
  const callers = new Set(accesses.filter((a) => unconditional(a) && a.from.includes('/') && !a.from.startsWith('cidr:') && a.from !== self).map((a) => a.from));
  return callers.size >= workloadCount - 1;
}

/** A DENY rule the definition cannot say (it denies only some requests): the ports it covers (`'all'`: every port). */
interface ConditionalDenial {
  readonly ref: string;
  readonly namespace: string;
  readonly selector: unknown;
  readonly ports: readonly number[] | 'all';
}

/** Fields that make a DENY rule deny only some requests (HTTP attributes, conditions, JWT principals). */
const CONDITIONAL_OPERATION = ['paths', 'notPaths', 'methods', 'notMethods', 'hosts', 'notHosts'];
const CONDITIONAL_SOURCE = ['requestPrincipals', 'notRequestPrincipals'];

function conditionalDenyPorts(objects: readonly K8sObject[], rootNamespace: string): ConditionalDenial[] {
  const out: ConditionalDenial[] = [];
  for (const o of objects) {
    if (!isKind(o, 'security.istio.io', 'AuthorizationPolicy') || specOf(o).action !== 'DENY') continue;
    const spec = specOf(o);
    for (const raw of asArray(spec.rules) ?? []) {
      const rule = asRecord(raw) ?? {};
      const operations = (asArray(rule.to) ?? []).map((t) => asRecord(asRecord(t)?.operation) ?? {});
      const sources = (asArray(rule.from) ?? []).map((f) => asRecord(asRecord(f)?.source) ?? {});
      const conditional = (asArray(rule.when) ?? []).length > 0 || operations.some((op) => CONDITIONAL_OPERATION.some((k) => (asArray(op[k]) ?? []).length > 0))
        || sources.some((src) => CONDITIONAL_SOURCE.some((k) => (asArray(src[k]) ?? []).length > 0));
      if (!conditional) continue;
      const ports = operations.flatMap((op) => asStrings(op.ports) ?? []).map(Number);
      const portless = operations.length === 0 || operations.some((op) => (asArray(op.ports) ?? []).length === 0);
      out.push({ ref: refOf(o), namespace: namespaceOf(o) === rootNamespace ? '*' : namespaceOf(o), selector: spec.selector, ports: portless ? 'all' : ports });
    }
  }
  return out;
}

/**
 * The accesses to `w` less the ports a conditional DENY covers: the analysis reports the requests such a rule leaves
 * allowed as the whole port, which the definition would write as an unconditional rule (a widening). The tighter choice
 * is to leave those ports out, and say so.
 */
function withoutConditionalDenials(accesses: Access[], w: ClusterWorkload, denials: readonly ConditionalDenial[], findings: ImportFinding[]): Access[] {
  const applying = denials.filter((d) => (d.namespace === '*' || d.namespace === w.namespace) && selectorMatches(asRecord(d.selector) ?? {}, w.podLabels));
  if (applying.length === 0) return accesses;
  const all = applying.some((d) => d.ports === 'all');
  const denied = new Set(applying.flatMap((d) => (d.ports === 'all' ? [] : d.ports)));
  for (const d of applying) {
    findings.push(finding(`${w.namespace}/${w.name}`, 'narrowed', `${d.ref} denies some requests (HTTP attributes, conditions or JWT principals) ${d.ports === 'all' ? 'on every port' : `on ${d.ports.join(', ')}`}; the definition cannot say "all but these", so ${d.ports === 'all' ? 'no caller is admitted' : 'those ports are left out'}`));
  }
  if (all) return [];
  const declared = w.ports.map((p) => p.port);
  return accesses.flatMap((a) => {
    const ports = (a.ports.length > 0 ? a.ports : declared).filter((p) => !denied.has(p));
    return ports.length === 0 ? [] : [{ ...a, ports }];
  });
}

function dedupeEgress(rules: EgressRuleProps[]): EgressRuleProps[] {
  const seen = new Set<string>();
  return rules.filter((r) => {
    const key = JSON.stringify(r);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
