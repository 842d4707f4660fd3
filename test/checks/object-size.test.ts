/**
 * The size rules (SM-KA-001/002) serialize only objects whose JSON a cheap walk cannot prove small
 * (lib/checks/object-size.ts). That is exact only if the walk's count is a true lower bound of the JSON length,
 * at most six times smaller than its UTF-8 size, and stops at the same answer: checked for any JSON value,
 * escapes and multi-byte characters included.
 */
import * as fc from 'fast-check';
import { CLIENT_SIDE_APPLY_LIMIT, isBuiltInKind, jsonLengthLowerBound, objectsOver } from '../../lib/checks/object-size';
import type { K8sObject } from '../../lib/k8s-object';
import { fcParams } from '../property/runs';

const bytesOf = (value: unknown) => Buffer.byteLength(JSON.stringify(value));

describe('jsonLengthLowerBound', () => {
  test('count ≤ JSON bytes ≤ 6 × count, and stopping early answers "at least stop" exactly when the whole count does', () => {
    const text = fc.oneof(fc.string({ unit: 'grapheme' }), fc.string({ unit: 'binary' }), fc.constantFrom('"', '\\', '\n', '\u0001', 'é', '😀', '\ud800'));
    const value = fc.jsonValue({ maxDepth: 4 }).chain((v) => fc.oneof(
      fc.constant(v),
      fc.dictionary(text, fc.oneof(text, fc.double({ noNaN: true, noDefaultInfinity: true }), fc.constant(v), fc.constant(undefined)), { noNullPrototype: true }),
    ));
    fc.assert(
      fc.property(value, fc.integer({ min: 0, max: 2_000 }), (v, stop) => {
        const whole = jsonLengthLowerBound(v, 0, Infinity);
        const bytes = bytesOf(v);
        expect(whole).toBeLessThanOrEqual(bytes);
        expect(bytes).toBeLessThanOrEqual(6 * whole);
        expect(jsonLengthLowerBound(v, 0, stop) >= stop).toBe(whole >= stop);
      }),
      fcParams(200),
    );
  });
});

describe('objectsOver', () => {
  const configMap = (name: string, data: string): K8sObject => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: 'a' }, data: { d: data } });

  test('objects the walk cannot prove small are measured exactly: 45,000 control characters are 270 KB of escapes', () => {
    const escaped = configMap('escaped', '\u0001'.repeat(45_000));
    const small = configMap('small', 'x'.repeat(1_000));
    expect(objectsOver([small, escaped], CLIENT_SIDE_APPLY_LIMIT)).toEqual([{ object: escaped, bytes: bytesOf(escaped) }]);
  });

  test('objects it proves small are under the smallest limit even when every character is an escape', () => {
    const nearly = configMap('nearly', '\u0001'.repeat(43_000));
    expect(bytesOf(nearly)).toBeLessThan(CLIENT_SIDE_APPLY_LIMIT);
    expect(objectsOver([nearly], CLIENT_SIDE_APPLY_LIMIT)).toEqual([]);
  });
});

test.each([
  ['v1', true], ['apps/v1', true], ['networking.k8s.io/v1', true], ['policy/v1', true],
  ['security.istio.io/v1', false], ['cert-manager.io/v1', false], ['trust.cert-manager.io/v1alpha1', false],
])('isBuiltInKind(%s) is %s', (apiVersion, builtIn) => {
  expect(isBuiltInKind({ apiVersion, kind: 'X', metadata: { name: 'x' } })).toBe(builtIn);
});
