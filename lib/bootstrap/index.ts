/**
 * The Helm bootstrap of the cluster's security stack (cdktf + @cdktf/provider-helm). Kept out of the
 * package root so that users of the cdk8s constructs do not need cdktf installed.
 */
export { MeshBootstrapStack } from './bootstrap-stack';
export { CHARTS, type ChartRef } from './charts';
export {
  resolveBootstrapOptions,
  type BootstrapKubernetesProps, type KServeBootstrapProps, type KServeDeploymentMode, type MeshBootstrapOptions,
  type MeshBootstrapProps, type ResolvedBootstrapOptions, type ResolvedGateway,
} from './options';
export { planReleases, RELEASES, type HelmReleaseSpec } from './release-plan';
export { DEFAULT_BOOTSTRAP_OUTDIR, runBootstrap } from './run-bootstrap';
export { valuesYaml, type HelmValue, type HelmValues } from './values-yaml';
