import * as fs from 'fs';
import { App } from 'cdktf';
import { SecureMeshError } from '../model/errors';

/** Where `npm run bootstrap` writes the Terraform JSON (gitignored), as the cdktf CLI does. */
export const DEFAULT_BOOTSTRAP_OUTDIR = 'cdktf.out';

/**
 * Runs a cdktf app and fails like a tool, not like a crash: a bad definition or bad options print
 * their message (no stack trace), set exit code 1 and write nothing, because every check runs while
 * the stacks are built, before `synth` touches the disk. (cdktf's `App` creates its outdir as soon as
 * it is constructed; a directory created that way is removed again on failure.)
 */
export function runBootstrap(build: (app: App) => void, outdir = DEFAULT_BOOTSTRAP_OUTDIR): void {
  const outdirExisted = fs.existsSync(outdir);
  try {
    const app = new App({ outdir });
    build(app);
    app.synth();
  } catch (error) {
    if (error instanceof SecureMeshError) {
      if (!outdirExisted) fs.rmSync(outdir, { recursive: true, force: true });
      process.stderr.write(`${error.message}\n`);
      process.exitCode = 1;
      return;
    }
    throw error;
  }
}
