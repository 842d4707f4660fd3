/**
 * The `yaml` package, loaded on first use.
 *
 * Why: loading it costs ~30 ms (72 modules) on every run, and `synth` of a mesh file needs none of it when the fast
 * readers read the file (js-yaml, JSON.parse: lib/model/fast-yaml.ts, fast-json.ts) and the fast serializer writes the
 * output (lib/serialize/yaml.ts). The modules that use it only on their slower paths (locating a problem in a file,
 * reading hand-written manifests, the serializer's fallback, ModelMesh's embedded YAML) call this instead of importing
 * it at load time, and import its types with `import type`.
 */
let loaded: typeof import('yaml') | undefined;

export function yamlPackage(): typeof import('yaml') {
  return (loaded ??= require('yaml') as typeof import('yaml'));
}
