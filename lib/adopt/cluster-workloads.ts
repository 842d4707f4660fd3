/**
 * The workloads a cluster runs, read from its manifests for `import`: every object that carries a pod template
 * (Deployment, StatefulSet, DaemonSet, ReplicaSet, ReplicationController, Job, CronJob, every served version: the kinds
 * the connectivity analysis reads) that no controller owns, and bare Pods, with what the definition needs of them
 * (selector, service account, container ports with protocols, the Service in front of them).
 */
import type { K8sObject } from '../k8s-object';
import type { PortProtocol } from '../model/definition';
import { asArray, asRecord, compareStrings, isKind, namespaceOf, refOf, specOf } from '../report/objects';
import { selectorMatches } from '../report/selectors';
import { finding, type ImportFinding } from './finding';
import { podTemplateOf } from '../report/pod-template';

/** Istio's protocol selection by port name prefix and `appProtocol` (Istio "Protocol Selection"). */
const PROTOCOL_BY_PREFIX: Readonly<Record<string, PortProtocol>> = {
  http: 'HTTP', http2: 'HTTP2', grpc: 'GRPC', 'grpc-web': 'GRPC', https: 'HTTPS', tls: 'TLS', tcp: 'TCP',
};

export interface ClusterPort {
  readonly port: number;
  readonly name?: string;
  /** The application protocol Istio would select, when a Service port or the port name says. */
  readonly protocol?: PortProtocol;
}

export interface ClusterWorkload {
  /** `Kind/namespace/name` of the object it comes from. */
  readonly ref: string;
  readonly namespace: string;
  readonly name: string;
  /** Labels of its pods. */
  readonly podLabels: Readonly<Record<string, string>>;
  /** What selects its pods: the controller's `matchLabels` when it has only those, else the pod labels. */
  readonly selector: Readonly<Record<string, string>>;
  readonly serviceAccount: string;
  /** TCP container ports (UDP and SCTP are listed in the findings: secure-mesh opens TCP only). */
  readonly ports: readonly ClusterPort[];
  readonly hostNetwork: boolean;
  /** Services whose selector picks its pods, sorted. */
  readonly services: readonly string[];
  /** Per Service, the container ports its ports target (traffic names the Service a call went through). */
  readonly serviceTargets: Readonly<Record<string, readonly number[]>>;
  /** The object itself, so the analysis of the manifests can read it as a pod template. */
  readonly object: K8sObject;
}

function stringRecord(value: unknown): Record<string, string> {
  return Object.fromEntries(Object.entries(asRecord(value) ?? {}).map(([k, v]) => [k, String(v)]));
}

/** Protocol from an `appProtocol` or a port name (`<protocol>[-<suffix>]`). */
export function protocolFromName(name: string | undefined): PortProtocol | undefined {
  if (!name) return undefined;
  const lower = name.toLowerCase();
  if (PROTOCOL_BY_PREFIX[lower]) return PROTOCOL_BY_PREFIX[lower];
  const dash = lower.indexOf('-');
  return dash > 0 ? PROTOCOL_BY_PREFIX[lower.slice(0, dash)] : undefined;
}

interface ServiceInfo {
  readonly name: string;
  readonly namespace: string;
  readonly selector: Record<string, string>;
  /** targetPort (number or container port name) → protocol its Service port declares. */
  readonly protocols: readonly { target: number | string; protocol?: PortProtocol }[];
}

function services(objects: readonly K8sObject[]): ServiceInfo[] {
  const out: ServiceInfo[] = [];
  for (const o of objects) {
    if (!isKind(o, '', 'Service')) continue;
    const spec = specOf(o);
    const selector = stringRecord(spec.selector);
    if (Object.keys(selector).length === 0) continue; // no selector: endpoints are managed by hand, no pods picked
    const protocols = (asArray(spec.ports) ?? []).map((raw) => {
      const p = asRecord(raw) ?? {};
      const target = typeof p.targetPort === 'number' || typeof p.targetPort === 'string' ? p.targetPort : Number(p.port);
      const protocol = protocolFromName(typeof p.appProtocol === 'string' ? p.appProtocol : undefined) ?? protocolFromName(typeof p.name === 'string' ? p.name : undefined);
      return { target, protocol };
    });
    out.push({ name: o.metadata.name, namespace: namespaceOf(o), selector, protocols });
  }
  return out;
}

