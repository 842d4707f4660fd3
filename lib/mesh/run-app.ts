import { App, type AppProps } from 'cdk8s';
import { SecureMeshError } from '../model/errors';

/**
 * Runs a cdk8s app the way `cdk8s synth` calls it, but fails like a tool, not like a crash: a bad
 * definition or a failed validation prints its message (no stack trace) and exits 1, and nothing
 * is written.
 */
export function runApp(build: (app: App) => void, props: AppProps = {}): void {
  try {
    const app = new App(props);
    build(app);
    app.synth();
  } catch (error) {
    if (error instanceof SecureMeshError || isValidationFailure(error)) {
      process.stderr.write(`${(error as Error).message}\n`);
      process.exitCode = 1;
      return;
    }
    throw error;
  }
}

/** cdk8s' own message when `node.addValidation` checks fail (`App.validate`). */
function isValidationFailure(error: unknown): boolean {
  return error instanceof Error && error.message.startsWith('Validation failed with the following errors');
}
