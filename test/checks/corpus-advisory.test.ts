import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { ruleMeta } from '../../lib/checks/pack';
import { validateManifestPaths } from '../../lib/checks/validate-command';

/**
 * Broken manifests whose rule is a warning or info: they pass a default (`--fail-on error`) run, so they can't live in
 * corpus/broken; with `--fail-on <their severity>` they exit 1 and name their rule.
 */
const DIR = path.join(__dirname, 'corpus', 'advisory');

function expected(file: string): string {
  return /# expect: (\S+)/.exec(readFileSync(file, 'utf8'))![1];
}

describe('corpus of warnings and infos', () => {
  it.each(readdirSync(DIR).sort())('advisory/%s fails only at its own severity, naming its rule', async (name) => {
    const file = path.join(DIR, name);
    const id = expected(file);
    const severity = ruleMeta(id)!.severity;
    expect(severity).not.toBe('error');
    const atError = await validateManifestPaths([file], { format: 'json', failOn: 'error', color: false });
    expect(atError.exitCode).toBe(0);
    const atSeverity = await validateManifestPaths([file], { format: 'json', failOn: severity, color: false });
    expect(atSeverity.exitCode).toBe(1);
    const findings = (JSON.parse(atSeverity.output) as { findings: { ruleId: string; severity: string; suppressed?: string }[] }).findings.filter((f) => !f.suppressed);
    expect(findings).toContainEqual(expect.objectContaining({ ruleId: id, severity }));
  });
});
