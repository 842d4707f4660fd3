import type { EgressRuleProps, IngressRuleProps, NamespaceProps, PeerSpec } from '../../model/definition';
import type { Relay, RelayHop } from '../../intent/relay';
import { dns1123LabelError, dns1123SubdomainError, labelErrors } from '../../model/names';
import { Peer } from '../../model/peer';
import { KNATIVE_SYSTEM_PATHS } from '../../model/system-peers';
import { INGRESS_GATEWAY_LABELS } from '../../istio/wellknown';
import type { Expansion } from '../expansion';
import type { InferenceServiceProps, KServeIngressConfigProps, KServeProps } from './definition';
import { egressCoversPort, storageEgress } from './storage';
import {
  ACTIVATOR_POD_LABELS, ACTIVATOR_PORTS, DEFAULT_DOMAIN_TEMPLATE, DEFAULT_INGRESS_CLASS, DEFAULT_INGRESS_DOMAIN, DEFAULT_INGRESS_GATEWAY,
  DEFAULT_KSERVE_INGRESS_GATEWAY, DEFAULT_URL_SCHEME, ISVC_LABEL, KNATIVE_LOCAL_GATEWAY,
  KNATIVE_LOCAL_GATEWAY_POD_PORT, KNATIVE_SERVING_NAMESPACE, KSERVE_LOCAL_GATEWAY, KSERVE_LOCAL_GATEWAY_CREDENTIAL, KSERVE_LOCAL_GATEWAY_HTTP,
  KSERVE_LOCAL_GATEWAY_HTTPS, KSERVE_NAMESPACE, QUEUE_PROXY_PORTS, QUEUE_PROXY_SERVING_PORTS,
} from './wellknown';

/** The `kserve` section with every default applied. */
export interface ResolvedKServe {
  readonly namespace: string;
  readonly rootNamespace: string;
  readonly clusterDomain: string;
  readonly strictMeshWideMtls: boolean;
  readonly disableIstioVirtualHost: boolean;
  readonly patchKnativeLocalGateway: boolean;
  readonly localGateway?: ResolvedKServeLocalGateway;
  readonly ingressGateway: string;
  readonly ingressDomain: string;
  /** The `ingress` key's other fields, KServe v0.20.0's defaults applied (`kserve.ingressConfig`). */
  readonly ingressConfig: ResolvedKServeIngressConfig;
  readonly inferenceServices: readonly ResolvedInferenceService[];
  /** The pods between callers and each predictor (activator, local gateways): their egress opens them (docs/integrations.md). */
  readonly relays: readonly Relay[];
}

export interface ResolvedKServeIngressConfig {
  readonly urlScheme: string;
  readonly domainTemplate: string;
  readonly ingressClassName: string;
  readonly enableGatewayApi: boolean;
  readonly kserveIngressGateway: string;
  readonly disableIngressCreation: boolean;
  readonly disableHTTPRouteTimeout: boolean;
  readonly additionalIngressDomains?: readonly string[];
}

/** `kserve.ingressConfig` with KServe v0.20.0's defaults (lib/integrations/kserve/wellknown.ts). */
function resolveIngressConfig(x: Expansion, c: KServeIngressConfigProps | undefined): ResolvedKServeIngressConfig {
  const gateway = c?.kserveIngressGateway;
  x.check('kserve.ingressConfig.kserveIngressGateway', gateway === undefined || /^[a-z0-9-]+\/[a-z0-9-]+$/.test(gateway) ? undefined : `"${gateway}" must be "<namespace>/<gateway>"`);
  x.check('kserve.ingressConfig.domainTemplate', c?.domainTemplate === undefined || c.domainTemplate.trim() !== '' ? undefined : 'must not be empty: KServe builds every InferenceService host name from it');
  return {
    urlScheme: c?.urlScheme ?? DEFAULT_URL_SCHEME,
    domainTemplate: c?.domainTemplate ?? DEFAULT_DOMAIN_TEMPLATE,
    ingressClassName: c?.ingressClassName ?? DEFAULT_INGRESS_CLASS,
    enableGatewayApi: c?.enableGatewayApi ?? false,
    kserveIngressGateway: gateway ?? DEFAULT_KSERVE_INGRESS_GATEWAY,
    disableIngressCreation: c?.disableIngressCreation ?? false,
    disableHTTPRouteTimeout: c?.disableHTTPRouteTimeout ?? false,
    ...(c?.additionalIngressDomains ? { additionalIngressDomains: [...c.additionalIngressDomains] } : {}),
  };
}

