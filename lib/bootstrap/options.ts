import { KSERVE_NAMESPACE } from '../integrations/kserve/wellknown';
import type { SecureMeshProps } from '../model/definition';
import { ProblemList, SecureMeshError } from '../model/errors';
import { dns1123LabelError } from '../model/names';
import type { ResolvedMesh, ResolvedPeer } from '../model/resolved';
import { SYSTEM_PEERS } from '../model/system-peers';
import {
  DEFAULT_KSERVE_DEPLOYMENT_MODE, DEFAULT_KUBECONFIG_PATH, DEFAULT_TIMEOUT_SECONDS,
  KSERVE_DEPLOYMENT_MODES,
} from './wellknown';

export type KServeDeploymentMode = (typeof KSERVE_DEPLOYMENT_MODES)[number];

/** How the helm provider reaches the cluster. */
export interface BootstrapKubernetesProps {
  /**
   * Path of the kubeconfig file.
   * @default "~/.kube/config"
   */
  readonly configPath?: string;
  /**
   * kubeconfig context to use.
   * @default - the kubeconfig's current context
   */
  readonly configContext?: string;
}

/** The KServe releases (`kserve-crd`, `kserve`). */
export interface KServeBootstrapProps {
  /**
   * Namespace of the KServe controller.
   * @default - the definition's `kserve.namespace`, else "kserve"
   */
  readonly namespace?: string;
  /**
   * Default deployment mode of InferenceServices (`kserve.controller.deploymentMode`). Knative mode
   * needs Knative Serving with net-istio, which this bootstrap does not install.
   * @default "Knative" (the chart's default, written explicitly)
   */
  readonly deploymentMode?: KServeDeploymentMode;
}

/** Choices of the bootstrap that the mesh definition does not make. */
export interface MeshBootstrapOptions {
  /**
   * Cluster access of the helm provider.
   * @default - ~/.kube/config, its current context
   */
  readonly kubernetes?: BootstrapKubernetesProps;
  /**
   * Seconds each release may take to become ready before the atomic install or upgrade rolls back.
   * @default 600
   */
  readonly timeoutSeconds?: number;
  /**
   * Start application containers only once their sidecar is ready
   * (`global.proxy.holdApplicationUntilProxyStarts`). Under default-deny egress and STRICT mTLS an
   * application that calls out at start-up fails until its proxy runs.
   * @default true
   */
  readonly holdApplicationUntilProxyStarts?: boolean;
  /**
   * Install the Istio ingress gateway (`gateway` chart) with the labels and service account that the
   * mesh's policies admit as `Peer.system('istio-ingressgateway')`.
   * @default - true when a workload admits Peer.system('istio-ingressgateway')
   */
  readonly ingressGateway?: boolean;
  /**
   * Create a cert-manager ServiceMonitor (needs the prometheus-operator CRDs). Metrics themselves
   * are always on: the certificate alerts read them.
   * @default - true when the definition's certificate alerts are on (their PrometheusRule needs the operator too)
   */
  readonly certManagerServiceMonitor?: boolean;
  /**
   * Install KServe (`kserve-crd` and `kserve`), or not.
   * @default - installed when the definition has a `kserve` section
   */
  readonly kserve?: boolean | KServeBootstrapProps;
  /**
   * Local Terraform state file, relative to `cdktf.out/stacks/<stack>` (where terraform runs).
   * @default "../../../terraform.<stack>.tfstate" (the project root, as the cdktf CLI does)
   */
  readonly statePath?: string;
}

/** The bootstrap over one mesh definition. */
export interface MeshBootstrapProps extends MeshBootstrapOptions {
  /** The same secure-mesh definition the `SecureMesh` construct (or the CLI) synthesizes. */
  readonly definition: SecureMeshProps;
}

/** Where the ingress gateway runs and how the policies recognise it. */
export interface ResolvedGateway {
  readonly namespace: string;
  readonly podLabels: Readonly<Record<string, string>>;
  readonly serviceAccount: string;
}

/** The options with every default applied and checked. */
export interface ResolvedBootstrapOptions {
  readonly kubernetes: { readonly configPath: string; readonly configContext?: string };
  readonly timeoutSeconds: number;
  readonly holdApplicationUntilProxyStarts: boolean;
  readonly ingressGateway?: ResolvedGateway;
  readonly certManagerServiceMonitor: boolean;
  readonly kserve?: { readonly namespace: string; readonly deploymentMode: KServeDeploymentMode };
}

