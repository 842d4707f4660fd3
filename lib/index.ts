/** secure-mesh: one definition in, every cert-manager, trust-manager, Istio and NetworkPolicy object out. */

// The definition (plain data) and its factories.
export * from './model/definition';
export * from './model/mesh-file';
export { Peer } from './model/peer';
export { RootOfTrust, type SelfSignedRootOptions, type VaultRootOptions } from './model/root-of-trust';
export { TlsEnv } from './model/tls-env';
export { SecureMeshError, type Problem } from './model/errors';
export { resolveMesh } from './model/resolve';
export type * from './model/resolved';
export { loadMeshFile, parseMeshFile, formatLocatedProblem, MeshFileReadError, MeshFileProblemsError, type LoadedMeshFile, type LocatedProblem, type FilePosition } from './model/mesh-file-loader';

// The pipeline and the construct.
export { buildIntentGraph, type IntentGraph } from './intent/graph';
export type { Relay, RelayHop, EdgeRelay } from './intent/relay';
export type { Edge } from './intent/edge';
export { synthesizeMesh, type MeshManifests } from './mesh/synthesize';
export { SecureMesh } from './mesh/secure-mesh';
export type { BindOptions } from './mesh/bind-workload';
export { runApp } from './mesh/run-app';
export { type K8sObject, type K8sMetadata, objectRef } from './k8s-object';

// The integrations: KServe, ModelMesh, Mayastor, app-level mutual TLS.
export * from './integrations';

// Checks: strict schema validation, the rule pack, suppressions, the cdk8s validation plugin.
export { validateObject, validateObjects, knownKind, type SchemaViolation } from './checks/schema';
export { runPack } from './checks/engine';
export { RULES, allRuleMeta } from './checks/pack';
export type { Rule, RuleMeta, Severity, PackOptions } from './checks/rule';
export type { Finding } from './checks/finding';
export { Suppressions, type Suppression } from './checks/suppressions';
export { validateManifestPaths } from './checks/validate-command';
export { SecureMeshValidation, type SecureMeshValidationProps } from './checks/cdk8s-plugin';

// Connectivity review and rotation plans.
export * from './report';
export { rotationPlan, renderRotationPlan, type RotationKind, type RotationPlanOptions, type RotationStep } from './rotation';
export { rolloutPlan, renderRolloutPlan, type RolloutPlanOptions, type RolloutStep, type RolloutChanges } from './rollout';

// Local certificates (@peculiar/x509) and the Helm bootstrap (cdktf) have their own entry points,
// `secure-mesh/devcerts` and `secure-mesh/bootstrap`, so importing the library stays light.
