import { apiGroup, type K8sObject } from '../../k8s-object';
import { refOf } from '../finding';
import { asArray, asRecord, SelectorIndex, stringMap, type ObjectIndex, type PodTemplate } from '../object-index';
import type { Rule, Violation } from '../rule';
import { sidecarSelector } from './sidecar-resources';

/**
 * API groups whose pod-creating kinds the index reads as pod templates (or that create no pods). A namespace holding an
 * object of any other group (an InferenceService, a Gateway API Gateway, an Argo Rollout, a Knative Revision…) may have
 * pods the manifests do not show, so "selects no pod" cannot be told there.
 */
const MODELLED_GROUPS = new Set(['', 'apps', 'batch', 'networking.k8s.io', 'networking.istio.io', 'security.istio.io', 'telemetry.istio.io',
  'cert-manager.io', 'trust.cert-manager.io', 'rbac.authorization.k8s.io', 'policy', 'monitoring.coreos.com', 'autoscaling', 'discovery.k8s.io',
  'coordination.k8s.io', 'storage.k8s.io']);

/**
 * Labels that controllers and the sidecar injector add to pods, not in the template: a selector using one cannot be
 * judged from manifests (kube-controller-manager: Deployment/StatefulSet/DaemonSet/Job controllers; istiod's injector).
 */
const ADDED_LABELS = new Set(['pod-template-hash', 'controller-revision-hash', 'statefulset.kubernetes.io/pod-name', 'apps.kubernetes.io/pod-index',
  'pod-template-generation', 'job-name', 'controller-uid', 'batch.kubernetes.io/job-name', 'batch.kubernetes.io/controller-uid',
  'batch.kubernetes.io/job-completion-index', 'security.istio.io/tlsMode', 'service.istio.io/canonical-name', 'service.istio.io/canonical-revision',
  'topology.istio.io/network', 'topology.kubernetes.io/zone']);

/** Namespaces whose every pod is in the input as a pod template: some pods, and nothing that makes pods we cannot see. */
function fullyKnownNamespaces(index: ObjectIndex): Set<string> {
  const out = new Set<string>();
  // Without pods (a synthesized mesh: its workloads are elsewhere) no namespace is: the objects need not be read.
  if (index.podTemplates().length === 0) return out;
  const opaque = new Set<string>();
  // Whether each apiVersion's group is modelled, decided once per apiVersion rather than once per object.
  const modelled = new Map<string, boolean>();
  for (const obj of index.objects) {
    let known = modelled.get(obj.apiVersion);
    if (known === undefined) modelled.set(obj.apiVersion, (known = MODELLED_GROUPS.has(apiGroup(obj.apiVersion))));
    // Knative Services are read as templates, but their revision pods carry labels the template does not show.
    if (!known && obj.metadata.namespace) opaque.add(obj.metadata.namespace);
  }
  for (const pod of index.podTemplates()) if (!opaque.has(pod.namespace)) out.add(pod.namespace);
  return out;
}

/** A pod running Istio's proxy as a gateway (router mode): the pods a Gateway's selector is meant to find. */
function isGatewayPod(pod: PodTemplate): boolean {
  return asArray(pod.spec.containers).some((c) => {
    const container = asRecord(c);
    return (typeof container.image === 'string' && /\/proxyv2(:|@|$)/.test(container.image)) || asArray(container.args).includes('router');
  });
}

