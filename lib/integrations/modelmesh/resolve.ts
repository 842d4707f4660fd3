import type { EgressRuleProps, IngressRuleProps } from '../../model/definition';
import { cidrError, dns1123LabelError, dns1123SubdomainError } from '../../model/names';
import { Peer } from '../../model/peer';
import type { Expansion } from '../expansion';
import type { ModelMeshClientAuth, ModelMeshProps, ModelMeshRotationStep } from './definition';
import {
  ANY_IPV4, CONTROLLER_LABELS, CONTROLLER_NAMESPACE, CONTROLLER_SERVICE_ACCOUNT, CONTROLLER_WORKLOAD, DEFAULT_SECRET_NAME, ETCD_PORT, INFERENCE_PORT,
  KUBERNETES_API_PORT, LITELINKS_PORT, METRICS_PORT, REST_PROXY_PORT, RUNTIME_GRPC_PORT, RUNTIME_LABELS, RUNTIME_SERVICE_ACCOUNT, RUNTIME_WORKLOAD,
  WEBHOOK_PORT,
} from './wellknown';

export interface ResolvedModelMesh {
  readonly controllerNamespace: string;
  readonly runtimeNamespaces: readonly string[];
  /** Every namespace that needs the TLS Secret: the controller's and the runtimes'. */
  readonly secretNamespaces: readonly string[];
  readonly clusterDomain: string;
  readonly secretName: string;
  readonly clientAuth: ModelMeshClientAuth;
  readonly rotation?: ResolvedModelMeshRotation;
}

export interface ResolvedModelMeshRotation {
  readonly step: ModelMeshRotationStep;
  readonly currentStep: 0 | ModelMeshRotationStep;
  readonly newSecretName: string;
  readonly newIssuer?: string;
}

/**
 * Checks the `modelmesh` section and adds the controller and runtime workloads with the traffic of
 * ModelMesh Serving's security guide: runtimes accept the controller on 8033 and 8001 and each other
 * on 8033 and 8080 (LiteLinks), clients on 8033 and 8008; runtimes reach etcd and model storage, the
 * controller etcd (and the API server when its block is given).
 */
