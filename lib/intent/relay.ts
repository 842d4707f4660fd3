/**
 * Pods the platform puts between a caller and a workload: a caller of the workload connects to them, not (only) to
 * the workload's pods, so its egress must open them too. Knative's activator and local gateway are the example: a
 * meshed caller of an InferenceService connects to the activator pods in `knative-serving` (Knative points the
 * revision's Service at them) and, through KServe's top-level virtual host, to the gateway pods in `istio-system`.
 * Integrations declare relays (their facts, with sources, live in the integration); the intent graph attaches them to
 * the edges they apply to, and the emitters open them on the caller's side, NetworkPolicy and Sidecar alike.
 */
export interface RelayHop {
  /** What the hop is, for comments and docs: `Knative activator`. */
  readonly description: string;
  readonly namespace: string;
  /** Labels of the hop's pods (a NetworkPolicy peer needs pods, not a Service). */
  readonly podLabels: Readonly<Record<string, string>>;
  /** Container ports of the hop's pods that callers connect to (NetworkPolicy sees pod ports, not Service ports). */
  readonly ports: readonly number[];
  /**
   * Which callers take the hop: those with a sidecar follow the mesh's routes (VirtualServices, the revision's
   * endpoints), those without follow DNS (ExternalName Services point at a gateway).
   */
  readonly callers: 'with-sidecar' | 'without-sidecar' | 'all';
}

export interface Relay {
  /** The workload reached through the hops. */
  readonly namespace: string;
  readonly workload: string;
  /** Container ports of the workload whose callers go through the hops (empty: every port). */
  readonly ports: readonly number[];
  readonly hops: readonly RelayHop[];
  /**
   * Hosts (`<namespace>/<dnsName>`, Sidecar `egress.hosts` syntax) a caller's proxy must know to route there, besides
   * the workload's own Service: routes go through Services whose names the definition does not know (Knative's
   * revision Services) and through the hops' Services.
   */
  readonly sidecarHosts: readonly string[];
}

/** What one edge of the graph goes through: the hops its caller takes and the hosts its proxy must know. */
export interface EdgeRelay {
  readonly hops: readonly RelayHop[];
  readonly sidecarHosts: readonly string[];
}
