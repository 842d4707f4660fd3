/**
 * Issue 14 §4, canonical order: the output depends on what the definition declares, not on the order of its lists.
 * Permuting namespaces and workloads (and integration entries) yields byte-identical YAML, from `synthesizeMesh` (the
 * CLI's synth) and from the construct (`Testing.synth`).
 */
import fc from 'fast-check';
import { Testing } from 'cdk8s';
import { SecureMesh, SecureMeshError, synthesizeMesh, type SecureMeshProps } from '../../lib';
import { loadMeshFile } from '../../lib/model/mesh-file-loader';
import { toYaml } from '../../lib/serialize/yaml';
import { testChart } from '../helpers/cdk8s';
import { arbDefinition, toYaml as definitionYaml } from './arbitraries';
import { fcParams, propertyTimeout } from './runs';

process.env.SECURE_MESH_QUIET = '1';

function output(def: SecureMeshProps): string | 'refused' {
  try {
    return toYaml(synthesizeMesh(def).objects);
  } catch (error) {
    if (error instanceof SecureMeshError) return 'refused';
    throw error;
  }
}

const shuffled = <T>(list: readonly T[] | undefined): fc.Arbitrary<T[] | undefined> =>
  list === undefined ? fc.constant(undefined) : fc.shuffledSubarray([...list], { minLength: list.length, maxLength: list.length });

describe('canonical order', () => {
  test('permuting namespaces and workloads changes no byte of the output', () => {
    const runs = 150;
    fc.assert(
      fc.property(
        arbDefinition.chain((def) => fc.tuple(fc.constant(def), shuffled(def.namespaces), shuffled(def.workloads))),
        ([def, namespaces, workloads]) => {
          const permuted: SecureMeshProps = { ...def, ...(namespaces ? { namespaces } : {}), ...(workloads ? { workloads } : {}) };
          const a = output(def);
          const b = output(permuted);
          if (a !== b) throw new Error(`output differs after permuting:\n${definitionYaml(def)}\n---\n${definitionYaml(permuted)}`);
        },
      ),
      fcParams(runs),
    );
  }, propertyTimeout(150));

  test('the examples, their lists reversed: the same bytes from the CLI pipeline and from the construct', () => {
    for (const file of ['examples/platform.yaml', 'examples/kserve.yaml', 'examples/modelmesh.yaml', 'examples/mayastor.yaml', 'examples/sentinel.yaml']) {
      const spec = loadMeshFile(file).content.spec as SecureMeshProps & Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
      const reversed: Record<string, any> = { ...spec }; // eslint-disable-line @typescript-eslint/no-explicit-any
      if (spec.namespaces) reversed.namespaces = [...spec.namespaces].reverse();
      if (spec.workloads) reversed.workloads = [...spec.workloads].reverse();
      if (spec.kserve?.inferenceServices) reversed.kserve = { ...spec.kserve, inferenceServices: [...spec.kserve.inferenceServices].reverse() };
      expect(toYaml(synthesizeMesh(reversed).objects)).toBe(toYaml(synthesizeMesh(spec).objects));
      const synth = (def: SecureMeshProps) => {
        const chart = testChart();
        new SecureMesh(chart, 'mesh', def);
        return JSON.stringify(Testing.synth(chart));
      };
      expect(synth(reversed as SecureMeshProps)).toBe(synth(spec));
    }
  });
});
