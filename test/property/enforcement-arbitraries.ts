/**
 * Random valid definitions with staged enforcement (`enforcement: audit | enforce`): the definitions of
 * `arbDefinition`, with a mesh-wide mode and a mode per managed namespace, each left out as often as set.
 */
import fc from 'fast-check';
import type { EnforcementMode, NamespaceProps, SecureMeshProps } from '../../lib/model/definition';
import { arbDefinition, MeshCase } from './arbitraries';

const arbMode = fc.option(fc.constantFrom<EnforcementMode>('audit', 'enforce'), { nil: undefined });

export const arbStagedDefinition: fc.Arbitrary<SecureMeshProps> = arbDefinition.chain((def) => {
  const namespaces = def.namespaces ?? [];
  return fc.record({ mesh: arbMode, perNamespace: fc.tuple(...namespaces.map(() => arbMode)) }).map(({ mesh, perNamespace }) => ({
    ...def,
    ...(mesh ? { enforcement: mesh } : {}),
    namespaces: namespaces.map((ns, i): NamespaceProps => (ns.managed !== false && perNamespace[i] ? { ...ns, enforcement: perNamespace[i] } : ns)),
  }));
});

export const arbStagedCase: fc.Arbitrary<MeshCase> = arbStagedDefinition.map((def) => new MeshCase(def));

/** The effective mode of a namespace, as the definition documents it: its own, else the mesh's, else `enforce`. */
export function enforcementOf(def: SecureMeshProps, namespace: string): EnforcementMode {
  return def.namespaces?.find((n) => n.name === namespace)?.enforcement ?? def.enforcement ?? 'enforce';
}

/** The definition with every namespace enforced: what the last step of a rollout must be. */
export function enforcedEverywhere(def: SecureMeshProps): SecureMeshProps {
  const { enforcement: _mesh, ...rest } = def;
  return { ...rest, namespaces: (def.namespaces ?? []).map(({ enforcement: _ns, ...ns }) => ns) };
}
