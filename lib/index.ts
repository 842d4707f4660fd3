/** secure-mesh: one definition in, every cert-manager, trust-manager, Istio and NetworkPolicy object out. */
export * from './model/definition';
export * from './model/mesh-file';
export { Peer } from './model/peer';
export { RootOfTrust, type SelfSignedRootOptions, type VaultRootOptions } from './model/root-of-trust';
export { TlsEnv } from './model/tls-env';
export { SecureMeshError, type Problem } from './model/errors';
export { resolveMesh } from './model/resolve';
export type * from './model/resolved';
export { buildIntentGraph, type IntentGraph } from './intent/graph';
export type { Edge } from './intent/edge';
export { synthesizeMesh, type MeshManifests } from './mesh/synthesize';
export { SecureMesh } from './mesh/secure-mesh';
export { type K8sObject, type K8sMetadata, objectRef } from './k8s-object';
export { validateObject, validateObjects, knownKind, type SchemaViolation } from './checks/schema';
export { runApp } from './mesh/run-app';