/**
 * Applies the defaults, deriving them from the resolved mesh where it knows the answer, and checks
 * the options. Throws one `SecureMeshError` (paths start with `bootstrap.`) listing every problem.
 */
export function resolveBootstrapOptions(
  options: MeshBootstrapOptions,
  mesh: ResolvedMesh,
  definition: SecureMeshProps,
): ResolvedBootstrapOptions {
  const problems = new ProblemList();
  const timeoutSeconds = options.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS;
  if (!Number.isInteger(timeoutSeconds) || timeoutSeconds <= 0) {
    problems.add('bootstrap.timeoutSeconds', `${timeoutSeconds} is not a positive whole number of seconds`);
  }

  const gatewayPeer = admittedIngressGateway(mesh);
  const wantGateway = options.ingressGateway ?? gatewayPeer !== undefined;
  if (wantGateway && !mesh.istio) {
    problems.add('bootstrap.ingressGateway', 'the Istio ingress gateway needs Istio, but the definition has `istio: false`; remove the option or turn Istio on');
  }
  const ingressGateway = wantGateway && mesh.istio ? gatewayPeer ?? defaultGateway(mesh.istio.rootNamespace) : undefined;

  const kserveOption = options.kserve ?? (definition.kserve ? {} : false);
  let kserve: ResolvedBootstrapOptions['kserve'];
  if (kserveOption !== false) {
    const props: KServeBootstrapProps = kserveOption === true ? {} : kserveOption;
    const namespace = props.namespace ?? definition.kserve?.namespace ?? KSERVE_NAMESPACE;
    const nameError = dns1123LabelError(namespace);
    if (nameError) problems.add('bootstrap.kserve.namespace', nameError);
    const deploymentMode = props.deploymentMode ?? DEFAULT_KSERVE_DEPLOYMENT_MODE;
    if (!(KSERVE_DEPLOYMENT_MODES as readonly string[]).includes(deploymentMode)) {
      problems.add('bootstrap.kserve.deploymentMode', `"${deploymentMode}" is not a KServe deployment mode: use one of ${KSERVE_DEPLOYMENT_MODES.join(', ')}`);
    }
    kserve = { namespace, deploymentMode };
  }

  if (problems.size > 0) throw new SecureMeshError(problems.toArray(), 'Invalid secure-mesh bootstrap options');
  return {
    kubernetes: {
      configPath: options.kubernetes?.configPath ?? DEFAULT_KUBECONFIG_PATH,
      ...(options.kubernetes?.configContext !== undefined ? { configContext: options.kubernetes.configContext } : {}),
    },
    timeoutSeconds,
    holdApplicationUntilProxyStarts: options.holdApplicationUntilProxyStarts ?? true,
    ingressGateway,
    certManagerServiceMonitor: options.certManagerServiceMonitor ?? mesh.monitoring?.certificateAlerts !== undefined,
    kserve,
  };
}

/** The ingress gateway exactly as the mesh's policies admit it, if any workload admits it. */
function admittedIngressGateway(mesh: ResolvedMesh): ResolvedGateway | undefined {
  for (const workload of mesh.workloads) {
    for (const rule of workload.ingress) {
      const peer = rule.from.find((p): p is Extract<ResolvedPeer, { kind: 'system' }> => p.kind === 'system' && p.name === 'istio-ingressgateway');
      if (peer) return gatewayFrom(peer.namespace, peer.podLabels, peer.serviceAccount);
    }
  }
  return undefined;
}

function defaultGateway(rootNamespace: string): ResolvedGateway {
  const facts = SYSTEM_PEERS['istio-ingressgateway'];
  return gatewayFrom(facts.namespace === 'root' ? rootNamespace : facts.namespace, facts.podLabels, facts.serviceAccount);
}

function gatewayFrom(namespace: string, podLabels?: Readonly<Record<string, string>>, serviceAccount?: string): ResolvedGateway {
  const facts = SYSTEM_PEERS['istio-ingressgateway'];
  return {
    namespace,
    podLabels: podLabels ?? facts.podLabels ?? {},
    serviceAccount: serviceAccount ?? facts.serviceAccount ?? '',
  };
}

