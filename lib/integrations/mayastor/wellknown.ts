/**
 * Mayastor (openebs/mayastor-extensions chart, control-plane flags) facts; reference notes
 * "certmanager-cdk8s-style.md" §C1 (components, ports, host network) and §C2 (TLS flags), seed OEP 3855.
 */

export const DEFAULT_RELEASE = 'mayastor';
export const DEFAULT_NAMESPACE = 'mayastor';
export const DEFAULT_CA_DURATION = '175200h';

/** Where each component mounts its certificate Secret (`--tls-ca-file=/etc/tls/ca.crt`, §C2). */
export const TLS_MOUNT_PATH = '/etc/tls';
export const TLS_VOLUME = 'tls';

/**
 * How each component picks up a renewed certificate: the REST API re-reads its files ("renewals apply
 * without a restart", control-plane `rest/service/src/main.rs`); the others are restarted by Stakater
 * Reloader. `secure-mesh.io/reload: hot` records the first on the pod template for reviewers and checks.
 */
export const HOT_RELOAD_ANNOTATION = 'secure-mesh.io/reload';

/**
 * The components that get a certificate. `hostNetwork` components cannot run an Istio sidecar and are
 * out of reach of most NetworkPolicy implementations; they still get certificates.
 */
export interface MayastorComponent {
  /** Suffix after `<release>-`: the Service / workload name. */
  readonly id: 'api-rest' | 'agent-core' | 'io-engine' | 'etcd' | 'etcd-peer';
  /** Workload name suffix (several certificates may belong to one workload). */
  readonly workload: 'api-rest' | 'agent-core' | 'io-engine' | 'etcd';
  readonly ports: readonly { readonly name: string; readonly port: number }[];
  readonly hostNetwork: boolean;
  /** Pod labels (chart `app` label). */
  readonly app: string;
  /** Container arguments that point the component at its files, where the flags are documented (§C2). */
  readonly args: readonly string[];
  /** Whether the component re-reads renewed files itself. */
  readonly hotReload: boolean;
}

/** agent-core's gRPC ports (core agent 50051, HA cluster agent 50052), which the node agents call. */
export const AGENT_CORE_PORTS = [50051, 50052] as const;

export const COMPONENTS: readonly MayastorComponent[] = [
  {
    id: 'api-rest', workload: 'api-rest', app: 'api-rest', hostNetwork: false,
    ports: [{ name: 'https', port: 8080 }, { name: 'http', port: 8081 }],
    args: ['--tls-cert-file=/etc/tls/tls.crt', '--tls-key-file=/etc/tls/tls.key'],
    hotReload: true,
  },
  {
    id: 'agent-core', workload: 'agent-core', app: 'agent-core', hostNetwork: false,
    ports: [{ name: 'grpc', port: AGENT_CORE_PORTS[0] }, { name: 'grpc-ha', port: AGENT_CORE_PORTS[1] }],
    args: ['--grpc-tls-cert-file=/etc/tls/tls.crt', '--grpc-tls-key-file=/etc/tls/tls.key', '--grpc-tls-ca-file=/etc/tls/ca.crt'],
    hotReload: false,
  },
  {
    id: 'io-engine', workload: 'io-engine', app: 'io-engine', hostNetwork: true,
    ports: [{ name: 'grpc', port: 10124 }],
    args: [],
    hotReload: false,
  },
  {
    id: 'etcd', workload: 'etcd', app: 'etcd', hostNetwork: false,
    ports: [{ name: 'tcp-client', port: 2379 }, { name: 'tcp-peer', port: 2380 }],
    args: [],
    hotReload: false,
  },
  {
    id: 'etcd-peer', workload: 'etcd', app: 'etcd', hostNetwork: false,
    ports: [{ name: 'tcp-client', port: 2379 }, { name: 'tcp-peer', port: 2380 }],
    args: [],
    hotReload: false,
  },
];

/** The chart's switch (`.Values.base.tls.enabled` in the proposal's templates). */
export const TLS_VALUES_PATH = 'base.tls.enabled';
/** bitnami etcd chart values for TLS (etcd subchart 8.6.0; §C1). Files are cert-manager's keys. */
export const ETCD_CERT_FILENAME = 'tls.crt';
export const ETCD_KEY_FILENAME = 'tls.key';
export const ETCD_CA_FILENAME = 'ca.crt';
/** Headless Service of the etcd StatefulSet (bitnami `<fullname>-headless`): peers' DNS names. */
export const ETCD_HEADLESS_SUFFIX = 'etcd-headless';
