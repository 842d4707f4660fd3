import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { validateManifestPaths } from '../../lib/checks/validate-command';

/**
 * Broken manifests whose rule is a warning: they pass a default (`--fail-on error`) run, so they can't live in
 * corpus/broken; with `--fail-on warning` they exit 1 and name their rule.
 */
const DIR = path.join(__dirname, 'corpus', 'warnings');

function expected(file: string): string {
  return /# expect: (\S+)/.exec(readFileSync(file, 'utf8'))![1];
}

describe('corpus of warnings', () => {
  it.each(readdirSync(DIR).sort())('warnings/%s fails only with --fail-on warning, naming its rule', async (name) => {
    const file = path.join(DIR, name);
    const atError = await validateManifestPaths([file], { format: 'json', failOn: 'error', color: false });
    expect(atError.exitCode).toBe(0);
    const atWarning = await validateManifestPaths([file], { format: 'json', failOn: 'warning', color: false });
    expect(atWarning.exitCode).toBe(1);
    const findings = (JSON.parse(atWarning.output) as { findings: { ruleId: string; severity: string; suppressed?: string }[] }).findings.filter((f) => !f.suppressed);
    expect(findings).toContainEqual(expect.objectContaining({ ruleId: expected(file), severity: 'warning' }));
  });
});
