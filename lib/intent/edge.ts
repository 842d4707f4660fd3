import type { HttpMethod } from '../model/definition';
import type { ResolvedPeer, ResolvedWorkload } from '../model/resolved';
import type { EdgeRelay } from './relay';

/**
 * One edge of the connectivity graph: this caller may reach this workload on these container ports
 * (empty: every port) and, for HTTP, these paths and methods (empty: all). NetworkPolicies,
 * AuthorizationPolicies, PeerAuthentication exceptions and (later) Sidecar scoping are all derived
 * from the same edges, so the enforcement layers cannot drift apart.
 */
export interface Edge {
  readonly from: ResolvedPeer;
  readonly to: ResolvedWorkload;
  readonly ports: readonly number[];
  readonly paths: readonly string[];
  readonly methods: readonly HttpMethod[];
  /** The ingress rule the edge comes from, e.g. `workloads[2].ingress[0]`. */
  readonly source: string;
  /** Pods the platform puts between this caller and the workload (relay.ts): the caller's egress opens them too. */
  readonly via?: EdgeRelay;
}

/** Whether the caller of an edge can present a mesh identity (it runs a sidecar). */
export function callerHasIdentity(edge: Edge): boolean {
  return edge.from.kind !== 'cidr' && edge.from.sidecar;
}
