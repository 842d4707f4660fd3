import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Testing, type App } from 'cdktf';
import { parse } from 'yaml';
import { MeshBootstrapStack, type MeshBootstrapProps } from '../../lib/bootstrap';

/**
 * cdktf's `Testing.app()` leaves a `/tmp/cdktf.outdir.*` behind per call; every app here gets an
 * outdir that is removed when the test file ends.
 */
const outdirs: string[] = [];
afterAll(() => {
  for (const dir of outdirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

export function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'secure-mesh-bootstrap-test-'));
  outdirs.push(dir);
  return dir;
}

export function testTfApp(): App {
  return Testing.app({ outdir: tempDir() });
}

export function bootstrapStack(props: MeshBootstrapProps, id = 'bootstrap'): MeshBootstrapStack {
  return new MeshBootstrapStack(testTfApp(), id, props);
}

/** The synthesized Terraform JSON of a stack (cdktf's testing view: no `//` metadata). */
export interface TfJson {
  readonly resource: { readonly helm_release: Readonly<Record<string, HelmReleaseJson>> };
  readonly provider: { readonly helm: readonly Record<string, unknown>[] };
  readonly terraform: Record<string, unknown>;
}

export interface HelmReleaseJson {
  readonly name: string;
  readonly namespace: string;
  readonly chart: string;
  readonly repository: string;
  readonly version: string;
  readonly values?: readonly string[];
  readonly depends_on?: readonly string[];
  readonly atomic: boolean;
  readonly cleanup_on_fail: boolean;
  readonly wait: boolean;
  readonly timeout: number;
  readonly create_namespace: boolean;
}

export function synthJson(stack: MeshBootstrapStack): TfJson {
  return JSON.parse(Testing.synth(stack)) as TfJson;
}

/** A release's `values` document, parsed back (the one place a test reads YAML it did not write). */
export function releaseValues(json: TfJson, release: string): any {
  const r = json.resource.helm_release[release];
  if (!r) throw new Error(`no helm_release "${release}" in ${Object.keys(json.resource.helm_release).join(', ')}`);
  expect(r.values).toHaveLength(1);
  return parse(r.values![0]);
}
