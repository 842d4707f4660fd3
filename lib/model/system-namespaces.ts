import { KSERVE_NAMESPACE } from '../integrations/kserve/wellknown';
import { INJECTION_LABEL, ISTIOD_XDS_PORT } from '../istio/wellknown';
import { DNS_NAMESPACE, DNS_PORT } from '../network/wellknown';
import type { SecureMeshProps } from './definition';
import type { Problem } from './errors';
import type { ResolvedMesh, ResolvedNamespace } from './resolved';
import { KNATIVE_SERVING_NAMESPACE } from './system-peers';

/**
 * The control-plane namespaces of the platform and of the products the integrations secure: what runs there and who
 * must reach it. A user who declares one of them as a managed namespace gets the mesh's defaults on it (a
 * `default-deny` NetworkPolicy for ingress AND egress, an allow-nothing AuthorizationPolicy, `istio-injection:
 * enabled`, STRICT mTLS), which stop the cluster's own machinery; `systemNamespaceWarnings` says what breaks.
 *
 * Istio's root namespace is not here: declaring it managed is refused outright (resolve.ts), as its policies apply
 * mesh-wide. The integrations' own namespaces (ModelMesh's controller namespace, Mayastor's) are not here either: the
 * integrations declare and secure them on purpose, workload by workload.
 */
export interface SystemNamespaceFacts {
  /** What runs there. */
  readonly runs: string;
  /** Who must reach it, and on which ports: refused by a default-deny namespace. */
  readonly callers: string;
  /** Webhooks the API server calls: the API server has no sidecar, so STRICT mTLS in front of them refuses it. */
  readonly webhooks?: string;
  /** Where the facts come from. */
  readonly source: string;
}

/** kube-system: the cluster's DNS (every pod, ours included: the baseline policies send DNS there). */
const KUBE_SYSTEM: SystemNamespaceFacts = {
  runs: 'CoreDNS (k8s-app: kube-dns), metrics-server and the cloud and CNI controllers',
  callers: `every pod of the cluster resolves names through CoreDNS on port ${DNS_PORT} (UDP and TCP), and CoreDNS forwards to the upstream resolvers; the API server calls metrics-server (kubectl top, HorizontalPodAutoscalers)`,
  source: 'Kubernetes "DNS for Services and Pods"; kubeadm\'s CoreDNS Deployment; metrics-server README',
};

/** istiod's namespace, when it is not the root namespace. */
const ISTIOD: SystemNamespaceFacts = {
  runs: 'istiod',
  callers: `every sidecar dials istiod for configuration and certificates on port ${ISTIOD_XDS_PORT}`,
  webhooks: 'the API server calls the sidecar injection and validation webhooks on port 15017, so no injected pod can start',
  source: 'Istio "Application Requirements" / "Ports used by Istio" (15012 xDS and CA, 15017 webhooks)',
};

/** The PKI namespace (cert-manager's cluster resource namespace, trust-manager's trust namespace). */
const PKI: SystemNamespaceFacts = {
  runs: 'cert-manager (controller, webhook, cainjector), trust-manager and the mesh\'s CA Secrets',
  callers: 'the cert-manager and trust-manager controllers must reach the API server (and ACME or Vault issuers); without it no Certificate is issued, the mesh\'s own included',
  webhooks: 'the API server calls cert-manager\'s webhook (port 10250) for every cert-manager resource and trust-manager\'s for every Bundle',
  source: 'cert-manager "Webhook" concepts and "Compatibility" (webhook on 10250); trust-manager chart',
};

const KNATIVE_SERVING: SystemNamespaceFacts = {
  runs: 'the Knative activator, autoscaler, controller, webhook and net-istio',
  callers: 'callers of scaled-to-zero or burst-buffered revisions go through the activator (port 8012), and queue-proxies report metrics to the autoscaler; the controller must reach the API server',
  webhooks: 'the API server calls Knative\'s webhook (Service port 443, container port 8443), which must stay out of the mesh (knative-extensions/net-istio#150)',
  source: 'Knative Serving config/core/deployments (activator, webhook); "Knative Kubernetes Services"',
};

