/**
 * The library's entry points that take arbitrary objects (the rule pack, the connectivity analysis, strict
 * validation) get them from YAML or JavaScript as often as from the emitters. A malformed object must produce
 * one clear error naming the item and field, never a TypeError from deep inside a rule.
 */
import { analyzeConnectivity, runPack, SecureMeshError, validateObjects } from '../../lib';

const gateway = { apiVersion: 'networking.istio.io/v1', kind: 'Gateway', metadata: { name: 'gw', namespace: 'a' }, spec: {} };

/** The entry points that must refuse malformed objects, each called the way a JavaScript user would. */
const entryPoints: ReadonlyArray<[string, string, (objects: unknown[]) => unknown]> = [
  ['runPack', 'Cannot run the secure-mesh rule pack', (o) => runPack(o as never)],
  ['analyzeConnectivity', 'Cannot run the connectivity analysis', (o) => analyzeConnectivity(o as never)],
];

const malformed: ReadonlyArray<[string, unknown, string]> = [
  // Every kind a rule matches on by apiVersion prefix: these threw `startsWith is not a function` before.
  ['a numeric apiVersion on a Gateway', { ...gateway, apiVersion: 1 }, 'objects[1].apiVersion: must be a string such as "v1" (got number 1)'],
  ['a numeric apiVersion on a DestinationRule', { ...gateway, kind: 'DestinationRule', apiVersion: 2 }, 'objects[1].apiVersion: must be a string such as "v1" (got number 2)'],
  ['a kind that is not a string', { ...gateway, kind: 5 }, 'objects[1].kind: must be a string such as "Service" (got number 5)'],
  ['no metadata', { apiVersion: 'v1', kind: 'Service' }, 'objects[1].metadata: must be a mapping with at least a name (got nothing)'],
  ['metadata as a string', { apiVersion: 'v1', kind: 'Service', metadata: 'svc' }, 'objects[1].metadata: must be a mapping with at least a name (got string svc)'],
  ['null', null, 'objects[1]: must be a Kubernetes object (a mapping with apiVersion, kind and metadata), got null'],
  ['a list', [gateway], 'objects[1]: must be a Kubernetes object (a mapping with apiVersion, kind and metadata), got a list'],
];

describe.each(entryPoints)('%s on malformed objects', (_name, heading, run) => {
  test.each(malformed)('%s: one SecureMeshError naming the item and field', (_case, bad, problem) => {
    let thrown: unknown;
    try {
      run([gateway, bad]);
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(SecureMeshError);
    const error = thrown as SecureMeshError;
    expect(error.message.split('\n')[0]).toBe(`${heading}: not Kubernetes objects (1 problem):`);
    expect(error.message).toContain(problem);
    expect(error.problems).toHaveLength(1);
  });

  test('lists every malformed item up to ten, then says more follow', () => {
    const objects = [gateway, ...Array.from({ length: 12 }, (_, i) => ({ ...gateway, apiVersion: i }))];
    let thrown: SecureMeshError | undefined;
    try {
      run(objects);
    } catch (e) {
      thrown = e as SecureMeshError;
    }
    expect(thrown?.problems.map((p) => p.path)).toEqual([...Array.from({ length: 10 }, (_, i) => `objects[${i + 1}].apiVersion`), '']);
    expect(thrown?.problems[10].message).toBe('more malformed objects follow; fix these first');
  });

  test('well-formed objects still run', () => {
    expect(() => run([gateway])).not.toThrow();
  });
});

describe('validateObjects on values JSON cannot write', () => {
  test('a BigInt is reported as a type violation with its value, not a TypeError from JSON.stringify', () => {
    const configMap = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', namespace: 'a' }, data: { size: 10n } };
    expect(validateObjects([configMap as never])).toEqual([
      expect.objectContaining({ object: 'ConfigMap/a/c', path: 'data.size', kind: 'type', message: 'data.size: must be string (got bigint 10n)' }),
    ]);
  });
});
