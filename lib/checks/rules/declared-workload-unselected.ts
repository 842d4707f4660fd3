import { apiGroup } from '../../k8s-object';
import { WORKLOAD_ANNOTATION } from '../../mesh/metadata';
import { refOf } from '../finding';
import { asRecord, labelsMatch, type PodTemplate } from '../object-index';
import type { Rule, Violation } from '../rule';
import type { K8sObject } from '../../k8s-object';

/** Controllers (and bare Pods) a user writes for a declared workload; Knative Services are KServe's, labelled by it. */
const USER_WORKLOAD_KINDS: ReadonlySet<string> = new Set(['Pod', 'Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job', 'CronJob']);

/**
 * The workload names an object name may be cdk8s' name for: itself, and with `<chart>-` prefixes and cdk8s' `-<8 hex>`
 * hash (`Names.toDnsLabel`) taken off, so an unbound `new Deployment(chart, 'api')` (`chart-api-c8…`) is found too.
 * At most one candidate per dash: a lookup each, not a scan of the declared workloads.
 */
function candidateNames(name: string): string[] {
  const names = [name];
  const unhashed = /-[0-9a-f]{8}$/.test(name) ? name.slice(0, -9) : name;
  if (unhashed !== name) names.push(unhashed);
  for (let i = unhashed.indexOf('-'); i >= 0; i = unhashed.indexOf('-', i + 1)) names.push(unhashed.slice(i + 1));
  return names;
}

export const declaredWorkloadUnselected: Rule = {
  id: 'SM-NP-030',
  severity: 'warning',
  title: 'A workload named like a declared one has pods that none of its policies select',
  explanation:
    'The per-workload NetworkPolicy and AuthorizationPolicy of a declared workload (annotated `secure-mesh.io/workload`) select ' +
    'its pods by the definition\'s `selector` (default `app: <name>`). A Deployment (or StatefulSet, DaemonSet, Job, Pod) of that ' +
    'name in the same namespace whose pods lack those labels gets none of its allowances: the namespace\'s default-deny cuts ' +
    'it off, although the manifests look complete. Fix: bind it with `mesh.bindWorkload(workload, { namespace, name })` ' +
    '(labels, service account, app TLS), or give its pod template the selector\'s labels.',
  sources: ['https://kubernetes.io/docs/concepts/services-networking/network-policies/', 'lib/mesh/metadata.ts'],
  *check({ index }): Iterable<Violation> {
    // Only namespaces where the input has a user's workload can have a finding. A synthesized mesh has none (its
    // workloads are the user's, elsewhere): then the 10,000 policies of a 5,000-workload mesh are not read at all.
    const withWorkloads = new Set<string>();
    for (const pod of index.podTemplates()) if (isUserWorkload(pod)) withWorkloads.add(pod.namespace);
    if (withWorkloads.size === 0) return;
    // Declared workloads by namespace, from the policies the mesh annotates: one pass over the policies.
    const declared = new Map<string, Map<string, { selectors: Record<string, string>[]; policies: K8sObject[] }>>();
    for (const kind of ['NetworkPolicy', 'AuthorizationPolicy']) {
      for (const policy of index.ofKind(kind)) {
        const namespace = policy.metadata.namespace ?? 'default';
        if (!withWorkloads.has(namespace)) continue;
        const name = policy.metadata.annotations?.[WORKLOAD_ANNOTATION];
        if (typeof name !== 'string') continue;
        const spec = asRecord(policy.spec);
        const selector = asRecord(kind === 'NetworkPolicy' ? spec.podSelector : spec.selector).matchLabels;
        let inNamespace = declared.get(namespace);
        if (!inNamespace) declared.set(namespace, (inNamespace = new Map()));
        let entry = inNamespace.get(name);
        if (!entry) inNamespace.set(name, (entry = { selectors: [], policies: [] }));
        entry.selectors.push(asRecord(selector) as Record<string, string>);
        entry.policies.push(policy);
      }
    }
    for (const [namespace, workloads] of declared) {
      for (const pod of index.podTemplates(namespace)) {
        if (!isUserWorkload(pod)) continue;
        for (const name of new Set(candidateNames(pod.owner.metadata.name))) {
          const entry = workloads.get(name);
          if (!entry) continue;
          if (entry.selectors.some((s) => labelsMatch(s, pod.labels))) continue;
          const wanted = Object.entries(entry.selectors[0]).map(([k, v]) => `${k}=${v}`).join(', ');
          yield {
            object: pod.owner,
            message: `is named like the declared workload ${namespace}/${name}, but its pods lack ${wanted}, which ${entry.policies.map(refOf).join(' and ')} select: `
              + `no policy of the mesh admits them and default-deny cuts them off. Bind it with mesh.bindWorkload(workload, { namespace: '${namespace}', name: '${name}' }) or add the labels to its pod template.`,
            related: entry.policies,
          };
        }
      }
    }
  },
};

function isUserWorkload(pod: PodTemplate): boolean {
  const group = apiGroup(pod.owner.apiVersion);
  return USER_WORKLOAD_KINDS.has(pod.owner.kind) && (group === '' || group === 'apps' || group === 'batch');
}
