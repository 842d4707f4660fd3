import type { SecureMeshProps } from '../model/definition';
import { checkedSpec, loadMeshFile, type LoadedMeshFile } from '../model/mesh-file-loader';
import { resolveMesh } from '../model/resolve';
import { synthesizeMesh, type MeshManifests } from '../mesh/synthesize';

/** The integration sections `synthesizeMesh` expands into namespaces and workloads (lib/integrations). */
const INTEGRATION_SECTIONS = ['kserve', 'modelmesh', 'mayastor', 'appTls'] as const;

export interface CheckedDefinition {
  readonly loaded: LoadedMeshFile;
  readonly spec: SecureMeshProps;
  /** `synthesizeMesh(spec)`, when checking the definition computed it already. */
  readonly synthesized?: MeshManifests;
}

/**
 * A mesh file, read and fully checked like `loadDefinition` (lib/cli/inputs.ts: same problems, same positions), for
 * `synth`, which synthesizes it next. Without integration sections, synthesizing resolves exactly the definition
 * that checking resolves (the expansion is the identity), so the check *is* the synthesis and the definition is
 * resolved once instead of twice (about 10 % of a 5,000-workload run). With integration sections the definition
 * is checked as written first, as before, so its problems keep their positions in the file, then synthesized within
 * the check, so the integration sections' problems are located as well.
 */
export function loadCheckedDefinition(file: string): CheckedDefinition {
  const loaded = loadMeshFile(file);
  let synthesized: MeshManifests | undefined;
  const spec = checkedSpec(loaded, (value) => {
    // As written first, so the definition's own problems keep their positions; then expanded, so the problems of the
    // integration sections (`mayastor.caDuration`, `kserve.inferenceServices[0].name`) are located in the file too
    // instead of surfacing unlocated from `synth` later.
    if (!expandsToItself(value)) resolveMesh(value);
    synthesized = synthesizeMesh(value);
    return synthesized.mesh;
  });
  return { loaded, spec, synthesized };
}

/** Whether `expandIntegrations` returns this definition unchanged: lists present, no integration section. */
function expandsToItself(value: unknown): boolean {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const record = value as Record<string, unknown>;
  return Array.isArray(record.namespaces) && Array.isArray(record.workloads) && INTEGRATION_SECTIONS.every((k) => record[k] === undefined);
}
