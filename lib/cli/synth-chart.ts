import { App, Chart, YamlOutputType } from 'cdk8s';
import type { SecureMeshProps } from '../model/definition';
import type { Problem } from '../model/errors';
import { SecureMesh } from '../mesh/secure-mesh';

/** What one chart synthesized to. */
export interface SynthesizedChart {
  /** The file written, relative to the output directory: `<chart>.k8s.yaml`. */
  readonly file: string;
  /** `Kind/namespace/name` of every object, in file order. */
  readonly objects: readonly { readonly kind: string; readonly namespace?: string; readonly name: string }[];
  readonly warnings: readonly Problem[];
}

/**
 * Synthesizes a definition exactly as a TypeScript app would (`new App()`, a Chart with
 * `disableResourceNameHashes: true`, `new SecureMesh(chart, 'mesh', props)`, `app.synth()`), so the
 * CLI and the construct share one path and write byte-identical files. Strict schema validation runs
 * in `app.synth()` and throws cdk8s' "Validation failed" error before anything is written.
 */
export function synthChart(chartName: string, props: SecureMeshProps, outdir: string): SynthesizedChart {
  const app = new App({ outdir, yamlOutputType: YamlOutputType.FILE_PER_CHART });
  const chart = new Chart(app, chartName, { disableResourceNameHashes: true });
  // The CLI prints warnings itself (located in the mesh file, or in its JSON summary).
  const quiet = process.env.SECURE_MESH_QUIET;
  process.env.SECURE_MESH_QUIET = '1';
  let mesh: SecureMesh;
  try {
    mesh = new SecureMesh(chart, 'mesh', props);
  } finally {
    if (quiet === undefined) delete process.env.SECURE_MESH_QUIET;
    else process.env.SECURE_MESH_QUIET = quiet;
  }
  app.synth();
  const objects = mesh.apiObjects.map((o) => ({ kind: o.kind, name: o.name, ...(o.metadata.namespace ? { namespace: o.metadata.namespace } : {}) }));
  return { file: `${chartName}.k8s.yaml`, objects, warnings: mesh.warnings };
}