/** The workloads of `objects`, in namespace/name order, and what could not be read as one. */
export function clusterWorkloads(objects: readonly K8sObject[]): { workloads: ClusterWorkload[]; findings: ImportFinding[] } {
  const findings: ImportFinding[] = [];
  const serviceList = services(objects);
  const byId = new Map<string, ClusterWorkload>();
  for (const o of objects) {
    // Every kind and served version the connectivity analysis reads (report/wellknown.ts POD_TEMPLATE_KINDS), and Pods.
    const template = podTemplateOf(o);
    if (!template) continue;
    // A controller's pods, ReplicaSets and Jobs are that controller's workload (Istio names their pods' workload after
    // the Deployment or CronJob too): only objects nothing owns are workloads of their own.
    if ((asArray(o.metadata.ownerReferences) ?? []).length > 0) continue;
    const controllerSelector = isKind(o, '', 'Pod') || isKind(o, 'batch', 'Job') || isKind(o, 'batch', 'CronJob') ? undefined : specOf(o).selector;
    const ref = refOf(o);
    const namespace = namespaceOf(o);
    const name = o.metadata.name;
    const podLabels = stringRecord(asRecord(template?.metadata)?.labels);
    const podSpec = asRecord(template?.spec) ?? {};
    const id = `${namespace}/${name}`;
    if (byId.has(id)) {
      findings.push(finding(ref, 'not-imported', `has the same name as ${byId.get(id)!.ref} in namespace ${namespace}: a definition names each workload once, so only the first is imported`));
      continue;
    }
    if (!/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(name) || name.length > 63) {
      findings.push(finding(ref, 'not-imported', `its name is not a DNS-1123 label, which workload names must be; rename it to import it`));
      continue;
    }
    if (Object.keys(podLabels).length === 0) {
      findings.push(finding(ref, 'not-imported', 'its pods have no labels, so no policy can select them; label them to import the workload'));
      continue;
    }
    const matchLabels = asRecord(controllerSelector) && !asArray(asRecord(controllerSelector)?.matchExpressions)?.length ? stringRecord(asRecord(controllerSelector)?.matchLabels) : {};
    const selector = Object.keys(matchLabels).length > 0 && selectorMatches({ matchLabels }, podLabels) ? matchLabels : podLabels;
    const sa = podSpec.serviceAccountName ?? podSpec.serviceAccount;
    const mine = serviceList.filter((s) => s.namespace === namespace && selectorMatches({ matchLabels: s.selector }, podLabels));
    const ports: ClusterPort[] = [];
    const seen = new Set<number>();
    for (const c of asArray(podSpec.containers) ?? []) {
      for (const raw of asArray(asRecord(c)?.ports) ?? []) {
        const p = asRecord(raw) ?? {};
        if (typeof p.containerPort !== 'number' || seen.has(p.containerPort)) continue;
        const portName = typeof p.name === 'string' ? p.name : undefined;
        if (p.protocol !== undefined && p.protocol !== 'TCP') {
          findings.push(finding(ref, 'narrowed', `container port ${p.containerPort}/${String(p.protocol)}: secure-mesh opens TCP ports only, so the port is not imported and its policies are left out`));
          continue;
        }
        seen.add(p.containerPort);
        const fromService = mine.flatMap((s) => s.protocols).find((sp) => sp.target === p.containerPort || (portName !== undefined && sp.target === portName))?.protocol;
        const protocol = fromService ?? protocolFromName(typeof p.appProtocol === 'string' ? p.appProtocol : undefined) ?? protocolFromName(portName);
        ports.push({ port: p.containerPort, ...(portName !== undefined ? { name: portName } : {}), ...(protocol ? { protocol } : {}) });
      }
    }
    byId.set(id, {
      ref, namespace, name, podLabels, selector,
      serviceAccount: typeof sa === 'string' && sa !== '' ? sa : 'default',
      ports: ports.sort((a, b) => a.port - b.port),
      hostNetwork: podSpec.hostNetwork === true,
      services: mine.map((s) => s.name).sort(compareStrings),
      serviceTargets: Object.fromEntries(mine.map((s) => [s.name, [...new Set(s.protocols.flatMap((sp) => ports.filter((p) => p.port === sp.target || (p.name !== undefined && p.name === sp.target)).map((p) => p.port)))].sort((a, b) => a - b)])),
      object: o,
    });
  }
  const workloads = [...byId.values()].sort((a, b) => compareStrings(`${a.namespace}/${a.name}`, `${b.namespace}/${b.name}`));
  return { workloads, findings };
}