export interface ResolvedKServeLocalGateway {
  readonly protocol: 'HTTP' | 'HTTPS';
  readonly namespace: string;
  readonly selector: Readonly<Record<string, string>>;
  readonly credentialName: string;
  /** Cluster-local names the gateway answers for: its own Service and every InferenceService host. */
  readonly dnsNames: readonly string[];
}

export interface ResolvedInferenceService {
  readonly name: string;
  readonly namespace: string;
  readonly bypassActivator: boolean;
  readonly minReplicas?: number;
  readonly serviceAccount?: string;
  readonly model?: { readonly format: string; readonly storageUri: string };
  /** The mesh workload of its predictor pods. */
  readonly workload: string;
}

/**
 * Checks the `kserve` section and adds what it implies to the definition: the InferenceService
 * namespaces (namespace isolation, STRICT, injection), `knative-serving` as a meshed caller, and one
 * workload per predictor admitting its namespace, the activator (unless bypassed) and Knative's
 * probes and metrics paths.
 */
export function expandKServe(x: Expansion, k: KServeProps): ResolvedKServe | undefined {
  if (!x.istio) {
    x.problems.add('kserve', 'KServe InferenceServices are secured with Istio; remove istio: false or the kserve section');
    return undefined;
  }
  const istio = x.props.istio === false ? undefined : x.props.istio;
  const namespace = k.namespace ?? KSERVE_NAMESPACE;
  x.check('kserve.namespace', dns1123LabelError(namespace));
  const strict = k.strictMeshWideMtls ?? false;
  if (strict && (istio?.mtls ?? 'STRICT') !== 'STRICT') {
    x.problems.add('kserve.strictMeshWideMtls', `needs istio.mtls: "STRICT" (the mesh-wide PeerAuthentication in the root namespace); it is "${istio?.mtls}"`);
  }
  if (strict && istio?.clientTls === false) {
    x.problems.add('kserve.strictMeshWideMtls', 'needs istio.clientTls (DestinationRules requiring ISTIO_MUTUAL); remove clientTls: false');
  }
  const disableIstioVirtualHost = k.disableIstioVirtualHost ?? k.localGateway === undefined;
  const patch = k.patchKnativeLocalGateway ?? false;
  if (k.localGateway && disableIstioVirtualHost) {
    x.problems.add('kserve.disableIstioVirtualHost', 'the kserve-local-gateway is only reached through the top-level virtual host; set disableIstioVirtualHost: false or remove localGateway');
  }
  if (strict && !disableIstioVirtualHost && !patch) {
    x.problems.add('kserve.patchKnativeLocalGateway', 'strict mesh-wide mTLS with the top-level virtual host blocks inference: clients send Istio mutual TLS to knative-local-gateway, which serves plaintext; set patchKnativeLocalGateway: true or disableIstioVirtualHost: true');
  }

  // The activator and autoscaler call the predictors; under STRICT they must run sidecars.
  const knative = x.ensureNamespace({ name: KNATIVE_SERVING_NAMESPACE, managed: false, sidecarInjection: true }, 'kserve');
  if (knative.sidecarInjection === false) {
    x.problems.add('kserve', `namespace "${KNATIVE_SERVING_NAMESPACE}" is declared without sidecars, but the Knative activator and autoscaler must be injected to reach InferenceServices under mutual TLS; set sidecarInjection: true on it`);
  }
  if (knative.managed !== false && (knative.isolation ?? 'workload') !== 'none') {
    // The activator's side of the request paths (callers → activator, activator → predictors) is not ours to open.
    x.warn('kserve', `namespace "${KNATIVE_SERVING_NAMESPACE}" is managed and isolated by this definition: its default-deny blocks the Knative activator (callers connect to it on ${ACTIVATOR_PORTS.join(' and ')}, it connects to the predictors) and Knative's probes, so InferenceServices become unreachable; declare it with managed: false`);
  }

  const seen = new Set<string>();
  const inferenceServices: ResolvedInferenceService[] = [];
  (k.inferenceServices ?? []).forEach((isvc, i) => {
    const path = `kserve.inferenceServices[${i}]`;
    // `<name>-predictor-<revision>-deployment-…` must stay a valid name: KServe caps names at 45.
    x.check(`${path}.name`, isvc.name.length > 45 ? `"${isvc.name}" is longer than 45 characters (KServe derives longer names from it)` : dns1123LabelError(isvc.name));
    x.check(`${path}.namespace`, dns1123LabelError(isvc.namespace));
    const key = `${isvc.namespace}/${isvc.name}`;
    if (seen.has(key)) x.problems.add(`${path}.name`, `InferenceService "${isvc.name}" is declared twice in namespace "${isvc.namespace}"`);
    seen.add(key);
    if (isvc.serviceAccount !== undefined) x.check(`${path}.serviceAccount`, dns1123SubdomainError(isvc.serviceAccount));
    const bypass = isvc.bypassActivator ?? false;
    if (isvc.minReplicas !== undefined && (!Number.isInteger(isvc.minReplicas) || isvc.minReplicas < 0)) {
      x.problems.add(`${path}.minReplicas`, `${isvc.minReplicas} is not a replica count (0 or more)`);
    } else if (bypass && isvc.minReplicas === 0) {
      x.problems.add(`${path}.minReplicas`, 'bypassActivator needs at least 1 replica: at zero replicas Knative puts the activator back on the request path');
    }
    if (isvc.model) {
      x.check(`${path}.model.format`, isvc.model.format.length === 0 ? 'must name the model format, e.g. "sklearn"' : undefined);
      x.check(`${path}.model.storageUri`, /^[a-z][a-z0-9+.-]*:\/\/\S+$/.test(isvc.model.storageUri) ? undefined : `"${isvc.model.storageUri}" is not a storage URI such as "gs://bucket/model" or "s3://bucket/model"`);
    }

    const ns: NamespaceProps = x.ensureNamespace({ name: isvc.namespace, isolation: 'namespace', mtls: 'STRICT', sidecarInjection: true }, `${path}.namespace`);
    if (ns.managed === false) {
      x.problems.add(`${path}.namespace`, `namespace "${isvc.namespace}" is not managed (managed: false); InferenceServices need a managed namespace for their policies`);
    } else if (ns.sidecarInjection === false) {
      x.problems.add(`${path}.namespace`, `namespace "${isvc.namespace}" is declared without sidecar injection; InferenceServices in the mesh need istio-injection: enabled (sidecarInjection: true)`);
    }
    const isolated = ns.managed !== false && (ns.isolation ?? 'workload') !== 'none';
    if (isolated && !bypass) {
      x.warn(`${path}.bypassActivator`, `namespace isolation is not enforced for InferenceService "${isvc.name}": the Knative activator is on the request path and hides the caller's namespace, so any namespace can call it through the activator (knative-sandbox/net-istio#554); set bypassActivator: true to take the activator off the path`);
    }
    if (isolated && (ns.mtls ?? istio?.mtls ?? 'STRICT') !== 'STRICT') {
      x.warn(`${path}.namespace`, `namespace "${isvc.namespace}" is not STRICT: callers without mutual TLS carry no namespace, so namespace isolation holds only for meshed callers`);
    }

    const workload = `${isvc.name}-predictor`;
    const serving = [...QUEUE_PROXY_SERVING_PORTS];
    const callerRule: IngressRuleProps | undefined = (isvc.callers ?? []).length > 0 ? { from: [...(isvc.callers ?? [])], ports: serving } : undefined;
    const ingress: IngressRuleProps[] = [
      // The seed's rule 1: the InferenceService's own namespace (exactly, when the activator is off the path).
      { from: Peer.namespace(isvc.namespace), ports: serving },
      // Rule 2: the activator proxies requests, hiding who called.
      ...(bypass ? [] : [{ from: Peer.system('knative-serving'), ports: serving }]),
      // Rule 3: Knative's probes and metrics; without them revisions never become Ready.
      { from: Peer.system('knative-serving'), paths: [...KNATIVE_SYSTEM_PATHS] },
      ...(callerRule ? [callerRule] : []),
      // The Istio ingress gateway pods (knative-local-gateway) forward the calls that reach the predictor through a
      // gateway: every call to the InferenceService host while KServe's top-level virtual host exists, and the calls of
      // callers without a sidecar (the predictor's Route is an ExternalName to knative-local-gateway).
      ...(!disableIstioVirtualHost || k.localGateway || (isvc.callers ?? []).some((p) => mayLackSidecar(x, p, isvc.namespace))
        ? [{ from: Peer.system('istio-ingressgateway'), ports: serving }] : []),
    ];
    x.addWorkload({
      name: workload,
      namespace: isvc.namespace,
      // Every component of the InferenceService (predictor, transformer, explainer): all are Knative revisions.
      selector: { [ISVC_LABEL]: isvc.name },
      serviceAccount: isvc.serviceAccount ?? 'default',
      serviceName: workload,
      ports: QUEUE_PROXY_PORTS.map((p) => ({ ...p })),
      sidecar: true,
      ingress,
      egress: modelEgress(x, isvc, path),
    }, `${path}.name`, {
      // Problems of the predictor's workload name the InferenceService's fields (origins.ts).
      '': path, name: `${path}.name`, namespace: `${path}.namespace`, serviceAccount: `${path}.serviceAccount`,
      // Declared egress is copied rule for rule; derived egress comes from the storage URI.
      egress: (isvc.egress ?? []).length > 0 || !isvc.model ? { path: `${path}.egress`, mirrors: true } : `${path}.model.storageUri`,
      ...(callerRule ? {
        [`ingress[${ingress.indexOf(callerRule)}]`]: `${path}.callers`,
        [`ingress[${ingress.indexOf(callerRule)}].from`]: { path: `${path}.callers`, mirrors: true },
      } : {}),
    });
    inferenceServices.push({
      name: isvc.name, namespace: isvc.namespace, bypassActivator: bypass,
      minReplicas: isvc.minReplicas ?? (bypass ? 1 : undefined),
      serviceAccount: isvc.serviceAccount, model: isvc.model, workload,
    });
  });

  let localGateway: ResolvedKServeLocalGateway | undefined;
  if (k.localGateway) {
    const lg = k.localGateway;
    const gwNamespace = lg.namespace ?? x.rootNamespace;
    x.check('kserve.localGateway.namespace', dns1123LabelError(gwNamespace));
    const selector = lg.selector ?? INGRESS_GATEWAY_LABELS;
    for (const e of labelErrors(selector)) x.problems.add(`kserve.localGateway.selector.${e.key}`, e.message);
    const credentialName = lg.credentialName ?? KSERVE_LOCAL_GATEWAY_CREDENTIAL;
    x.check('kserve.localGateway.credentialName', dns1123SubdomainError(credentialName));
    if (lg.protocol === 'HTTP' && lg.credentialName !== undefined) {
      x.problems.add('kserve.localGateway.credentialName', 'a credential is only used with protocol "HTTPS"; remove it or set protocol: "HTTPS"');
    }
    const cd = x.clusterDomain;
    const isvcNamespaces = [...new Set(inferenceServices.map((s) => s.namespace))];
    localGateway = {
      protocol: lg.protocol ?? 'HTTPS',
      namespace: gwNamespace,
      selector,
      credentialName,
      dnsNames: [
        `${KSERVE_LOCAL_GATEWAY}.${gwNamespace}.svc`, `${KSERVE_LOCAL_GATEWAY}.${gwNamespace}.svc.${cd}`,
        // Callers address `<isvc>.<ns>.svc.<cd>`, an ExternalName to the gateway: that is the TLS server name.
        ...isvcNamespaces.flatMap((n) => [`*.${n}.svc`, `*.${n}.svc.${cd}`]),
      ],
    };
  }
  const relays = inferenceServices.map((s) => predictorRelay(s, disableIstioVirtualHost, localGateway, x.rootNamespace, x.clusterDomain));
  x.check('kserve.ingressGateway', k.ingressGateway === undefined || /^[a-z0-9-]+\/[a-z0-9-]+$/.test(k.ingressGateway) ? undefined : `"${k.ingressGateway}" must be "<namespace>/<gateway>"`);

  return {
    namespace, rootNamespace: x.rootNamespace, clusterDomain: x.clusterDomain,
    strictMeshWideMtls: strict, disableIstioVirtualHost, patchKnativeLocalGateway: patch,
    localGateway,
    ingressGateway: k.ingressGateway ?? DEFAULT_INGRESS_GATEWAY,
    ingressDomain: k.ingressDomain ?? DEFAULT_INGRESS_DOMAIN,
    ingressConfig: resolveIngressConfig(x, k.ingressConfig),
    inferenceServices,
    relays,
  };
}

