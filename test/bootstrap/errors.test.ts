import * as fs from 'fs';
import * as path from 'path';
import { MeshBootstrapStack, runBootstrap } from '../../lib/bootstrap';
import { SecureMeshError } from '../../lib/model/errors';
import { bootstrapStack, tempDir } from './helpers';

function problemsOf(fn: () => unknown): { path: string; message: string }[] {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(SecureMeshError);
    return [...(error as SecureMeshError).problems];
  }
  throw new Error('expected a SecureMeshError');
}

describe('bad input', () => {
  it('a bad definition raises the definition error, with the field path', () => {
    const problems = problemsOf(() => bootstrapStack({ definition: { trustDomain: 'Not A Domain' } }));
    expect(problems).toEqual([expect.objectContaining({ path: 'trustDomain' })]);
  });

  it('bad options are listed together, each under bootstrap.<field>', () => {
    const problems = problemsOf(() => bootstrapStack({
      definition: { istio: false },
      timeoutSeconds: 0,
      ingressGateway: true,
      kserve: { namespace: 'KServe', deploymentMode: 'Serverless' as never },
    }));
    expect(problems.map((p) => p.path)).toEqual([
      'bootstrap.timeoutSeconds', 'bootstrap.ingressGateway', 'bootstrap.kserve.namespace', 'bootstrap.kserve.deploymentMode',
    ]);
    expect(problems[1]!.message).toContain('istio: false');
    expect(problems[3]!.message).toContain('Knative, Standard, ModelMesh');
  });

  it('runBootstrap prints the message without a stack trace, exits 1 and writes nothing', () => {
    const outdir = path.join(tempDir(), 'cdktf.out');
    const written: string[] = [];
    const spy = jest.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
      written.push(String(chunk));
      return true;
    });
    try {
      runBootstrap((app) => {
        new MeshBootstrapStack(app, 'bad', { definition: { namespaces: [{ name: 'Shop' }] } });
      }, outdir);
      expect(process.exitCode).toBe(1);
    } finally {
      spy.mockRestore();
      process.exitCode = undefined;
    }
    expect(written.join('')).toMatch(/^Invalid secure-mesh definition \(1 problem\):\n {2}- namespaces\[0\]\.name: /);
    expect(written.join('')).not.toMatch(/\n\s+at /);
    expect(fs.existsSync(outdir)).toBe(false);
  });
});
