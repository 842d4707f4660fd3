/**
 * The workloads a cluster runs, read from its manifests for `import`: every object that carries a pod template
 * (Deployment, StatefulSet, DaemonSet, Job, CronJob) and bare Pods, with what the definition needs of them
 * (selector, service account, container ports with protocols, the Service in front of them).
 */
import type { K8sObject } from '../k8s-object';
import type { PortProtocol } from '../model/definition';
import { asArray, asRecord, compareStrings, isKind, namespaceOf, refOf, specOf } from '../report/objects';
import { selectorMatches } from '../report/selectors';
import { finding, type ImportFinding } from './finding';

/** Kinds with a pod template, and where the template is (Kubernetes API: apps/v1, batch/v1). */
const TEMPLATE_PATHS: readonly { group: string; kind: string; path: readonly string[] }[] = [
  { group: 'apps', kind: 'Deployment', path: ['spec', 'template'] },
  { group: 'apps', kind: 'StatefulSet', path: ['spec', 'template'] },
  { group: 'apps', kind: 'DaemonSet', path: ['spec', 'template'] },
  { group: 'batch', kind: 'Job', path: ['spec', 'template'] },
  { group: 'batch', kind: 'CronJob', path: ['spec', 'jobTemplate', 'spec', 'template'] },
];

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

function at(value: unknown, path: readonly string[]): unknown {
  let v = value;
  for (const key of path) v = asRecord(v)?.[key];
  return v;
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
    let template: Record<string, unknown> | undefined;
    let controllerSelector: unknown;
    if (isKind(o, '', 'Pod')) {
      // A controller's pods are that controller's workload; only bare pods are workloads of their own.
      if ((asArray(o.metadata.ownerReferences) ?? []).length > 0) continue;
      template = { metadata: o.metadata, spec: o.spec };
    } else {
      const kind = TEMPLATE_PATHS.find((k) => isKind(o, k.group, k.kind));
      if (!kind) continue;
      // A Job a CronJob started is that CronJob's run (Istio names its pods' workload after the CronJob too).
      if (kind.kind === 'Job' && (asArray(o.metadata.ownerReferences) ?? []).length > 0) continue;
      template = asRecord(at(o, kind.path));
      controllerSelector = kind.kind === 'Job' || kind.kind === 'CronJob' ? undefined : specOf(o).selector;
    }
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

/**
 * `object` as the connectivity analysis reads pod templates (apps/v1 kinds and Pods). Jobs and CronJobs carry the
 * same pod template under another path; the analysis sees them as a ReplicaSet of that name, which is all it reads.
 */
export function asAnalyzedPodTemplate(w: ClusterWorkload): K8sObject {
  const o = w.object;
  if (isKind(o, 'batch', 'Job') || isKind(o, 'batch', 'CronJob')) {
    const path = isKind(o, 'batch', 'Job') ? ['spec', 'template'] : ['spec', 'jobTemplate', 'spec', 'template'];
    return { apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name: o.metadata.name, namespace: w.namespace }, spec: { template: at(o, path) } } as K8sObject;
  }
  return o;
}
