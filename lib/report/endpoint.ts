/** A party to a connection as the analysis sees it: a workload, a namespace's other pods, an address block, anyone. */
import type { Labels } from './selectors';

export interface Endpoint {
  /** WorkloadNode id (`<ns>/<name>`), `namespace:<ns>`, `cidr:<block>` or `any`. */
  readonly id: string;
  readonly kind: 'workload' | 'namespace' | 'cidr' | 'any';
  /** Undefined for callers outside the cluster (`cidr:`, `any`): no pod or namespace selector matches them. */
  readonly namespace?: string;
  readonly labels: Labels;
  /** Effective service account (Kubernetes `default` when the objects do not say). */
  readonly serviceAccount: string;
  readonly sidecar: boolean;
  /** An Istio gateway (lib/report/gateway.ts): no sidecar, but calls with its mesh identity; AuthorizationPolicy applies. */
  readonly gateway: boolean;
  /**
   * One address of a `cidr:` endpoint's address set: the set is an atom (ip-set.ts) that every block of the objects
   * holds whole or not at all, so this address decides for all of it.
   */
  readonly ip?: string;
  /** Service name in front of the pods, for DestinationRule host lookup. */
  readonly service?: string;
  /** Named container ports (`name → number`), for NetworkPolicy named ports. */
  readonly namedPorts: Readonly<Record<string, number>>;
  /** Container ports the manifests declare. */
  readonly containerPorts: readonly number[];
}
