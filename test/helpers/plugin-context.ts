/* eslint-disable @typescript-eslint/no-explicit-any */
import type { ValidationContextLike } from '../../lib/checks/cdk8s-plugin';

/** A fake of cdk8s-cli's ValidationContext that records what the plugin reports. */
export function fakeContext(manifests: string[]): ValidationContextLike & { violations: any[]; status?: string } {
  const ctx = {
    manifests,
    violations: [] as any[],
    status: undefined as string | undefined,
    report: {
      addViolation: (v: unknown) => { ctx.violations.push(v); },
      submit: (s: 'success' | 'failure') => { ctx.status = s; },
    },
    logger: { log: () => undefined },
  };
  return ctx;
}
