import type { K8sObject } from '../../k8s-object';
import { asArray, asRecord, labelsMatch, matchLabelsOf, stringMap, type ObjectIndex, type PodTemplate } from '../object-index';
import { containersOf } from '../secret-consumers';

/**
 * What SM-IS-008b and SM-IS-008c both need: a workload PeerAuthentication's portLevelMtls keys, the pod templates its
 * selector matches, and the container ports those pods declare. Istio keys portLevelMtls by container port.
 */
export interface PortLevelPolicy {
  readonly policy: K8sObject;
  readonly namespace: string;
  readonly selector: Readonly<Record<string, string>>;
  readonly ports: readonly number[];
  readonly pods: readonly PodTemplate[];
}

/** Computed once per index (`ObjectIndex.derived`): both rules read it. */
export function portLevelPolicies(index: ObjectIndex): readonly PortLevelPolicy[] {
  return index.derived(computePortLevelPolicies);
}

function computePortLevelPolicies(index: ObjectIndex): readonly PortLevelPolicy[] {
  const out: PortLevelPolicy[] = [];
  for (const pa of index.ofKind('PeerAuthentication')) {
    const spec = asRecord(pa.spec);
    const selector = matchLabelsOf(spec.selector);
    const ports = Object.keys(asRecord(spec.portLevelMtls)).map(Number).filter((p) => Number.isInteger(p) && p > 0);
    // Selector-less portLevelMtls is SM-IS-008a's finding.
    if (!selector || ports.length === 0) continue;
    const namespace = pa.metadata.namespace ?? 'default';
    out.push({ policy: pa, namespace, selector, ports, pods: index.podsMatching(namespace, selector) });
  }
  return out;
}

/** Declared container ports of a pod: number → port name (or ''). */
export function containerPorts(pod: PodTemplate): Map<number, string> {
  const out = new Map<number, string>();
  for (const c of containersOf(pod)) {
    for (const p of asArray(c.ports)) {
      const port = asRecord(p);
      if (typeof port.containerPort === 'number') out.set(port.containerPort, typeof port.name === 'string' ? port.name : '');
    }
  }
  return out;
}

/** A Service port and the container port it forwards to (a named targetPort resolved against the pods, when it can be). */
export interface ServicePortMapping {
  readonly service: K8sObject;
  readonly port: number;
  readonly targetPort?: number;
}

/** Core v1 Services in `namespace` whose selector selects pods with `labels`, with each port's resolved targetPort. */
export function servicePortsFor(index: ObjectIndex, namespace: string, labels: Readonly<Record<string, string>>, pods: readonly PodTemplate[]): ServicePortMapping[] {
  const out: ServicePortMapping[] = [];
  for (const svc of index.inNamespace('Service', namespace)) {
    if (svc.apiVersion !== 'v1') continue;
    const selector = stringMap(asRecord(svc.spec).selector);
    if (Object.keys(selector).length === 0 || !labelsMatch(selector, labels)) continue;
    for (const p of asArray(asRecord(svc.spec).ports)) {
      const sp = asRecord(p);
      if (typeof sp.port !== 'number') continue;
      const target = sp.targetPort ?? sp.port;
      let targetPort: number | undefined;
      if (typeof target === 'number') targetPort = target;
      else if (typeof target === 'string' && /^\d+$/.test(target)) targetPort = Number(target);
      else if (typeof target === 'string') {
        for (const pod of pods) for (const [n, name] of containerPorts(pod)) if (name === target) targetPort = n;
      }
      out.push({ service: svc, port: sp.port, targetPort });
    }
  }
  return out;
}
