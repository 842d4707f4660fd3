import type { K8sObject } from '../../k8s-object';
import { apiGroup } from '../../k8s-object';
import { TARGET_BURST_CAPACITY_ANNOTATION } from '../../integrations/kserve/wellknown';
import { refOf } from '../finding';
import { asArray, asRecord, labelsMatch, matchLabelsOf, stringMap, type ObjectIndex } from '../object-index';
import type { Rule, Violation } from '../rule';
import {
  KNATIVE_NAMESPACE, KNATIVE_PROBE_PATHS, KNATIVE_SERVICE_LABEL, KNATIVE_SERVING_GROUP, KSERVE_DEPLOYMENT_MODE_ANNOTATION, KSERVE_GROUP,
  KSERVE_ISVC_LABEL, KSERVE_NON_KNATIVE_MODES,
} from '../wellknown';
import { LEGACY_TARGET_BURST_CAPACITY_ANNOTATION, MIN_SCALE_ANNOTATION } from '../wellknown';
import { isDryRunPolicy } from '../../istio/enforcement';

/** Paths the activator may be admitted on without being on the data path: probes and metrics. */
const NON_DATA_PATHS = [...KNATIVE_PROBE_PATHS, '/metrics'];

/** A Knative-served workload: its object, namespace, the labels its pods carry, and the annotations Knative reads. */
interface KnativeWorkload {
  readonly source: K8sObject;
  readonly namespace: string;
  readonly labels: Record<string, string>;
  /** Revision-level annotations (autoscaling keys), object annotations first, overridden by the more specific ones. */
  readonly annotations: Record<string, string>;
  readonly minReplicas?: number;
}

function knativeWorkloads(index: ObjectIndex): KnativeWorkload[] {
  const out: KnativeWorkload[] = [];
  for (const isvc of index.ofKind('InferenceService')) {
    if (apiGroup(isvc.apiVersion) !== KSERVE_GROUP) continue;
    const own = isvc.metadata.annotations ?? {};
    const mode = own[KSERVE_DEPLOYMENT_MODE_ANNOTATION];
    if (mode && KSERVE_NON_KNATIVE_MODES.includes(mode)) continue;
    const predictor = asRecord(asRecord(isvc.spec).predictor);
    out.push({
      source: isvc,
      namespace: isvc.metadata.namespace ?? 'default',
      // KServe copies the InferenceService's labels to the predictor pods and adds its own.
      labels: { ...(isvc.metadata.labels ?? {}), ...stringMap(predictor.labels), [KSERVE_ISVC_LABEL]: isvc.metadata.name, [KNATIVE_SERVICE_LABEL]: `${isvc.metadata.name}-predictor` },
      annotations: { ...own, ...stringMap(predictor.annotations) },
      minReplicas: typeof predictor.minReplicas === 'number' ? predictor.minReplicas : undefined,
    });
  }
  for (const ksvc of index.ofKind('Service')) {
    if (apiGroup(ksvc.apiVersion) !== KNATIVE_SERVING_GROUP) continue;
    const template = asRecord(asRecord(ksvc.spec).template);
    const meta = asRecord(template.metadata);
    out.push({
      source: ksvc,
      namespace: ksvc.metadata.namespace ?? 'default',
      labels: { ...stringMap(meta.labels), [KNATIVE_SERVICE_LABEL]: ksvc.metadata.name },
      annotations: { ...(ksvc.metadata.annotations ?? {}), ...stringMap(meta.annotations) },
    });
  }
  return out;
}

/** The target burst capacity Knative applies (canonical key wins) and problems with how it is written. */
export function targetBurstCapacity(annotations: Readonly<Record<string, string>>): { value?: string; problem?: string } {
  const canonical = annotations[TARGET_BURST_CAPACITY_ANNOTATION];
  const legacy = annotations[LEGACY_TARGET_BURST_CAPACITY_ANNOTATION];
  if (canonical !== undefined && legacy !== undefined && canonical !== legacy) {
    return { value: canonical, problem: `sets both ${TARGET_BURST_CAPACITY_ANNOTATION}: "${canonical}" and the legacy ${LEGACY_TARGET_BURST_CAPACITY_ANNOTATION}: "${legacy}"; Knative applies "${canonical}". Keep only ${TARGET_BURST_CAPACITY_ANNOTATION}.` };
  }
  if (legacy !== undefined && canonical === undefined) {
    return { value: legacy, problem: `uses the legacy annotation ${LEGACY_TARGET_BURST_CAPACITY_ANNOTATION}; write ${TARGET_BURST_CAPACITY_ANNOTATION} instead (the canonical key wins when both are set).` };
  }
  return { value: canonical };
}

