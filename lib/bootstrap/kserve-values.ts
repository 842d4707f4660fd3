import type { ResolvedBootstrapOptions } from './options';
import type { HelmValues } from './values-yaml';

/**
 * KServe `kserve` chart values (v0.20.0, `charts/kserve-resources/values.yaml`, everything under
 * `kserve:`): the default deployment mode, written explicitly because v0.20 renamed the modes.
 */
export function kserveValues(kserve: NonNullable<ResolvedBootstrapOptions['kserve']>): HelmValues {
  return { kserve: { controller: { deploymentMode: kserve.deploymentMode } } };
}
