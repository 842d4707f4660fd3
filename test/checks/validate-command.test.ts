import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { validateManifestPaths } from '../../lib/checks/validate-command';

const CORPUS = path.join(__dirname, 'corpus');
const opts = { format: 'json' as const, failOn: 'error' as const, color: false };

function expected(file: string): string {
  return /# expect: (\S+)/.exec(readFileSync(file, 'utf8'))![1];
}

describe('corpus', () => {
  it.each(readdirSync(path.join(CORPUS, 'broken')).sort())('broken/%s exits 1 with its rule id', async (name) => {
    const file = path.join(CORPUS, 'broken', name);
    const r = await validateManifestPaths([file], opts);
    expect(r.exitCode).toBe(1);
    const ids = (JSON.parse(r.output) as { findings: { ruleId: string; suppressed?: string }[] }).findings.filter((f) => !f.suppressed).map((f) => f.ruleId);
    expect(ids).toContain(expected(file));
  });
  it.each(readdirSync(path.join(CORPUS, 'clean')).sort())('clean/%s exits 0', async (name) => {
    const r = await validateManifestPaths([path.join(CORPUS, 'clean', name)], { ...opts, failOn: 'warning' });
    expect(r.output).not.toMatch(/"severity": "(error|warning)"(?![^}]*"suppressed")/);
    expect(r.exitCode).toBe(0);
  });
});

describe('validateManifestPaths', () => {
  let dir: string;
  beforeEach(() => { dir = mkdtempSync(path.join(tmpdir(), 'sm-validate-')); });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('walks directories recursively and reports text grouped by object with file:line', async () => {
    const r = await validateManifestPaths([path.join(CORPUS, 'broken')], { format: 'text', failOn: 'error', color: false });
    expect(r.exitCode).toBe(1);
    expect(r.output).toMatch(/strict-dr-disable\.yaml:11 {2}DestinationRule\/shop\/web\n {2}error +SM-IS-009/);
    expect(r.output).not.toMatch(/\u001b\[/);
    const colored = await validateManifestPaths([path.join(CORPUS, 'broken')], { format: 'text', failOn: 'error', color: true });
    expect(colored.output).toMatch(/\u001b\[31m/);
  });

  it('locates List items on their own line', async () => {
    const r = await validateManifestPaths([path.join(CORPUS, 'broken', 'knative-probes.yaml')], opts);
    const f = (JSON.parse(r.output) as { findings: { ruleId: string; line: number }[] }).findings.find((x) => x.ruleId === 'SM-KN-002')!;
    expect(f.line).toBe(13); // the "- apiVersion" line of the second item
  });

  it('writes SARIF 2.1.0 with rule metadata and locations', async () => {
    const r = await validateManifestPaths([path.join(CORPUS, 'broken', 'strict-dr-disable.yaml')], { ...opts, format: 'sarif' });
    const sarif = JSON.parse(r.output);
    expect(sarif.version).toBe('2.1.0');
    const rule = sarif.runs[0].tool.driver.rules.find((x: { id: string }) => x.id === 'SM-IS-009');
    expect(rule.help.text).toMatch(/docs\/rules\.md#sm-is-009/);
    expect(rule.shortDescription.text).toBeTruthy();
    expect(rule.fullDescription.text).toMatch(/Fix/);
    const result = sarif.runs[0].results.find((x: { ruleId: string }) => x.ruleId === 'SM-IS-009');
    expect(result.level).toBe('error');
    expect(result.locations[0].physicalLocation.artifactLocation).toEqual({ uri: 'test/checks/corpus/broken/strict-dr-disable.yaml', uriBaseId: '%SRCROOT%' });
    expect(result.locations[0].physicalLocation.region.startLine).toBe(11);
  });

  it('is byte-identical across runs', async () => {
    const a = await validateManifestPaths([CORPUS], { ...opts, format: 'sarif' });
    const b = await validateManifestPaths([CORPUS], { ...opts, format: 'sarif' });
    expect(a.output).toBe(b.output);
  });

  it('honours failOn', async () => {
    writeFileSync(path.join(dir, 'w.yaml'), 'apiVersion: security.istio.io/v1\nkind: AuthorizationPolicy\nmetadata: { name: d, namespace: shop }\nspec:\n  action: DENY\n  rules:\n    - to: [{ operation: { paths: [/admin] } }]\n');
    expect((await validateManifestPaths([dir], opts)).exitCode).toBe(0);
    expect((await validateManifestPaths([dir], { ...opts, failOn: 'warning' })).exitCode).toBe(1);
  });

  it('reports unknown kinds as info, not errors', async () => {
    writeFileSync(path.join(dir, 'x.json'), JSON.stringify({ apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' } }));
    const r = await validateManifestPaths([dir], opts);
    expect(r.exitCode).toBe(0);
    expect(r.output).toContain('SM-SC-002');
    expect((await validateManifestPaths([dir], { ...opts, failOn: 'info' })).exitCode).toBe(1);
  });

  it('exits 2 naming file and line for unparseable YAML, a missing file, or no manifests', async () => {
    writeFileSync(path.join(dir, 'bad.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: [unclosed\n');
    const bad = await validateManifestPaths([path.join(dir, 'bad.yaml')], opts);
    expect(bad.exitCode).toBe(2);
    expect(bad.output).toMatch(/bad\.yaml:\d+: not valid YAML/);
    expect(bad.output).not.toMatch(/\n\s+at /);
    const missing = await validateManifestPaths([path.join(dir, 'nope.yaml')], opts);
    expect(missing).toEqual({ exitCode: 2, output: expect.stringContaining('nope.yaml: no such file') });
    const empty = mkdtempSync(path.join(dir, 'empty-'));
    expect((await validateManifestPaths([empty], opts)).exitCode).toBe(2);
  });
});
