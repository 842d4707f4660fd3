/**
 * An independent reachability evaluator: reads only emitted Kubernetes objects and decides whether a
 * caller pod can reach a destination pod, following documented Kubernetes and Istio semantics.
 */
export type { Pod, Namespace, Request, Cluster, Verdict, Layer, LayerResult, MtlsMode, ClientTlsMode, Peer } from './types';
export { evaluate } from './evaluate';
export { networkAllows, policyTypes, isolatingPolicies, peerMatches, portMatches } from './network-policy';
export { effectiveMtlsMode, explainMtlsMode, peerAuthenticationLevels } from './peer-authentication';
export { clientTls, explainClientTls, findDestinationRule, serviceHost, serviceName } from './client-tls';
export { mtlsLayer, principalOf } from './mtls';
export { sidecarFor, sidecarImports, hostEntryMatches } from './sidecar-scope';
export { authorizationAllows, applicablePolicies } from './authorization-policy';
export { labelSelectorMatches, namespaceLabels } from './label-selector';
export { istioStringMatch, pathMatch } from './string-match';
export { ipInCidr } from './ip';