/**
 * The pods a caller of a predictor connects to on its way there (seed 001; Knative Serving and net-istio docs):
 * - with the activator on the path, a caller's sidecar follows the revision's Service, whose endpoints Knative points
 *   at the activator pods in knative-serving (8012/8013); the activator proxies to the predictor;
 * - with KServe's top-level virtual host, a call to `<isvc>.<ns>.svc` is routed by the caller's sidecar to
 *   knative-local-gateway (Service port 80 → 8081 on the `istio: ingressgateway` pods in Istio's root namespace),
 *   which forwards it;
 * - a caller without a sidecar resolves the predictor's Route (an ExternalName to knative-local-gateway) or the
 *   InferenceService's name (an ExternalName to the `localGatewayService`) and connects to the gateway pods.
 * Callers' sidecars must also know the revision Services (generated names in the InferenceService's namespace) and the
 * local gateway's Service.
 */
function predictorRelay(isvc: ResolvedInferenceService, disableIstioVirtualHost: boolean, lg: ResolvedKServeLocalGateway | undefined, root: string, clusterDomain: string): Relay {
  const knativeGateway = (callers: RelayHop['callers'], description: string): RelayHop => ({
    description, namespace: root, podLabels: INGRESS_GATEWAY_LABELS, ports: [KNATIVE_LOCAL_GATEWAY_POD_PORT], callers,
  });
  const hops: RelayHop[] = [];
  if (!isvc.bypassActivator) {
    hops.push({ description: 'Knative activator', namespace: KNATIVE_SERVING_NAMESPACE, podLabels: ACTIVATOR_POD_LABELS, ports: [...ACTIVATOR_PORTS], callers: 'with-sidecar' });
  }
  hops.push(knativeGateway(disableIstioVirtualHost ? 'without-sidecar' : 'all', `${KNATIVE_LOCAL_GATEWAY} (Istio ingress gateway pods)`));
  if (lg && !disableIstioVirtualHost) {
    const ports = lg.protocol === 'HTTPS' ? KSERVE_LOCAL_GATEWAY_HTTPS : KSERVE_LOCAL_GATEWAY_HTTP;
    hops.push({ description: KSERVE_LOCAL_GATEWAY, namespace: lg.namespace, podLabels: lg.selector, ports: [ports.gatewayPort], callers: 'without-sidecar' });
  }
  return {
    namespace: isvc.namespace,
    workload: isvc.workload,
    ports: [...QUEUE_PROXY_SERVING_PORTS],
    hops,
    sidecarHosts: [
      `${isvc.namespace}/*`,
      ...(disableIstioVirtualHost ? [] : [`${root}/${KNATIVE_LOCAL_GATEWAY}.${root}.svc.${clusterDomain}`]),
    ],
  };
}

