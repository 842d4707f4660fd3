/** The integrations' public API (re-exported from the package root by `lib/index.ts`). */
export { KServeMeshSecurity, type KServeMeshSecurityProps } from './kserve/kserve-mesh-security';
export { ingressConfig, type KServeIngressConfig } from './kserve/ingress-config';
export type { ResolvedKServe, ResolvedInferenceService, ResolvedKServeLocalGateway } from './kserve/resolve';
export { ModelMeshTls, type ModelMeshTlsProps } from './modelmesh/modelmesh-tls';
export { modelMeshContainerTls, modelMeshRotationPlan, type ModelMeshContainerTls, type ModelMeshRotationStepPlan, type ModelMeshTlsFiles } from './modelmesh/container-tls';
export { rotationStepError } from './modelmesh/resolve';
export type { ResolvedModelMesh } from './modelmesh/resolve';
export { MayastorTls, type MayastorTlsProps } from './mayastor/mayastor-tls';
export { mayastorComponentTls, mayastorHelmValues, type MayastorComponentTls } from './mayastor/component-tls';
export type { ResolvedMayastor } from './mayastor/resolve';
export { AppTls } from './app-tls/app-tls';
export { AppTlsPreset } from './app-tls/preset';
export { appTlsBinding, type AppTlsBinding } from './app-tls/bind';
export type { ResolvedAppTls } from './app-tls/resolve';
export type { ResolvedIntegrations } from './integrations';
