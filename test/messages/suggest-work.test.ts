/**
 * Issue 12 §6: "did you mean" does bounded work. 1,000 unknown long references against 1,000 workloads took 15 s
 * (one edit distance per reference and candidate). Counted in distance computations, not time (performance claims
 * come from benchmarks): the mock counts every call into fastest-levenshtein, whatever calls it.
 */
jest.mock('fastest-levenshtein', () => {
  const actual = jest.requireActual('fastest-levenshtein');
  return { ...actual, distance: jest.fn(actual.distance) };
});
import { distance } from 'fastest-levenshtein';
import { SecureMeshError } from '../../lib/model/errors';
import { resolveMesh } from '../../lib/model/resolve';
import { synthesizeMesh } from '../../lib/mesh/synthesize';
import { MAX_COMPARISONS_PER_CHECK, suggest } from '../../lib/model/suggest';

const counted = distance as jest.MockedFunction<typeof distance>;

/** 1,000 workloads with 60-character names, the first admitting 1,000 callers that do not exist (same length). */
function manyUnknownReferences(): object {
  const name = (prefix: string, i: number) => `${prefix}-${String(i).padStart(4, '0')}-${'x'.repeat(50)}`;
  const workloads = Array.from({ length: 1000 }, (_, i) => ({ name: name('w', i), namespace: 'shop' }));
  return {
    namespaces: [{ name: 'shop' }],
    workloads: [{ ...workloads[0], ingress: Array.from({ length: 1000 }, (_, i) => ({ from: { workload: name('z', i) } })) }, ...workloads.slice(1)],
  };
}

function problemsOf(f: () => unknown): readonly { path: string; message: string }[] {
  try {
    f();
  } catch (error) {
    if (error instanceof SecureMeshError) return error.problems;
    throw error;
  }
  return [];
}

beforeEach(() => counted.mockClear());

describe('suggestion work is bounded', () => {
  it('resolveMesh: 1,000 unknown references cost at most one check budget of distance computations', () => {
    const problems = problemsOf(() => resolveMesh(manyUnknownReferences()));
    expect(problems.filter((p) => p.message.startsWith('unknown workload'))).toHaveLength(1000);
    // Before: 1,000 × 1,000 = 1,000,000 computations of 60 × 60 characters.
    expect(counted.mock.calls.length).toBeLessThanOrEqual(MAX_COMPARISONS_PER_CHECK);
  });

  it('synthesizeMesh shares one budget between the expansion and the resolution', () => {
    problemsOf(() => synthesizeMesh(manyUnknownReferences()));
    expect(counted.mock.calls.length).toBeLessThanOrEqual(MAX_COMPARISONS_PER_CHECK);
  });

  it('never compares long words, nor candidates whose length rules them out', () => {
    expect(suggest('q'.repeat(100_000), ['q'.repeat(100_000)])).toBeUndefined();
    expect(suggest('web', ['a-much-longer-name', 'another-long-one', 'wbe'])).toBe('wbe');
    expect(counted.mock.calls.length).toBe(1);
  });

  it('still suggests the closest name for an ordinary typo', () => {
    const problems = problemsOf(() => resolveMesh({
      namespaces: [{ name: 'shop' }],
      workloads: [
        { name: 'pipeline-controller', namespace: 'shop' },
        { name: 'api', namespace: 'shop', ingress: [{ from: { workload: 'pipline-controller' } }] },
      ],
    }));
    expect(problems).toEqual([{ path: 'workloads[1].ingress[0].from.workload', message: 'unknown workload "pipline-controller" in namespace "shop" — did you mean "pipeline-controller"?' }]);
  });
});
