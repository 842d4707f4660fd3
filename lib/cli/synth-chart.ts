import * as fs from 'fs';
import * as path from 'path';
import { rulePackErrorFindings } from '../checks/pack-errors';
import { validateObjects } from '../checks/schema';
import type { SecureMeshProps } from '../model/definition';
import type { Problem } from '../model/errors';
import { synthesizeMesh, type MeshManifests } from '../mesh/synthesize';
import { findingInDefinitionTerms, violationInDefinitionTerms, type DefinitionPaths } from '../mesh/definition-findings';
import { toYaml } from '../serialize/yaml';
import { MANIFEST_SUFFIX } from './output-name';

/** What one chart synthesized to. */
export interface SynthesizedChart {
  /** The file written, relative to the output directory: `<chart>.k8s.yaml`. */
  readonly file: string;
  /** `Kind/namespace/name` of every object, in file order. */
  readonly objects: readonly { readonly kind: string; readonly namespace?: string; readonly name: string }[];
  readonly warnings: readonly Problem[];
  /**
   * The app TLS wiring written next to the manifests (`<chart>.app-tls/…`, relative to the output directory), for
   * workloads with `tls`: kustomize patches and Helm values (lib/integrations/app-tls/wiring-files.ts).
   */
  readonly wiringFiles: readonly string[];
}

/**
 * The id cdk8s gives the `SecureMesh` construct in a TypeScript app (`new SecureMesh(chart, 'mesh', props)`): its
 * validation errors are reported as `[<chart>/mesh] …`, and the CLI reports them the same way.
 */
const MESH_CONSTRUCT_ID = 'mesh';

/**
 * Writes `<outdir>/<chart>.k8s.yaml` with the same bytes a TypeScript app writes (`new App()`, a Chart with
 * `disableResourceNameHashes: true`, `new SecureMesh(chart, 'mesh', props)`, `app.synth()`), without building the
 * construct tree: `synthesizeMesh` (the construct's own pipeline), the construct's two synth-time validations in its
 * order (strict schema validation, then the rule pack with its stderr report, both lib/checks), and `toYaml`, which
 * is byte-identical to cdk8s' output for a chart holding only the mesh (lib/serialize/yaml.ts). For a 5,000-workload
 * mesh this is several times faster and smaller than cdk8s' synth (docs/performance.md).
 *
 * Validation failures throw cdk8s' error (`Validation failed with the following errors: …`, one `[<chart>/mesh]`
 * line per message) before anything is written. `synthesized` is the result of `synthesizeMesh(props)` when the
 * caller has it already (the CLI computes it while checking the definition). `paths` shows definition paths as in the
 * mesh file (`mesh.yaml:8:7: spec.workloads[1]`) in the refusals, which name the definition field of their object.
 */
export function synthChart(
  chartName: string, props: SecureMeshProps, outdir: string, synthesized?: MeshManifests, paths?: DefinitionPaths,
  options: { readonly appTlsWiring?: boolean } = {},
): SynthesizedChart {
  const manifests = synthesized ?? synthesizeMesh(props);
  const { mesh, objects, warnings, integrations } = manifests;
  // Each refusal names the definition field its object comes from (located in the mesh file when `paths` says how).
  // `manifests.origins` is read only for a refusal: it is built on first read, and a clean synth never needs it.
  const errors = [
    ...validateObjects(objects).map((v) => violationInDefinitionTerms(v, manifests.origins, paths)),
    ...rulePackErrorFindings(objects, { rootNamespace: mesh.istio ? mesh.istio.rootNamespace : undefined }).map((f) => findingInDefinitionTerms(f, manifests.origins, paths)),
  ];
  if (errors.length > 0) {
    throw new Error(`Validation failed with the following errors:\n  ${errors.map((e) => `[${chartName}/${MESH_CONSTRUCT_ID}] ${e}`).join('\n  ')}`);
  }
  const file = `${chartName}${MANIFEST_SUFFIX}`;
  fs.mkdirSync(outdir, { recursive: true });
  fs.writeFileSync(path.join(outdir, file), toYaml(objects));
  // Mesh-file users apply the app TLS wiring to their own Deployments (AppTls.bind's, as files), when they ask for it
  // (`--app-tls-wiring`): two files per workload with tls, ~1 s of file creation for 1,000 of them (docs/cli.md).
  const wiringFiles: string[] = [];
  if (options.appTlsWiring && integrations.appTls.workloads.length > 0) {
    const { appTlsWiringFiles } = require('../integrations/app-tls/wiring-files') as typeof import('../integrations/app-tls/wiring-files');
    for (const f of appTlsWiringFiles(chartName, mesh, integrations.appTls)) {
      fs.mkdirSync(path.dirname(path.join(outdir, f.path)), { recursive: true });
      fs.writeFileSync(path.join(outdir, f.path), f.text);
      wiringFiles.push(f.path);
    }
  }
  const summary = objects.map((o) => ({ kind: o.kind, name: o.metadata.name, ...(o.metadata.namespace ? { namespace: o.metadata.namespace } : {}) }));
  return { file, objects: summary, warnings, wiringFiles };
}
