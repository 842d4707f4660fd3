import type { K8sObject } from '../../k8s-object';
import { apiGroup } from '../../k8s-object';
import { refOf } from '../finding';
import { asArray, asRecord, labelsMatch, matchLabelsOf } from '../object-index';
import type { Rule, Violation } from '../rule';
import { DEFAULT_GATEWAY_NAMESPACE, KSERVE_DEPLOYMENT_MODE_ANNOTATION, KSERVE_GROUP, KSERVE_ISVC_LABEL, KSERVE_NON_KNATIVE_MODES } from '../wellknown';
import { ingressConfigOf } from './kserve-ingress-config';
import { isDryRunPolicy } from '../../istio/enforcement';
import { KNATIVE_LOCAL_GATEWAY } from '../../integrations/kserve/wellknown';

/** Whether an ALLOW policy restricts callers by identity (namespaces or principals other than `*`). */
function restrictsByIdentity(ap: K8sObject): boolean {
  return asArray(asRecord(ap.spec).rules).some((r) => asArray(asRecord(r).from).some((f) => {
    const source = asRecord(asRecord(f).source);
    return [...asArray(source.namespaces), ...asArray(source.principals)].some((v) => typeof v === 'string' && v !== '*');
  }));
}

/** Whether a policy admits the local gateway's identity (its namespace, or a principal there). */
function admitsGateway(ap: K8sObject): boolean {
  return asArray(asRecord(ap.spec).rules).some((r) => asArray(asRecord(r).from).some((f) => {
    const source = asRecord(asRecord(f).source);
    return asArray(source.namespaces).includes(DEFAULT_GATEWAY_NAMESPACE)
      || asArray(source.principals).some((p) => typeof p === 'string' && p.includes(`/ns/${DEFAULT_GATEWAY_NAMESPACE}/`));
  }));
}

/**
 * A local gateway of KServe's own (`localGateway` naming a Gateway other than Knative's `knative-local-gateway`, such as
 * `kserve-local-gateway`, KServe's servicemesh guide): the top-level virtual host binds the InferenceService hosts to it,
 * so turning the virtual host off takes that gateway's routes away.
 */
function ownLocalGateway(config: Record<string, unknown>): string | undefined {
  const lg = config.localGateway;
  if (typeof lg !== 'string') return undefined;
  const [, name] = lg.split('/');
  return name && name !== KNATIVE_LOCAL_GATEWAY ? lg : undefined;
}

export const kserveVirtualHostIsolation: Rule = {
  id: 'SM-KS-005',
  severity: 'warning',
  title: 'Namespace isolation of InferenceServices while KServe\'s top-level virtual host routes callers through the local gateway',
  explanation:
    'With `disableIstioVirtualHost` false (the default), KServe creates a top-level VirtualService that routes callers of ' +
    '`<isvc>.<ns>.svc` through the Istio local gateway. The predictor\'s AuthorizationPolicy then sees the gateway\'s ' +
    'identity (istio-system), not the caller\'s: either the policy admits the gateway and any namespace that reaches the ' +
    'gateway gets through, or it does not and every call through the top-level host is denied. Fix: set ' +
    '`"disableIstioVirtualHost": true` in the `ingress` key of `inferenceservice-config` so callers reach the predictor ' +
    'directly (serverless mode), or suppress with a reason if admitting the gateway is intended.\n\n' +
    'With a gateway of KServe\'s own (`localGateway` other than Knative\'s `knative-local-gateway`, e.g. a ' +
    '`kserve-local-gateway` for callers outside the mesh) the virtual host is what routes `<isvc>.<ns>.svc` through that ' +
    'gateway, so it must stay and `disableIstioVirtualHost: true` is not the fix. Restrict the callers at the gateway ' +
    'instead: an AuthorizationPolicy on the gateway pods (`istio: ingressgateway` in `istio-system`) that admits, per ' +
    'InferenceService host (`to.operation.hosts`), only its intended source namespaces (meshed callers reach ' +
    '`knative-local-gateway` over Istio mutual TLS, so the gateway sees their namespace) and, for callers without a ' +
    'sidecar, which have no identity, a NetworkPolicy on the gateway pods admitting only their addresses; or, when every ' +
    'caller that reaches the gateway may call every InferenceService, suppress SM-KS-005 on the ConfigMap with that reason.',
  sources: ['kserve/kserve#2380', 'KServe docs admin/serverless/servicemesh "Disable Top Level Virtual Service"', 'istio-kserve-modelmesh.md §6.12'],
  *check({ index }): Iterable<Violation> {
    const configs = index.ofKind('ConfigMap').map((cm) => ({ cm, ingress: ingressConfigOf(cm) })).filter((x) => x.ingress?.config);
    // A string "true" is SM-KS-003's error; only a JSON true turns the virtual host off.
    const enabled = configs.filter((x) => x.ingress!.config!.disableIstioVirtualHost !== true);
    if (enabled.length === 0) return;
    const byNamespace = new Map<string, { isvcs: K8sObject[]; policies: Set<K8sObject> }>();
    for (const isvc of index.ofKind('InferenceService')) {
      if (apiGroup(isvc.apiVersion) !== KSERVE_GROUP) continue;
      const mode = isvc.metadata.annotations?.[KSERVE_DEPLOYMENT_MODE_ANNOTATION];
      if (mode && KSERVE_NON_KNATIVE_MODES.includes(mode)) continue;
      const namespace = isvc.metadata.namespace ?? 'default';
      const labels = { ...(isvc.metadata.labels ?? {}), [KSERVE_ISVC_LABEL]: isvc.metadata.name };
      const policies = index.inNamespace('AuthorizationPolicy', namespace)
        .filter((ap) => (asRecord(ap.spec).action ?? 'ALLOW') === 'ALLOW' && !isDryRunPolicy(ap) && labelsMatch(matchLabelsOf(asRecord(ap.spec).selector), labels) && restrictsByIdentity(ap));
      if (policies.length === 0) continue;
      const entry = byNamespace.get(namespace) ?? { isvcs: [], policies: new Set<K8sObject>() };
      entry.isvcs.push(isvc);
      for (const p of policies) entry.policies.add(p);
      byNamespace.set(namespace, entry);
    }
    const cm = enabled[0].cm;
    const ownGateway = ownLocalGateway(enabled[0].ingress!.config!);
    for (const [namespace, { isvcs, policies }] of [...byNamespace].sort(([a], [b]) => a.localeCompare(b))) {
      const aps = [...policies];
      const outcome = aps.some(admitsGateway)
        ? `they admit ${DEFAULT_GATEWAY_NAMESPACE}, so any namespace that reaches the local gateway passes`
        : 'calls through the top-level host arrive as the local gateway and are denied';
      yield {
        object: cm,
        message: `disableIstioVirtualHost is not true while ${aps.map(refOf).join(', ')} isolate ${isvcs.map(refOf).join(', ')} in "${namespace}" by caller identity: ${outcome}. ${ownGateway
          ? `The local gateway ${ownGateway} needs the virtual host (it routes the InferenceService hosts through it), so keep disableIstioVirtualHost false and restrict the callers at the gateway: an AuthorizationPolicy on its pods admitting only the intended source namespaces per InferenceService host (to.operation.hosts), a NetworkPolicy for callers without a sidecar, or suppress SM-KS-005 on ${refOf(cm)} with a reason if every caller of the gateway may call these InferenceServices.`
          : 'Set "disableIstioVirtualHost": true.'}`,
        related: [...aps, ...isvcs],
      };
    }
  },
};
