
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { toBeValidSarifLog } from '@microsoft/jest-sarif';
import { validateManifestPaths } from '../../lib/checks/validate-command';
import { rulesDocUrl } from '../../lib/checks/rules-doc';
import { runCliProcess } from '../cli/run-cli';

expect.extend({ toBeValidSarifLog });
declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace jest {
    interface Matchers<R> {
      toBeValidSarifLog(): R;
    }
  }
}

/**
 * SARIF as GitHub code scanning takes it: valid against the SARIF 2.1.0 schema (the OASIS schema shipped by
 * @microsoft/jest-sarif), URIs relative to the repository root whatever the working directory, fingerprints that
 * survive edits elsewhere in the file, and GitHub's rule properties (`security-severity` as a string 0.0-10.0, tags).
 */
const STRICT_SERVER = 'apiVersion: security.istio.io/v1\nkind: PeerAuthentication\nmetadata:\n  name: default\n  namespace: shop\nspec:\n  mtls:\n    mode: STRICT\n';
const DISABLING_CLIENT = 'apiVersion: networking.istio.io/v1\nkind: DestinationRule\nmetadata:\n  name: web\n  namespace: shop\nspec:\n  host: web.shop.svc.cluster.local\n  trafficPolicy:\n    tls:\n      mode: DISABLE\n';

interface SarifLog {
  runs: {
    tool: { driver: { rules: { id: string; helpUri?: string; properties: { 'security-severity': string; tags: string[] } }[] } };
    originalUriBaseIds: Record<string, { uri: string }>;
    results: {
      ruleId: string;
      locations: { physicalLocation: { artifactLocation: { uri: string; uriBaseId?: string }; region: { startLine: number } } }[];
      relatedLocations?: { physicalLocation: { artifactLocation: { uri: string; uriBaseId?: string }; region: { startLine: number } }; message: { text: string } }[];
      partialFingerprints: Record<string, string>;
    }[];
  }[];
}