/** Whether a source names knative-serving explicitly (a `*` source is no isolation, so it is not what this rule is about). */
function namesKnative(source: Record<string, any>): boolean {
  return asArray(source.namespaces).map(String).includes(KNATIVE_NAMESPACE)
    || asArray(source.principals).map(String).some((p) => p.includes(`/ns/${KNATIVE_NAMESPACE}/`));
}

/** Whether an operation is confined to probe/metrics paths. */
function probeOnly(operation: Record<string, any>): boolean {
  const paths = asArray(operation.paths).map(String);
  return paths.length > 0 && paths.every((p) => NON_DATA_PATHS.includes(p));
}

/** Whether an ALLOW rule lets knative-serving through on the data path (not only probes/metrics). */
function admitsActivatorOnDataPath(rule: Record<string, any>): boolean {
  if (!asArray(rule.from).some((f) => namesKnative(asRecord(asRecord(f).source)))) return false;
  const ops = asArray(rule.to).map((t) => asRecord(asRecord(t).operation));
  return ops.length === 0 || ops.some((op) => !probeOnly(op));
}

export const activatorOnRequestPath: Rule = {
  id: 'SM-KN-001',
  severity: 'warning',
  title: 'Namespace isolation cannot be enforced while the Knative activator is on the request path',
  explanation:
    'When the Knative activator buffers requests, the revision sees every caller as the activator: source namespace ' +
    '`knative-serving`. An AuthorizationPolicy that admits knative-serving on the data path therefore admits any namespace ' +
    'that can reach the activator; maintainers call this "working as designed" (net-istio#554), and KServe\'s service-mesh ' +
    'guide shows a cross-namespace call returning 200. Fix: annotate the InferenceService (or Knative Service revision) ' +
    'with `autoscaling.knative.dev/target-burst-capacity: "0"` and keep at least one replica, so the activator leaves the ' +
    'path and the policy sees the real caller; then admit knative-serving only on `/healthz`, `/ready`, `/wait-for-drain` ' +
    'and `/metrics`. If trusting the activator is intended, suppress this finding with the reason. The legacy camelCase key ' +
    '`autoscaling.knative.dev/targetBurstCapacity` is also reported: the kebab-case key wins when both are set.',
  sources: ['knative-extensions/net-istio#554', 'knative/serving#10940', 'knative/serving#12466', 'KServe docs admin/serverless/servicemesh', 'knative/serving pkg/apis/autoscaling/register.go'],
  *check({ index, rootNamespace }): Iterable<Violation> {
    // Per namespace, once: the ALLOW policies that admit the activator on the data path (most workloads share them).
    const admittingIn = new Map<string, K8sObject[]>();
    const admittingPolicies = (namespace: string): K8sObject[] => {
      let list = admittingIn.get(namespace);
      if (!list) {
        list = [...index.inNamespace('AuthorizationPolicy', namespace), ...(namespace === rootNamespace ? [] : index.inNamespace('AuthorizationPolicy', rootNamespace))]
          .filter((ap) => (asRecord(ap.spec).action ?? 'ALLOW') === 'ALLOW' && !isDryRunPolicy(ap) && asArray(asRecord(ap.spec).rules).some((r) => admitsActivatorOnDataPath(asRecord(r))));
        admittingIn.set(namespace, list);
      }
      return list;
    };
    for (const w of knativeWorkloads(index)) {
      const tbc = targetBurstCapacity(w.annotations);
      if (tbc.problem) yield { object: w.source, message: tbc.problem };
      const scalesToZero = w.minReplicas === 0 || w.annotations[MIN_SCALE_ANNOTATION] === '0';
      if (tbc.value === '0' && !scalesToZero) continue;
      const admitting = admittingPolicies(w.namespace).filter((ap) => labelsMatch(matchLabelsOf(asRecord(ap.spec).selector), w.labels));
      if (admitting.length === 0) continue;
      const why = tbc.value === '0' ? 'it may scale to zero (minReplicas 0), which puts the activator back on the path' : `target burst capacity is ${tbc.value === undefined ? 'unset (Knative default 200)' : `"${tbc.value}"`}`;
      yield {
        object: w.source,
        message: `namespace isolation in "${w.namespace}" cannot be enforced: ${admitting.map(refOf).join(', ')} admit${admitting.length === 1 ? 's' : ''} ${KNATIVE_NAMESPACE} on the data path and ${why}, so any namespace can call through the activator (net-istio#554). Set ${TARGET_BURST_CAPACITY_ANNOTATION}: "0" with at least one replica, or suppress with a reason.`,
        related: admitting,
      };
    }
  },
};