/** KServe's controller namespace (`kserve`, or `kserve.namespace`). */
const KSERVE: SystemNamespaceFacts = {
  runs: 'kserve-controller-manager',
  callers: 'the controller must reach the API server',
  webhooks: 'the API server calls kserve-webhook-server-service (container port 9443) for every InferenceService and every predictor pod',
  source: 'KServe config/webhook/service.yaml and config/manager (kserve-controller-manager)',
};

/** The system namespaces of this definition, by name. */
export function systemNamespaces(definition: SecureMeshProps, mesh: ResolvedMesh): ReadonlyMap<string, SystemNamespaceFacts> {
  const facts = new Map<string, SystemNamespaceFacts>();
  facts.set(DNS_NAMESPACE, KUBE_SYSTEM);
  facts.set(KNATIVE_SERVING_NAMESPACE, KNATIVE_SERVING);
  facts.set(KSERVE_NAMESPACE, KSERVE);
  if (definition.kserve?.namespace) facts.set(definition.kserve.namespace, KSERVE);
  facts.set(mesh.pki.namespace, PKI);
  if (mesh.istio && mesh.istio.istiodNamespace !== mesh.istio.rootNamespace) facts.set(mesh.istio.istiodNamespace, ISTIOD);
  return facts;
}

/**
 * A warning for each system namespace the USER declared as managed (the integrations' own declarations, e.g.
 * KServe's `knative-serving` as unmanaged, are theirs), naming what our defaults there would stop. Nothing is warned
 * when the declaration turns every default off (isolation "none", no sidecar injection).
 */
export function systemNamespaceWarnings(definition: SecureMeshProps, mesh: ResolvedMesh): Problem[] {
  const declared = definition.namespaces ?? [];
  if (declared.length === 0) return [];
  const facts = systemNamespaces(definition, mesh);
  const resolved = new Map(mesh.namespaces.map((ns) => [ns.name, ns]));
  const warnings: Problem[] = [];
  declared.forEach((props, i) => {
    const fact = facts.get(props.name);
    const ns = resolved.get(props.name);
    if (!fact || !ns || !ns.managed) return;
    const breaks = consequences(ns, fact, mesh);
    if (breaks.length === 0) return;
    warnings.push({
      path: `namespaces[${i}]`,
      message: `"${ns.name}" is a system namespace (${fact.runs}) and is declared managed: ${breaks.join('; ')}. `
        + 'Declare it with managed: false and name it as a peer, or, if you do mean to manage it, set isolation: "none" and sidecarInjection: false',
    });
  });
  return warnings;
}

/** What the defaults of a managed namespace stop in this system namespace. */
function consequences(ns: ResolvedNamespace, fact: SystemNamespaceFacts, mesh: ResolvedMesh): string[] {
  const out: string[] = [];
  if (ns.isolation !== 'none' && mesh.networkPolicies) {
    out.push(`its default-deny NetworkPolicy refuses what the cluster needs from it: ${fact.callers}${fact.webhooks ? `; ${fact.webhooks}` : ''}`);
  }
  if (mesh.istio && ns.sidecar) {
    const webhooksRefused = fact.webhooks && ns.mtls === 'STRICT' ? ' and STRICT mTLS refuses the API server (it has no sidecar) at those webhooks' : '';
    out.push(`the ${INJECTION_LABEL}: enabled label injects sidecars into its pods${webhooksRefused && out.length > 0 ? webhooksRefused : fact.webhooks && ns.mtls === 'STRICT' ? ` and STRICT mTLS refuses the API server (it has no sidecar): ${fact.webhooks}` : ''}${ns.isolation !== 'none' ? `, and its AuthorizationPolicy admits ${ns.isolation === 'namespace' ? 'only its own namespace' : 'no caller'} unless a rule does` : ''}`);
  }
  return out;
}
