/**
 * The names of the objects a mesh emits for a whole namespace or the whole mesh: defined once here, used by the
 * emitters (lib/istio, lib/network, lib/pki) and reserved against the names a definition gives its own objects
 * (lib/model/reserved-names.ts). `kubectl apply` keeps one object per (group, kind, namespace, name): a workload whose
 * per-workload policy took one of these names would replace the namespace's own object (its deny-by-default, its
 * STRICT PeerAuthentication) on apply. Add a namespace-level object here, and the check covers it.
 */

/**
 * `default`: the mesh-wide PeerAuthentication in the root namespace and each namespace's PeerAuthentication,
 * DestinationRule and Sidecar. Istio applies one policy per level and users (and istioctl) expect `default`.
 */
export const DEFAULT_POLICY_NAME = 'default';

/** The namespace's deny-by-default AuthorizationPolicy (isolation `workload`) and its baseline NetworkPolicy. */
export const DENY_BY_DEFAULT_POLICY = 'default-deny';

/** The namespace's AuthorizationPolicy admitting its own workloads (isolation `namespace`). */
export const SAME_NAMESPACE_POLICY = 'allow-same-namespace';

/** One object every managed namespace may hold, named the same in each. */
export interface NamespaceObjectName {
  readonly kind: 'PeerAuthentication' | 'DestinationRule' | 'Sidecar' | 'AuthorizationPolicy' | 'NetworkPolicy';
  readonly name: string;
  /** What it is, for messages. */
  readonly role: string;
}

/** Every object a managed namespace gets under a fixed name (lib/mesh/synthesize.ts `emitObjects`, per namespace). */
export const NAMESPACE_OBJECT_NAMES: readonly NamespaceObjectName[] = [
  { kind: 'PeerAuthentication', name: DEFAULT_POLICY_NAME, role: 'its mutual TLS mode' },
  { kind: 'DestinationRule', name: DEFAULT_POLICY_NAME, role: 'the TLS its callers send' },
  { kind: 'Sidecar', name: DEFAULT_POLICY_NAME, role: 'its proxies\' egress scope' },
  { kind: 'AuthorizationPolicy', name: DENY_BY_DEFAULT_POLICY, role: 'its deny-by-default (isolation: workload)' },
  { kind: 'AuthorizationPolicy', name: SAME_NAMESPACE_POLICY, role: 'its same-namespace allow (isolation: namespace)' },
  { kind: 'NetworkPolicy', name: DENY_BY_DEFAULT_POLICY, role: 'its default-deny baseline' },
];

/** The kinds of a workload's own policies, each named after the workload (`<workload>`). */
export const WORKLOAD_OBJECT_KINDS: readonly NamespaceObjectName['kind'][] = ['PeerAuthentication', 'AuthorizationPolicy', 'DestinationRule', 'NetworkPolicy'];
