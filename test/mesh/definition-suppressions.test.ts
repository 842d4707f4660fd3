/**
 * `suppressions` in a definition (lib/mesh/definition-suppressions.ts): the mesh-file form of `SecureMesh.suppress`,
 * with the same annotation and the same reason rule, honoured by the construct and the CLI alike.
 */
import * as fs from 'fs';
import * as path from 'path';
import { Chart } from 'cdk8s';
import { SecureMesh, SecureMeshError, type SecureMeshProps } from '../../lib';
import { runPack } from '../../lib/checks/engine';
import { SUPPRESSIONS_ANNOTATION } from '../../lib/checks/wellknown';
import type { K8sObject } from '../../lib/k8s-object';
import { synthesizeMesh } from '../../lib/mesh/synthesize';
import { testApp } from '../helpers/cdk8s';
import { runCliInProcess, tempDir, REPO } from '../cli/run-cli';

const BASE: SecureMeshProps = {
  namespaces: [{ name: 'shop' }],
  workloads: [{ name: 'web', namespace: 'shop', ports: [{ name: 'http', port: 8080 }] }],
};
const REASON = 'legacy clients still call over plaintext; PLAT-123';

function problemPaths(props: SecureMeshProps): string[] {
  try {
    synthesizeMesh(props);
  } catch (error) {
    if (error instanceof SecureMeshError) return error.problems.map((p) => `${p.path}: ${p.message}`);
    throw error;
  }
  return [];
}

test('the construct writes the same annotation as SecureMesh.suppress', () => {
  const fromDefinition = new SecureMesh(new Chart(testApp(), 'a'), 'mesh', {
    ...BASE, suppressions: [{ id: 'SM-IS-009', object: 'DestinationRule/shop/default', reason: REASON }],
  });
  const fromMethod = new SecureMesh(new Chart(testApp(), 'b'), 'mesh', BASE);
  fromMethod.suppress('SM-IS-009', 'DestinationRule/shop/default', REASON);
  const json = (m: SecureMesh) => m.apiObjects.map((o) => o.toJson() as K8sObject);
  const annotated = json(fromDefinition).find((o) => o.kind === 'DestinationRule' && o.metadata.name === 'default')!;
  expect(annotated.metadata.annotations?.[SUPPRESSIONS_ANNOTATION]).toBe(`SM-IS-009: ${REASON}`);
  expect(json(fromDefinition)).toEqual(json(fromMethod));
  // Only the named object carries it.
  expect(json(fromDefinition).filter((o) => o.metadata.annotations?.[SUPPRESSIONS_ANNOTATION] !== undefined)).toHaveLength(1);
});

test('the rule pack honours a definition suppression', () => {
  const { objects } = synthesizeMesh({
    ...BASE,
    suppressions: [{ id: 'SM-KN-001', object: 'InferenceService/user1/sklearn-iris-burst', reason: REASON }],
    namespaces: [{ name: 'knative-serving', managed: false, sidecarInjection: true }],
    workloads: [],
    kserve: { inferenceServices: [{ name: 'sklearn-iris-burst', namespace: 'user1', model: { format: 'sklearn', storageUri: 'gs://b/m' } }] },
  });
  const kn = runPack(objects).filter((f) => f.ruleId === 'SM-KN-001');
  expect(kn).toHaveLength(1);
  expect(kn[0].suppressed).toBe(REASON);
});

test('an unknown object, an unknown rule and a short reason are refused at their fields', () => {
  const problems = problemPaths({
    ...BASE,
    suppressions: [
      { id: 'SM-IS-009', object: 'DestinationRule/shop/defualt', reason: REASON },
      { id: 'SM-XX-999', object: 'DestinationRule/shop/default', reason: REASON },
      { id: 'SM-IS-009', object: 'DestinationRule/shop/default', reason: ' too short ' },
    ],
  });
  expect(problems).toEqual([
    expect.stringMatching(/^suppressions\[0\]\.object: "DestinationRule\/shop\/defualt" is not an object this definition emits — did you mean "DestinationRule\/shop\/default"\?/),
    expect.stringMatching(/^suppressions\[1\]\.id: "SM-XX-999" is not a rule of secure-mesh/),
    expect.stringMatching(/^suppressions\[2\]\.reason: a suppression of SM-IS-009 needs a reason of at least 10 characters/),
  ]);
});

describe('the CLI', () => {
  let dir: string;
  beforeAll(() => { dir = tempDir('definition-suppressions'); });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('refuses a suppression of an object the file does not emit, at spec.suppressions[0].object with its line', async () => {
    fs.writeFileSync(path.join(dir, 'mesh.yaml'), [
      'apiVersion: secure-mesh.io/v1alpha1', 'kind: SecureMesh', 'metadata: { name: shop }', 'spec:',
      '  namespaces: [{ name: shop }]',
      '  workloads: [{ name: web, namespace: shop, ports: [{ name: http, port: 8080 }] }]',
      '  suppressions:',
      '    - id: SM-IS-009',
      '      object: DestinationRule/shop/nothing',
      `      reason: ${REASON}`,
      '',
    ].join('\n'));
    const result = await runCliInProcess(['synth', 'mesh.yaml', '-o', 'out'], dir);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('mesh.yaml:9:7: spec.suppressions[0].object: "DestinationRule/shop/nothing" is not an object this definition emits');
    expect(fs.existsSync(path.join(dir, 'out'))).toBe(false);
  });

  test('examples/kserve.yaml (seed 001) passes validate --fail-on warning, its two findings acknowledged in the output', async () => {
    const synth = await runCliInProcess(['synth', path.join(REPO, 'examples', 'kserve.yaml'), '-o', 'kserve-out'], dir);
    expect(synth.code).toBe(0);
    const text = fs.readFileSync(path.join(dir, 'kserve-out', 'kserve.k8s.yaml'), 'utf8');
    expect(text).toContain(`${SUPPRESSIONS_ANNOTATION}: "SM-KN-001: demonstrates the activator`);
    const validate = await runCliInProcess(['validate', 'kserve-out', '--fail-on', 'warning'], dir);
    expect(validate.stdout).toContain('0 errors, 0 warnings, 0 info (2 suppressed)');
    expect(validate.code).toBe(0);
  });
});
