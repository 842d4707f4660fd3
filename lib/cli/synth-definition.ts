import type { SecureMeshProps } from '../model/definition';
import { checkedSpec, loadMeshFile, type LoadedMeshFile } from '../model/mesh-file-loader';
import { synthesizeMesh, type MeshManifests } from '../mesh/synthesize';

export interface CheckedDefinition {
  readonly loaded: LoadedMeshFile;
  readonly spec: SecureMeshProps;
  /** `synthesizeMesh(spec)`, when checking the definition computed it already. */
  readonly synthesized?: MeshManifests;
}

/**
 * A mesh file, read and fully checked like `loadDefinition` (lib/cli/inputs.ts: same problems, same positions), for
 * `synth`, which synthesizes it next. Checking synthesizes it: the definition is resolved once instead of twice (about
 * 10 % of a 5,000-workload run), and the problems of integration sections are those of the expanded definition,
 * mapped back to the fields the user wrote (lib/integrations/origins.ts), so each is located in the file.
 */
export function loadCheckedDefinition(file: string): CheckedDefinition {
  const loaded = loadMeshFile(file);
  let synthesized: MeshManifests | undefined;
  const spec = checkedSpec(loaded, (value) => {
    synthesized = synthesizeMesh(value);
    return synthesized.mesh;
  });
  return { loaded, spec, synthesized };
}
