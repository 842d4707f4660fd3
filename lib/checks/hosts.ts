import type { K8sObject } from '../k8s-object';
import { asRecord, stringMap, type ObjectIndex, type PodTemplate } from './object-index';

/** What an Istio host names inside the cluster: one Service, every Service of some namespaces, or nothing we know. */
export interface HostTarget {
  /** Namespaces the host covers; `'*'` = every namespace. */
  readonly namespaces: readonly string[] | '*';
  /** The Service name, when the host names exactly one. */
  readonly service?: string;
}

/**
 * Resolve a DestinationRule host (short names are relative to the rule's namespace, as istiod does):
 * `web`, `web.shop`, `web.shop.svc`, `web.shop.svc.cluster.local`, `*.shop.svc.cluster.local`, `*.local`, `*`.
 * `clusterDomain` is the cluster's DNS suffix (Kubernetes default `cluster.local`).
 */
export function resolveHost(host: string, ownNamespace: string, clusterDomain = 'cluster.local'): HostTarget | undefined {
  if (host === '*' || host === '*.local' || host === `*.${clusterDomain}` || host === `*.svc.${clusterDomain}`) return { namespaces: '*' };
  const suffix = host.endsWith(`.svc.${clusterDomain}`) ? `.svc.${clusterDomain}` : host.endsWith('.svc') ? '.svc' : undefined;
  const parts = (suffix ? host.slice(0, -suffix.length) : host).split('.');
  if (!suffix && parts.length === 1) return parts[0] === '*' ? undefined : { namespaces: [ownNamespace], service: parts[0] };
  if (!suffix && parts.length !== 2) return undefined; // an external name
  if (parts.length !== 2) return undefined;
  const [svc, ns] = parts;
  return svc === '*' ? { namespaces: [ns] } : { namespaces: [ns], service: svc };
}

/** Namespaces named anywhere in the manifests: Namespace objects and the namespaces of namespaced objects. */
export function knownNamespaces(index: ObjectIndex): string[] {
  const out = new Set<string>();
  for (const ns of index.ofKind('Namespace')) out.add(ns.metadata.name);
  for (const obj of index.objects) if (obj.metadata.namespace) out.add(obj.metadata.namespace);
  return [...out].sort();
}

/** The pods behind a host: those selected by the named Service, or every pod of the namespace for a wildcard. */
export function podsBehind(index: ObjectIndex, target: HostTarget): { pods: PodTemplate[]; service?: K8sObject } {
  const namespaces = target.namespaces === '*' ? knownNamespaces(index) : target.namespaces;
  const pods: PodTemplate[] = [];
  let service: K8sObject | undefined;
  for (const ns of namespaces) {
    if (target.service) {
      service = index.inNamespace('Service', ns).find((s) => s.metadata.name === target.service && s.apiVersion === 'v1');
      const selector = stringMap(asRecord(service?.spec).selector);
      if (service && Object.keys(selector).length > 0) pods.push(...index.podsMatching(ns, selector));
    } else {
      pods.push(...index.podTemplates(ns));
    }
  }
  return { pods, service };
}