export const selectsNoPod: Rule = {
  id: 'SM-IS-032',
  severity: 'warning',
  title: 'An ALLOW AuthorizationPolicy, Sidecar or Gateway selector selects no pod of the input',
  explanation:
    'A selector that matches nothing is silently inert: an ALLOW AuthorizationPolicy meant for a workload leaves it unprotected ' +
    'by that policy (or, if it was the only one, open to everyone), a Sidecar meant to restrict egress restricts nothing, a ' +
    'Gateway serves nothing. It is usually a label typo (`app: api` vs `app: api-server`). Reported only where the input ' +
    'shows the pods: for AuthorizationPolicies and Sidecars, when the namespace\'s workloads are all in the input; for ' +
    'Gateways, when gateway pods are; selectors on labels that controllers or the injector add are not judged. Fix: copy the selector from the pod template\'s labels.',
  sources: ['istio pkg/config/analysis/analyzers/sidecar/selector.go', 'istio pkg/config/analysis/analyzers/gateway/secret.go', 'istio pkg/config/analysis/analyzers/authz/authorizationpolicies.go'],
  *check({ index, rootNamespace }): Iterable<Violation> {
    const known = fullyKnownNamespaces(index);
    // Per namespace: the selecting objects, filed by selector, then every pod marks the objects it satisfies (linear).
    const candidates = new Map<string, SelectorIndex<K8sObject>>();
    const all: K8sObject[] = [];
    const add = (obj: K8sObject, selector: Record<string, string>): void => {
      const ns = obj.metadata.namespace ?? 'default';
      const keys = Object.keys(selector);
      if (!known.has(ns) || ns === rootNamespace || keys.length === 0 || keys.some((k) => ADDED_LABELS.has(k))) return;
      let sel = candidates.get(ns);
      if (!sel) candidates.set(ns, (sel = new SelectorIndex()));
      sel.add(selector, obj);
      all.push(obj);
    };
    // Objects outside those namespaces are never candidates: skipped before their selectors are read (all of them
    // when no namespace is fully known, as in a synthesized mesh).
    const judged = (obj: K8sObject): boolean => known.has(obj.metadata.namespace ?? 'default');
    for (const ap of known.size > 0 ? index.ofKind('AuthorizationPolicy') : []) {
      if (!judged(ap)) continue;
      const spec = asRecord(ap.spec);
      if (!ap.apiVersion.startsWith('security.istio.io/') || (spec.action ?? 'ALLOW') !== 'ALLOW' || spec.targetRef || spec.targetRefs) continue;
      add(ap, stringMap(asRecord(spec.selector).matchLabels));
    }
    for (const s of known.size > 0 ? index.ofKind('Sidecar') : []) if (judged(s) && s.apiVersion.startsWith('networking.istio.io/')) add(s, sidecarSelector(s) ?? {});
    const matched = new Set<K8sObject>();
    for (const [ns, sel] of candidates) for (const pod of index.podTemplates(ns)) sel.forEachMatching(pod.labels, (o) => matched.add(o));
    for (const obj of all) {
      if (matched.has(obj)) continue;
      const selector = obj.kind === 'Sidecar' ? sidecarSelector(obj)! : stringMap(asRecord(asRecord(obj.spec).selector).matchLabels);
      yield { object: obj, message: `selects ${show(selector)}, but no workload of namespace ${obj.metadata.namespace ?? 'default'} in the input has ${Object.keys(selector).length === 1 ? 'that label' : 'those labels'}: it applies to nothing. Check the selector against the pod template labels.` };
    }
    // Gateways select pods in any namespace; judged only when the input holds gateway pods.
    const gatewayPods = index.podTemplates().filter(isGatewayPod);
    if (gatewayPods.length === 0) return;
    for (const gw of index.ofKind('Gateway')) {
      if (!gw.apiVersion.startsWith('networking.istio.io/')) continue;
      const selector = stringMap(asRecord(gw.spec).selector);
      if (Object.keys(selector).length === 0 || Object.keys(selector).some((k) => ADDED_LABELS.has(k))) continue;
      if (index.podTemplates().some((p) => Object.entries(selector).every(([k, v]) => p.labels[k] === v))) continue;
      yield { object: gw, message: `selects ${show(selector)}, but none of the gateway pods in the input (${gatewayPods.slice(0, 3).map((p) => refOf(p.owner)).join(', ')}) has ${Object.keys(selector).length === 1 ? 'that label' : 'those labels'}: no gateway serves it.`, related: gatewayPods.slice(0, 3).map((p) => p.owner) };
    }
  },
};

function show(selector: Record<string, string>): string {
  return Object.entries(selector).map(([k, v]) => `${k}=${v}`).join(',');
}
