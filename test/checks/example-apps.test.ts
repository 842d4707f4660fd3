import { buildCharts } from '../../apps/main';
import { runPack } from '../../lib/checks/engine';
import type { K8sObject } from '../../lib/k8s-object';
import { testApp } from '../helpers/cdk8s';

/** Every chart `npm run synth` writes, checked by the whole pack as one deployable file each (as in synthesis). */
function findingsPerChart(): Map<string, ReturnType<typeof runPack>> {
  const app = testApp();
  buildCharts(app);
  return new Map(app.charts.map((chart) => [chart.node.id, runPack(chart.toJson() as K8sObject[])]));
}

describe('the pack on the example apps (apps/main.ts buildCharts)', () => {
  const quiet = process.env.SECURE_MESH_QUIET;
  let charts: Map<string, ReturnType<typeof runPack>>;
  beforeAll(() => {
    process.env.SECURE_MESH_QUIET = '1';
    charts = findingsPerChart();
  });
  afterAll(() => { if (quiet === undefined) delete process.env.SECURE_MESH_QUIET; else process.env.SECURE_MESH_QUIET = quiet; });

  it('raises no error in any chart', () => {
    expect(charts.size).toBeGreaterThan(0);
    for (const [id, findings] of charts) expect({ chart: id, errors: findings.filter((f) => f.severity === 'error') }).toEqual({ chart: id, errors: [] });
  });

  it('warns exactly where the KServe app keeps the activator and the top-level virtual host on purpose, and those are acknowledged', () => {
    const kserve = charts.get('kserve')!.filter((f) => f.severity === 'warning');
    expect(kserve.map((f) => `${f.ruleId} ${f.object}`).sort()).toEqual([
      'SM-KN-001 InferenceService/user1/sklearn-iris-burst',
      'SM-KS-005 ConfigMap/kserve/inferenceservice-config',
    ]);
    // The definition's `suppressions` acknowledge both, so `validate --fail-on warning` passes on the example.
    expect(kserve.every((f) => typeof f.suppressed === 'string' && f.suppressed.length >= 10)).toBe(true);
  });
});