/** Whether a caller may run without a sidecar (then it reaches the predictor through a gateway). */
function mayLackSidecar(x: Expansion, peer: PeerSpec, namespace: string): boolean {
  if ('cidr' in peer) return true;
  if ('system' in peer) return false;
  if ('workload' in peer) {
    const w = x.workload(peer.namespace ?? namespace, peer.workload);
    return w?.sidecar === false || x.namespace(peer.namespace ?? namespace)?.sidecarInjection === false;
  }
  return x.namespace(peer.namespace)?.sidecarInjection === false;
}

/**
 * The predictor's egress: what the definition declares, else what the model download needs, derived from
 * `model.storageUri` (storage.ts). Warns, naming the field, when the download cannot be derived or the declared
 * egress does not open it.
 */
function modelEgress(x: Expansion, isvc: InferenceServiceProps, path: string): EgressRuleProps[] {
  const declared = [...(isvc.egress ?? [])];
  if (!isvc.model) return declared;
  const derived = storageEgress(isvc.model.storageUri);
  if (derived.kind === 'unknown') {
    if (declared.length === 0) {
      x.warn(`${path}.model.storageUri`, `the model download from "${isvc.model.storageUri}" cannot be opened: ${derived.reason}; declare the storage endpoint under ${path}.egress, or the storage initializer is blocked by the namespace's default-deny`);
    }
    return declared;
  }
  if (derived.kind === 'none') return declared;
  if (declared.length === 0) return derived.rules.map((r) => ({ ...r }));
  for (const port of derived.rules.flatMap((r) => r.ports ?? [])) {
    if (!egressCoversPort(declared, port)) {
      x.warn(`${path}.egress`, `does not open TCP ${port} to an IP block, which the model download from "${isvc.model.storageUri}" needs (${derived.description}); add it or remove egress to let it be derived`);
    }
  }
  return declared;
}

/** `<service>.<namespace>.svc.<clusterDomain>` of Knative's local gateway Service. */
export function knativeLocalGatewayHost(k: ResolvedKServe): string {
  return `${KNATIVE_LOCAL_GATEWAY}.${k.rootNamespace}.svc.${k.clusterDomain}`;
}
