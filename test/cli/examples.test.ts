import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Chart } from 'cdk8s';
import { kserveDefinition } from '../../apps/kserve';
import { mayastorDefinition } from '../../apps/mayastor';
import { modelmeshDefinition } from '../../apps/modelmesh';
import { platformDefinition } from '../../apps/platform';
import { sentinelDefinition } from '../../apps/sentinel';
import { loadMeshFile, SecureMesh, type SecureMeshProps } from '../../lib';
import { synthChart } from '../../lib/cli/synth-chart';
import { testApp } from '../helpers/cdk8s';

/**
 * Every mesh file in examples/ has a TypeScript twin in apps/: loading the file gives the same
 * definition, and the CLI's synthesis of the file is byte-identical to a cdk8s app's synthesis of
 * the TypeScript definition.
 */
const EXAMPLES: [string, SecureMeshProps][] = [
  ['platform', platformDefinition],
  ['kserve', kserveDefinition],
  ['modelmesh', modelmeshDefinition],
  ['mayastor', mayastorDefinition],
  ['sentinel', sentinelDefinition],
];

const cleanup: string[] = [];
afterAll(() => cleanup.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));

test('every example file has a TypeScript twin', () => {
  const files = fs.readdirSync(path.join(__dirname, '..', '..', 'examples')).filter((f) => f.endsWith('.yaml')).map((f) => f.replace(/\.yaml$/, '')).sort();
  expect(files).toEqual(EXAMPLES.map(([name]) => name).sort());
});

test.each(EXAMPLES)('examples/%s.yaml gives byte-identical manifests to its TypeScript definition', (name, definition) => {
  const loaded = loadMeshFile(path.join(__dirname, '..', '..', 'examples', `${name}.yaml`));
  expect(loaded.content.spec).toEqual(JSON.parse(JSON.stringify(definition)));

  const fromFile = fs.mkdtempSync(path.join(os.tmpdir(), 'secure-mesh-example-'));
  cleanup.push(fromFile);
  synthChart(name, loaded.content.spec, fromFile);
  const app = testApp();
  new SecureMesh(new Chart(app, name, { disableResourceNameHashes: true }), 'mesh', definition);
  const fromTs = app.synthYaml();
  const written = fs.readFileSync(path.join(fromFile, `${name}.k8s.yaml`), 'utf8');
  expect(written.length).toBeGreaterThan(500);
  expect(written).toBe(fromTs);
});
