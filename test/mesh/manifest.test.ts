import { buildCharts } from '../../apps/main';
import { meshFile } from '../../bench/generate';
import type { K8sObject } from '../../lib/k8s-object';
import { PLAIN_JSON_KINDS } from '../../lib/mesh/metadata';
import { synthesizeMesh } from '../../lib/mesh/synthesize';
import { toYaml } from '../../lib/serialize/yaml';
import { testApp } from '../helpers/cdk8s';

/** Objects emitted with the generated `toJson_*` code for every kind (the fast copy switched off). */
function withGeneratedCode<T>(f: () => T): T {
  const kinds = [...PLAIN_JSON_KINDS];
  PLAIN_JSON_KINDS.clear();
  try {
    return f();
  } finally {
    for (const k of kinds) PLAIN_JSON_KINDS.add(k);
  }
}

function objectsOfApps(): K8sObject[][] {
  const app = testApp();
  buildCharts(app);
  return app.charts.map((chart) => chart.toJson() as K8sObject[]);
}

describe('manifest(): plain JSON copy for NetworkPolicy and AuthorizationPolicy', () => {
  test('the kinds copied directly are the hot ones', () => {
    expect([...PLAIN_JSON_KINDS].sort()).toEqual(['AuthorizationPolicy', 'NetworkPolicy']);
  });

  test('a generated mesh: the same objects (strictly equal, undefined members included) and the same YAML', () => {
    const definition = meshFile({ workloads: 60, namespaces: 8 }).spec;
    const fast = synthesizeMesh(definition).objects;
    const generated = withGeneratedCode(() => synthesizeMesh(definition).objects);
    expect(fast.filter((o) => PLAIN_JSON_KINDS.has(o.kind)).length).toBeGreaterThan(60);
    expect(fast).toStrictEqual(generated);
    expect(toYaml(fast)).toBe(toYaml(generated));
  });

  test('the example apps (integrations included): the same objects', () => {
    const fast = objectsOfApps();
    const generated = withGeneratedCode(objectsOfApps);
    expect(fast).toStrictEqual(generated);
  });
});
