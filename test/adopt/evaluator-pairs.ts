/**
 * The judge of the import's round trip: the independent evaluator (test/evaluator) decides every request between the
 * workloads of the manifests, once on the cluster as it was and once with the imported mesh applied (its emitted
 * objects replacing the manifests' policies, the workloads unchanged). The pods are read here from the manifests
 * directly (pod templates of every workload kind), not through lib/.
 */
import type { K8sObject } from '../../lib/k8s-object';
import { evaluate, type Cluster, type Pod, type Request } from '../evaluator';

/** A port no policy names, standing for "every other port". */
const OTHER_PORT = 61000;

export interface TestPod extends Pod {
  readonly id: string;
  readonly containerPorts: readonly number[];
}

const TEMPLATE: Record<string, readonly string[]> = {
  Deployment: ['spec', 'template'], StatefulSet: ['spec', 'template'], DaemonSet: ['spec', 'template'],
  Job: ['spec', 'template'], CronJob: ['spec', 'jobTemplate', 'spec', 'template'],
};

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const get = (o: any, path: readonly string[]): any => path.reduce((v, k) => (v === undefined || v === null ? undefined : v[k]), o);

/** Every workload's pod, as the cluster runs it. */
export function podsOf(objects: readonly K8sObject[]): TestPod[] {
  const injected = new Set(objects.filter((o) => o.kind === 'Namespace' && (o.metadata.labels?.['istio-injection'] === 'enabled')).map((o) => o.metadata.name));
  const pods: TestPod[] = [];
  for (const o of objects) {
    const template = o.kind === 'Pod' ? o : TEMPLATE[o.kind] ? get(o, TEMPLATE[o.kind]) : undefined;
    if (!template) continue;
    const ns = o.metadata.namespace ?? 'default';
    const labels: Record<string, string> = { ...(template.metadata?.labels ?? {}) };
    if (Object.keys(labels).length === 0) continue;
    const named: Record<string, number> = {};
    const numbers: number[] = [];
    for (const c of template.spec?.containers ?? []) {
      for (const p of c.ports ?? []) {
        if ((p.protocol ?? 'TCP') !== 'TCP') continue;
        numbers.push(p.containerPort);
        if (p.name) named[p.name] = p.containerPort;
      }
    }
    const inject = labels['sidecar.istio.io/inject'];
    pods.push({
      id: `${ns}/${o.metadata.name}`, namespace: ns, labels, serviceAccount: template.spec?.serviceAccountName ?? 'default',
      sidecar: template.spec?.hostNetwork ? false : inject === 'true' ? true : inject === 'false' ? false : injected.has(ns),
      service: o.metadata.name, ports: named, containerPorts: numbers,
    });
  }
  return pods;
}

export function clusterOf(objects: readonly K8sObject[]): Cluster {
  // kubectl apply keeps the last object of each kind/namespace/name.
  const last = new Map<string, K8sObject>();
  for (const o of objects) last.set(`${o.apiVersion.split('/')[0]}/${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`, o);
  const kept = [...last.values()];
  return { objects: kept, namespaces: kept.filter((o) => o.kind === 'Namespace').map((o) => ({ name: o.metadata.name, labels: { ...(o.metadata.labels ?? {}) } })) };
}

/** Every request between the pods that `cluster` allows: plain TCP on each port, and HTTP GET / POST on two paths. */
export function allowedRequests(cluster: Cluster, pods: readonly TestPod[]): Set<string> {
  const out = new Set<string>();
  for (const to of pods) {
    for (const from of pods) {
      if (from === to) continue;
      for (const port of [...to.containerPorts, OTHER_PORT]) {
        const base: Request = { from, to, port };
        if (evaluate(cluster, base).allowed) out.add(`${from.id} -> ${to.id}:${port} tcp`);
        for (const [method, path] of [['GET', '/orders/1'], ['POST', '/'], ['DELETE', '/orders/1']]) {
          if (evaluate(cluster, { ...base, method, path, http: true }).allowed) out.add(`${from.id} -> ${to.id}:${port} ${method} ${path}`);
        }
      }
    }
  }
  return out;
}

/** What the imported mesh allows beyond the manifests (widened), and what it no longer allows (narrowed). */
export function compareClusters(before: Cluster, after: Cluster, pods: readonly TestPod[]): { widened: string[]; narrowed: string[] } {
  const a = allowedRequests(before, pods);
  const b = allowedRequests(after, pods);
  return { widened: [...b].filter((r) => !a.has(r)).sort(), narrowed: [...a].filter((r) => !b.has(r)).sort() };
}