export function expandModelMesh(x: Expansion, m: ModelMeshProps): ResolvedModelMesh {
  const controllerNamespace = m.controllerNamespace ?? CONTROLLER_NAMESPACE;
  x.check('modelmesh.controllerNamespace', dns1123LabelError(controllerNamespace));
  const runtimeNamespaces = [...new Set(m.runtimeNamespaces ?? [controllerNamespace])];
  (m.runtimeNamespaces ?? []).forEach((n, i) => x.check(`modelmesh.runtimeNamespaces[${i}]`, dns1123LabelError(n)));
  const tls = m.tls ?? {};
  const secretName = tls.secretName ?? DEFAULT_SECRET_NAME;
  x.check('modelmesh.tls.secretName', dns1123SubdomainError(secretName));
  const clientAuth = tls.clientAuth ?? 'require';

  let rotation: ResolvedModelMeshRotation | undefined;
  if (tls.rotation) {
    const r = tls.rotation;
    const message = rotationStepError(r.currentStep, r.step);
    if (message) x.problems.add('modelmesh.tls.rotation.step', message);
    const newSecretName = r.newSecretName ?? `${secretName}-next`;
    x.check('modelmesh.tls.rotation.newSecretName', newSecretName === secretName ? 'must differ from tls.secretName: both key pairs are mounted during the rotation' : dns1123SubdomainError(newSecretName));
    if (r.newIssuer !== undefined) x.check('modelmesh.tls.rotation.newIssuer', dns1123SubdomainError(r.newIssuer));
    rotation = { step: r.step, currentStep: r.currentStep, newSecretName, newIssuer: r.newIssuer };
  }

  const etcdPort = m.etcd.port ?? ETCD_PORT;
  if (!Number.isInteger(etcdPort) || etcdPort < 1 || etcdPort > 65535) x.problems.add('modelmesh.etcd.port', `${etcdPort} is not a port number (1-65535)`);
  if (m.etcd.cidrs.length === 0) x.problems.add('modelmesh.etcd.cidrs', 'must list the etcd endpoints (runtimes and the controller coordinate through etcd)');
  m.etcd.cidrs.forEach((c, i) => x.check(`modelmesh.etcd.cidrs[${i}]`, cidrError(c)));
  (m.storage ?? []).forEach((s, i) => x.check(`modelmesh.storage[${i}].cidr`, cidrError(s.cidr)));
  if (m.kubernetesApiCidr !== undefined) x.check('modelmesh.kubernetesApiCidr', cidrError(m.kubernetesApiCidr));
  const etcdEgress: EgressRuleProps[] = m.etcd.cidrs.map((cidr) => ({ to: Peer.cidr(cidr), ports: [etcdPort] }));

  // ModelMesh terminates TLS itself on ports Istio would see as gRPC/HTTP: keep its namespaces out of the sidecar mesh.
  for (const [i, ns] of [controllerNamespace, ...runtimeNamespaces].entries()) {
    const declared = x.ensureNamespace({ name: ns, sidecarInjection: false }, i === 0 ? 'modelmesh.controllerNamespace' : `modelmesh.runtimeNamespaces[${i - 1}]`);
    if (declared.managed === false) {
      x.problems.add(i === 0 ? 'modelmesh.controllerNamespace' : `modelmesh.runtimeNamespaces[${i - 1}]`, `namespace "${ns}" is not managed (managed: false); ModelMesh needs a managed namespace for its policies`);
    } else if (x.istio && declared.sidecarInjection !== false) {
      x.warn(i === 0 ? 'modelmesh.controllerNamespace' : `modelmesh.runtimeNamespaces[${i - 1}]`, `namespace "${ns}" runs Istio sidecars while ModelMesh terminates TLS itself: sidecars see TLS bytes on ports declared gRPC/HTTP and calls likely fail; declare it with sidecarInjection: false`);
    }
  }

  x.addWorkload({
    name: CONTROLLER_WORKLOAD,
    namespace: controllerNamespace,
    selector: { ...CONTROLLER_LABELS },
    serviceAccount: CONTROLLER_SERVICE_ACCOUNT,
    ports: [{ name: 'https-webhook', port: WEBHOOK_PORT, protocol: 'HTTPS' }],
    // The API server calls the ServingRuntime webhook (failurePolicy: Fail) from an address no selector names.
    ingress: [{ from: Peer.cidr(ANY_IPV4), ports: [WEBHOOK_PORT] }],
    egress: [
      ...etcdEgress,
      ...(m.kubernetesApiCidr ? [{ to: Peer.cidr(m.kubernetesApiCidr), ports: [KUBERNETES_API_PORT, 6443] }] : []),
    ],
  }, 'modelmesh.controllerNamespace');
  if (m.kubernetesApiCidr === undefined) {
    x.warn('modelmesh.kubernetesApiCidr', `the controller's calls to the Kubernetes API server are not opened in namespace "${controllerNamespace}"; set kubernetesApiCidr to the API server's address block`);
  }

  runtimeNamespaces.forEach((ns, i) => {
    const clientRule: IngressRuleProps | undefined = (m.clients ?? []).length > 0 ? { from: [...(m.clients ?? [])], ports: [INFERENCE_PORT, REST_PROXY_PORT] } : undefined;
    const ingress: IngressRuleProps[] = [
      { from: Peer.workload(CONTROLLER_WORKLOAD, controllerNamespace), ports: [INFERENCE_PORT, RUNTIME_GRPC_PORT] },
      { from: Peer.workload(RUNTIME_WORKLOAD, ns), ports: [INFERENCE_PORT, LITELINKS_PORT] },
      ...(clientRule ? [clientRule] : []),
    ];
    x.addWorkload({
      name: RUNTIME_WORKLOAD,
      namespace: ns,
      selector: { ...RUNTIME_LABELS },
      serviceAccount: RUNTIME_SERVICE_ACCOUNT,
      ports: [
        { name: 'grpc', port: INFERENCE_PORT, protocol: 'TLS' },
        { name: 'grpc-runtime', port: RUNTIME_GRPC_PORT, protocol: 'GRPC' },
        { name: 'tcp-litelinks', port: LITELINKS_PORT, protocol: 'TLS' },
        { name: 'http', port: REST_PROXY_PORT, protocol: 'HTTPS' },
        { name: 'prometheus', port: METRICS_PORT, protocol: 'HTTPS' },
      ],
      ingress,
      egress: [...etcdEgress, ...(m.storage ?? []).map((s) => ({ to: Peer.cidr(s.cidr), ...(s.ports ? { ports: [...s.ports] } : {}) }))],
    }, `modelmesh.runtimeNamespaces`, {
      '': m.runtimeNamespaces ? `modelmesh.runtimeNamespaces[${i}]` : 'modelmesh.controllerNamespace',
      ...(clientRule ? {
        [`ingress[${ingress.indexOf(clientRule)}]`]: 'modelmesh.clients',
        [`ingress[${ingress.indexOf(clientRule)}].from`]: { path: 'modelmesh.clients', mirrors: true },
      } : {}),
    });
  });

  return {
    controllerNamespace, runtimeNamespaces,
    secretNamespaces: [...new Set([controllerNamespace, ...runtimeNamespaces])],
    clusterDomain: x.clusterDomain, secretName, clientAuth, rotation,
  };
}

/** Why going from the current rotation step to the requested one is refused, if it is. */
export function rotationStepError(currentStep: number, step: number): string | undefined {
  if (step === currentStep || step === currentStep + 1) return undefined;
  if (step > currentStep) {
    return `cannot go from step ${currentStep} to step ${step}: apply step ${currentStep + 1} first (during each rolling update, old and new pods must trust each other's certificates)`;
  }
  return `step ${step} is behind the current step ${currentStep}; a rotation only moves forward one step at a time`;
}
