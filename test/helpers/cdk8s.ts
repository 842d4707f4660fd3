import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Chart, Testing } from 'cdk8s';

/**
 * cdk8s' `Testing.app()` leaves a temp directory behind per call; these helpers give every app an
 * outdir that is removed when the test file ends.
 */
const outdirs: string[] = [];
afterAll(() => {
  for (const dir of outdirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

export function testApp(): App {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'secure-mesh-test-'));
  outdirs.push(outdir);
  return Testing.app({ outdir });
}

export function testChart(id = 'test'): Chart {
  return new Chart(testApp(), id, { disableResourceNameHashes: true });
}
