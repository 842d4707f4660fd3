import { stringify } from 'yaml';

/** A Helm values document: plain JSON-like data. */
export type HelmValues = { readonly [key: string]: HelmValue };
export type HelmValue = string | number | boolean | readonly HelmValue[] | HelmValues;

/**
 * Renders values as the YAML document a release's `values` attribute takes: keys sorted, so the
 * output does not depend on how the object was built (byte-identical across runs), and one readable
 * document instead of dozens of `set` entries with escaped dotted keys.
 */
export function valuesYaml(values: HelmValues): string {
  return stringify(values, { sortMapEntries: true, lineWidth: 0 });
}
