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
  /** Representative source address (`cidr:` callers): the block's first address. */
  readonly ip?: string;
  /** Service name in front of the pods, for DestinationRule host lookup. */
  readonly service?: string;
  /** Named container ports (`name → number`), for NetworkPolicy named ports. */
  readonly namedPorts: Readonly<Record<string, number>>;
  /** Container ports the manifests declare. */
  readonly containerPorts: readonly number[];
}
