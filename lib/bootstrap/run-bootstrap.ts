import { App } from 'cdktf';
import { SecureMeshError } from '../model/errors';

/** Where `npm run bootstrap` writes the Terraform JSON (gitignored), as the cdktf CLI does. */
export const DEFAULT_BOOTSTRAP_OUTDIR = 'cdktf.out';

/**
 * Runs a cdktf app and fails like a tool, not like a crash: a bad definition or bad options print
 * their message (no stack trace), set exit code 1 and write nothing, because every check runs while
 * the stacks are built, before `synth` touches the disk.
 */
export function runBootstrap(build: (app: App) => void, outdir = DEFAULT_BOOTSTRAP_OUTDIR): void {
  try {
    const app = new App({ outdir });
    build(app);
    app.synth();
  } catch (error) {
    if (error instanceof SecureMeshError) {
      process.stderr.write(`${error.message}\n`);
      process.exitCode = 1;
      return;
    }
    throw error;
  }
}