describe('SARIF for GitHub code scanning', () => {
  let repo: string;
  beforeEach(() => {
    repo = mkdtempSync(path.join(tmpdir(), 'sm-sarif-'));
    mkdirSync(path.join(repo, '.git'));
    mkdirSync(path.join(repo, 'deploy', 'shop'), { recursive: true });
    writeFileSync(path.join(repo, 'deploy', 'shop', 'peer-authentication.yaml'), STRICT_SERVER);
    writeFileSync(path.join(repo, 'deploy', 'shop', 'destination-rule.yaml'), DISABLING_CLIENT);
  });
  afterEach(() => rmSync(repo, { recursive: true, force: true }));

  const sarifOf = async (paths: string[], baseDir = repo): Promise<SarifLog> =>
    JSON.parse((await validateManifestPaths(paths, { format: 'sarif', failOn: 'error', color: false, baseDir })).output) as SarifLog;

  it('is a valid SARIF 2.1.0 log', async () => {
    const log = await sarifOf([path.join(repo, 'deploy')]);
    expect(log).toBeValidSarifLog();
    expect(log.runs[0].results.length).toBeGreaterThan(0);
    // The schema check can fail: a result without its required message is refused.
    const broken = JSON.parse(JSON.stringify(log)) as { runs: { results: { message?: unknown }[] }[] };
    delete broken.runs[0].results[0].message;
    expect(broken).not.toBeValidSarifLog();
  });

  it('locates results relative to the repository root (%SRCROOT%), from whatever directory the CLI runs in', async () => {
    const fromRoot = await runCliProcess(['validate', 'deploy', '--format', 'sarif'], repo);
    const fromSubdir = await runCliProcess(['validate', '.', '--format', 'sarif'], path.join(repo, 'deploy', 'shop'));
    expect(fromRoot.code).toBe(1);
    const uris = (out: string): unknown[] => (JSON.parse(out) as SarifLog).runs[0].results.map((r) => r.locations[0].physicalLocation.artifactLocation);
    expect(uris(fromRoot.stdout)).toContainEqual({ uri: 'deploy/shop/destination-rule.yaml', uriBaseId: '%SRCROOT%' });
    expect(uris(fromSubdir.stdout)).toEqual(uris(fromRoot.stdout));
    expect((JSON.parse(fromRoot.stdout) as SarifLog).runs[0].originalUriBaseIds['%SRCROOT%'].uri).toBe(`${pathToFileURL(repo).href}/`);
  }, 60_000);

  it('points a cross-object finding at the other object too (relatedLocations)', async () => {
    const log = await sarifOf([path.join(repo, 'deploy')]);
    const finding = log.runs[0].results.find((r) => r.ruleId === 'SM-IS-009')!;
    expect(finding.locations[0].physicalLocation.artifactLocation.uri).toBe('deploy/shop/destination-rule.yaml');
    expect(finding.relatedLocations).toEqual([expect.objectContaining({
      physicalLocation: { artifactLocation: { uri: 'deploy/shop/peer-authentication.yaml', uriBaseId: '%SRCROOT%' }, region: { startLine: 1 } },
      message: { text: 'PeerAuthentication/shop/default' },
    })]);
  });

  it('fingerprints findings so an edit elsewhere in the file keeps the alert (same fingerprint, new line)', async () => {
    const before = (await sarifOf([path.join(repo, 'deploy')])).runs[0].results.find((r) => r.ruleId === 'SM-IS-009')!;
    writeFileSync(path.join(repo, 'deploy', 'shop', 'destination-rule.yaml'), `# reviewed by platform\n\n${DISABLING_CLIENT}`);
    const after = (await sarifOf([path.join(repo, 'deploy')])).runs[0].results.find((r) => r.ruleId === 'SM-IS-009')!;
    expect(after.locations[0].physicalLocation.region.startLine).toBe(before.locations[0].physicalLocation.region.startLine + 2);
    expect(after.partialFingerprints).toEqual(before.partialFingerprints);
    expect(Object.values(before.partialFingerprints)[0]).toMatch(/^[0-9a-f]{32}$/);
  });

  it('gives every rule GitHub\'s security-severity (a string in 0.0-10.0) and a security tag', async () => {
    const { rules } = (await sarifOf([path.join(repo, 'deploy')])).runs[0].tool.driver;
    for (const rule of rules) {
      const score = Number(rule.properties['security-severity']);
      expect(typeof rule.properties['security-severity']).toBe('string');
      expect(score).toBeGreaterThan(0);
      expect(score).toBeLessThanOrEqual(10);
      expect(rule.properties.tags).toContain('security');
      expect(rule.properties.tags.length).toBeLessThanOrEqual(10);
    }
    const byId = new Map(rules.map((r) => [r.id, r]));
    expect(byId.get('SM-IS-009')!.properties.tags).toContain('istio');
  });

  it('links helpUri only to documentation that exists: the package repository when declared, never an invented address', async () => {
    const pkg = JSON.parse(readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf8')) as { repository?: unknown; homepage?: unknown };
    const { rules } = (await sarifOf([path.join(repo, 'deploy')])).runs[0].tool.driver;
    if (pkg.repository === undefined && pkg.homepage === undefined) expect(rules.every((r) => r.helpUri === undefined)).toBe(true);
    else expect(rules[0].helpUri).toBe(`${rulesDocUrl()}#${rules[0].id.toLowerCase()}`);
    const fork = mkdtempSync(path.join(tmpdir(), 'sm-fork-'));
    try {
      writeFileSync(path.join(fork, 'package.json'), JSON.stringify({ name: 'secure-mesh', repository: { type: 'git', url: 'git+https://git.example.com/platform/secure-mesh.git' } }));
      expect(rulesDocUrl(fork)).toBe('https://git.example.com/platform/secure-mesh/blob/HEAD/docs/rules.md');
    } finally {
      rmSync(fork, { recursive: true, force: true });
    }
  });

  it('keeps files outside the repository as absolute file URIs', async () => {
    const outside = mkdtempSync(path.join(tmpdir(), 'sm-outside-'));
    try {
      writeFileSync(path.join(outside, 'dr.yaml'), STRICT_SERVER + '---\n' + DISABLING_CLIENT);
      const log = await sarifOf([outside]);
      expect(log.runs[0].results[0].locations[0].physicalLocation.artifactLocation).toEqual({ uri: pathToFileURL(path.join(outside, 'dr.yaml')).href });
      expect(log).toBeValidSarifLog();
    } finally {
      rmSync(outside, { recursive: true, force: true });
    }
  });
});

