import { refOf } from '../finding';
import { asRecord, stringMap, type ObjectIndex, type PodTemplate } from '../object-index';
import type { K8sObject } from '../../k8s-object';
import type { Rule, Violation } from '../rule';

/** Sidecar resources (networking.istio.io), by namespace. */
function sidecars(index: ObjectIndex): Map<string, K8sObject[]> {
  const out = new Map<string, K8sObject[]>();
  for (const s of index.ofKind('Sidecar')) {
    if (!s.apiVersion.startsWith('networking.istio.io/')) continue;
    const ns = s.metadata.namespace ?? 'default';
    const list = out.get(ns);
    if (list) list.push(s);
    else out.set(ns, [s]);
  }
  return out;
}

/** `workloadSelector.labels`, or undefined when the Sidecar has no workloadSelector (Istio's analyzers test presence). */
export function sidecarSelector(s: K8sObject): Record<string, string> | undefined {
  const ws = asRecord(s.spec).workloadSelector;
  return ws === undefined || ws === null ? undefined : stringMap(asRecord(ws).labels);
}

export const multipleDefaultSidecars: Rule = {
  id: 'SM-IS-029',
  severity: 'error',
  title: 'More than one Sidecar without a workloadSelector in a namespace',
  explanation:
    'A namespace has one default Sidecar: the one without `workloadSelector`. With several, istiod picks one (the oldest) and ' +
    'ignores the others, so which egress hosts and ports apply depends on creation order (`istioctl analyze`: ' +
    'MultipleSidecarsWithoutWorkloadSelectors). secure-mesh emits a `default` Sidecar per isolated namespace, so a ' +
    'hand-written selector-less Sidecar next to it conflicts. Fix: merge them into one, or give yours a workloadSelector.',
  sources: ['istio pkg/config/analysis/analyzers/sidecar/defaultselector.go'],
  *check({ index }): Iterable<Violation> {
    for (const [ns, list] of sidecars(index)) {
      const defaults = list.filter((s) => sidecarSelector(s) === undefined);
      if (defaults.length < 2) continue;
      for (const s of defaults) {
        const others = defaults.filter((o) => o !== s);
        yield { object: s, message: `is one of ${defaults.length} Sidecars without workloadSelector in namespace ${ns} (${defaults.map(refOf).join(', ')}); istiod uses only one. Merge them or add a workloadSelector.`, related: others };
      }
    }
  },
};

export const overlappingSidecars: Rule = {
  id: 'SM-IS-030',
  severity: 'error',
  title: 'Several Sidecars with workload selectors select the same pod',
  explanation:
    'A pod gets one Sidecar configuration. When the workloadSelectors of several Sidecars match the same pod, istiod uses one ' +
    '(the oldest) and ignores the others for that pod (`istioctl analyze`: ConflictingSidecarWorkloadSelectors). Fix: make the selectors ' +
    'disjoint, or merge the Sidecars.',
  sources: ['istio pkg/config/analysis/analyzers/sidecar/selector.go'],
  *check({ index }): Iterable<Violation> {
    for (const [ns, list] of sidecars(index)) {
      const selecting = list.map((s) => ({ s, sel: sidecarSelector(s) })).filter((x) => x.sel && Object.keys(x.sel).length > 0);
      if (selecting.length < 2) continue;
      const reported = new Set<K8sObject>();
      for (const pod of index.podTemplates(ns)) {
        const matching = selecting.filter((x) => labelsSelect(x.sel!, pod));
        if (matching.length < 2) continue;
        for (const { s } of matching) {
          if (reported.has(s)) continue;
          reported.add(s);
          const others = matching.filter((m) => m.s !== s).map((m) => m.s);
          yield { object: s, message: `selects ${refOf(pod.owner)}, which ${others.map(refOf).join(', ')} also select${others.length === 1 ? 's' : ''}; istiod applies only one Sidecar to a pod.`, related: [pod.owner, ...others] };
        }
      }
    }
  },
};

function labelsSelect(selector: Record<string, string>, pod: PodTemplate): boolean {
  for (const [k, v] of Object.entries(selector)) if (pod.labels[k] !== v) return false;
  return true;
}

export const ignoredEgressProxy: Rule = {
  id: 'SM-IS-031',
  severity: 'warning',
  title: 'A Sidecar sets outboundTrafficPolicy.egressProxy without mode ALLOW_ANY (istiod ignores it)',
  explanation:
    'istiod uses `egressProxy` only for traffic to unknown destinations under ALLOW_ANY, and a Sidecar\'s ' +
    '`outboundTrafficPolicy` replaces the mesh\'s as a whole: with `mode` unset it is REGISTRY_ONLY (the enum\'s zero value), ' +
    'so the proxy is ignored and, worse, unknown destinations are now refused. Fix: set `mode: ALLOW_ANY` next to ' +
    '`egressProxy`, or remove `egressProxy` (use an egress gateway with ServiceEntries to route external traffic).',
  sources: ['istio pilot/pkg/model/sidecar.go ConvertToSidecarScope', 'istio/api#1279', 'istio/istio#21135'],
  *check({ index }): Iterable<Violation> {
    for (const list of sidecars(index).values()) {
      for (const s of list) {
        const otp = asRecord(asRecord(s.spec).outboundTrafficPolicy);
        if (otp.egressProxy === undefined || otp.mode === 'ALLOW_ANY') continue;
        yield { object: s, message: `sets outboundTrafficPolicy.egressProxy with mode ${otp.mode ?? 'unset (REGISTRY_ONLY)'}: istiod ignores the proxy${otp.mode === undefined ? ', and this Sidecar makes its workloads REGISTRY_ONLY' : ''}. Set mode: ALLOW_ANY or remove egressProxy.` };
      }
    }
  },
};
