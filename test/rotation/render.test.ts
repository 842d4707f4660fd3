import { parse } from 'yaml';
import { renderRotationPlan, rotationPlan } from '../../lib/rotation';
import { SecureMeshError } from '../../lib/model/errors';

const MESH = { name: 'm', namespaces: [{ name: 'apps' }], workloads: [{ name: 'api', namespace: 'apps', tls: {} }] };

test('text names each step, its description and its manifests; JSON and YAML carry the same steps', () => {
  const steps = rotationPlan('ca', MESH);
  const text = renderRotationPlan(steps, 'text');
  expect(text).toMatch(/^Step 1: Trust both roots\n/);
  expect(text).toContain('Step 3: Drop the old root');
  expect(text).toContain('    Certificate/cert-manager/m-root-ca-b');
  expect(JSON.parse(renderRotationPlan(steps, 'json'))).toEqual(JSON.parse(JSON.stringify(steps)));
  expect(parse(renderRotationPlan(steps, 'yaml'))).toEqual(JSON.parse(JSON.stringify(steps)));
  // Deterministic.
  expect(renderRotationPlan(rotationPlan('ca', MESH), 'yaml')).toBe(renderRotationPlan(steps, 'yaml'));
});

test('bad input: one SecureMeshError naming the field', () => {
  expect(() => rotationPlan('modelmesh', MESH)).toThrow(/modelmesh: the definition has no modelmesh section/);
  expect(() => rotationPlan('ca', { ...MESH, pki: { rotation: { phase: 'drop-old', newRoot: { type: 'selfSigned', commonName: 'x' } } } }))
    .toThrow(/pki\.rotation: a rotation is already in progress/);
  expect(() => rotationPlan('ca', { ...MESH, pki: { root: { type: 'secret', secretName: 'ca' } } })).toThrow(SecureMeshError);
  expect(() => rotationPlan('ca', MESH, { newRoot: { type: 'selfSigned', commonName: 'm root CA' } })).toThrow(/pki\.rotation\.newRoot\.commonName/);
});
