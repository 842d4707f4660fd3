import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Yaml } from 'cdk8s';
import { buildCharts } from '../../apps/main';
import { platformDefinition } from '../../apps/platform';
import { synthesizeMesh, type K8sObject } from '../../lib';
import { validateObjects } from '../../lib/checks/schema';
import { testApp } from '../helpers/cdk8s';

/**
 * What `npm run synth` writes, synthesized once in-process for every test of this file: the files
 * `app.synth()` wrote into `outdir`, and chart id → its objects.
 */
function synthAll(): { outdir: string; charts: Map<string, K8sObject[]> } {
  const app = testApp();
  buildCharts(app);
  app.synth();
  return { outdir: app.outdir, charts: new Map(app.charts.map((chart) => [chart.node.id, chart.toJson() as K8sObject[]])) };
}

const { outdir, charts } = synthAll();

describe('example apps (npm run synth)', () => {

  test('every chart of every app passes strict schema and CEL validation', () => {
    expect(charts.size).toBeGreaterThan(0);
    for (const [id, objects] of charts) {
      expect({ chart: id, violations: validateObjects(objects) }).toEqual({ chart: id, violations: [] });
    }
  });

  test.each([...charts.keys()])('snapshot of %s', (id) => {
    expect(Yaml.stringify(...charts.get(id)!)).toMatchSnapshot();
  });

  test('the platform chart is exactly what the definition synthesizes', () => {
    // toEqual ignores key order (cdk8s sorts keys) and undefined fields (cdk8s drops them).
    expect(charts.get('platform')).toEqual(synthesizeMesh(platformDefinition).objects);
  });

  test('the platform chart secures what its definition declares', () => {
    const objects = charts.get('platform')!;
    const names = (kind: string, ns?: string) => objects.filter((o) => o.kind === kind && o.metadata.namespace === ns).map((o) => o.metadata.name).sort();
    expect(names('AuthorizationPolicy', 'orders')).toEqual(['billing-worker', 'default-deny', 'orders']);
    expect(names('NetworkPolicy', 'orders')).toEqual(['billing-worker', 'default-deny', 'orders']);
    expect(names('Certificate', 'payments')).toEqual(['payments-tls']);
    expect(names('AuthorizationPolicy', 'models')).toEqual(['allow-same-namespace', 'sklearn-iris-predictor']);
    const predictor = objects.find((o) => o.kind === 'AuthorizationPolicy' && o.metadata.name === 'sklearn-iris-predictor') as any; // eslint-disable-line @typescript-eslint/no-explicit-any
    expect(predictor.spec.rules[0]).toEqual({ from: [{ source: { namespaces: ['knative-serving'] } }], to: [{ operation: { ports: ['8080'], paths: ['/metrics', '/healthz', '/ready', '/wait-for-drain'] } }] });
  });
});

describe('determinism', () => {
  test('the app run as its own process writes byte-identical files to a synthesis in this process', () => {
    const processDir = fs.mkdtempSync(path.join(os.tmpdir(), 'secure-mesh-synth-'));
    try {
      execFileSync(process.execPath, ['--import', 'tsx', path.join(__dirname, '../../apps/main.ts')], { env: { ...process.env, CDK8S_OUTDIR: processDir, SECURE_MESH_QUIET: '1' }, stdio: 'pipe' });
      const files = fs.readdirSync(processDir).sort();
      expect(files.length).toBeGreaterThan(0);
      expect(fs.readdirSync(outdir).sort()).toEqual(files);
      for (const f of files) expect(fs.readFileSync(path.join(outdir, f), 'utf8')).toBe(fs.readFileSync(path.join(processDir, f), 'utf8'));
    } finally {
      fs.rmSync(processDir, { recursive: true, force: true });
    }
  });
});
