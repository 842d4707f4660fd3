import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { pathToFileURL } from 'url';
import type { RuleMeta, Severity } from '../rule';
import { ruleAnchor, ruleDocReference, rulesDocUrl } from '../rules-doc';
import type { Located } from './text';

/** SARIF 2.1.0 severity levels. */
const LEVEL = { error: 'error', warning: 'warning', info: 'note' } as const;

/**
 * GitHub code scanning's `security-severity` per our severity: a string 0.0-10.0, shown as critical > 9.0, high 7.0-8.9,
 * medium 4.0-6.9, low 0.1-3.9 (GitHub docs, "SARIF support for code scanning", reportingDescriptor `properties`).
 * Our errors break traffic or open it (high); warnings are likely wrong (medium); info is worth knowing (low).
 */
const SECURITY_SEVERITY: Readonly<Record<Severity, string>> = { error: '7.5', warning: '5.0', info: '2.0' };

/** Rule ID area (`SM-<AREA>-NNN`, lib/checks/rule.ts) -> the tag reviewers filter by. */
const AREA_TAGS: Readonly<Record<string, string>> = {
  IS: 'istio', CM: 'cert-manager', NP: 'network-policy', KN: 'knative', KS: 'kserve', MM: 'modelmesh', MS: 'mayastor',
  KA: 'kubernetes-api', SC: 'schema', SP: 'suppressions',
};

/** The base every artifact URI is relative to: the repository root, as SARIF `originalUriBaseIds` names it. */
export const SRCROOT = '%SRCROOT%';

/** GitHub uses at most this many related locations per result; more are noise in the alert anyway. */
const MAX_RELATED_LOCATIONS = 100;

export interface SarifOptions {
  /**
   * The directory artifact URIs are relative to (GitHub resolves them against the repository root).
   * @default the git work tree containing the current directory, else the current directory
   */
  readonly baseDir?: string;
  /**
   * Where the rule documentation lives on the web (`helpUri`); omitted when unknown.
   * @default from package.json `repository`/`homepage`
   */
  readonly docsUrl?: string;
}

/**
 * SARIF 2.1.0 for GitHub code scanning: one run, the pack's rules as `tool.driver.rules` (with `security-severity` and
 * tags), one result per finding located at its file and line relative to the repository root (`%SRCROOT%`, so the same
 * file gives the same URI whatever directory `validate` ran in), a `partialFingerprints` entry that survives edits
 * around the object, and `relatedLocations` for the other objects of cross-object findings. Suppressed findings carry a
 * SARIF `suppressions` entry with the reason.
 */
export function formatSarif(findings: readonly Located[], rules: readonly RuleMeta[], version: string, options: SarifOptions = {}): string {
  const baseDir = path.resolve(options.baseDir ?? repositoryRoot(process.cwd()));
  const docsUrl = 'docsUrl' in options ? options.docsUrl : rulesDocUrl();
  const ruleIndex = new Map(rules.map((r, i) => [r.id, i]));
  const sarif = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [{
      tool: {
        driver: {
          name: 'secure-mesh',
          version,
          ...(docsUrl ? { informationUri: docsUrl } : {}),
          rules: rules.map((r) => ({
            id: r.id,
            name: r.id,
            shortDescription: { text: r.title },
            fullDescription: { text: r.explanation },
            ...(docsUrl ? { helpUri: `${docsUrl}#${ruleAnchor(r.id)}` } : {}),
            help: { text: `${r.explanation}\n\nSources: ${r.sources.join('; ')}\nDocumentation: ${ruleDocReference(r.id, docsUrl)}` },
            defaultConfiguration: { level: LEVEL[r.severity] },
            properties: { 'security-severity': SECURITY_SEVERITY[r.severity], tags: ruleTags(r.id), precision: 'high' },
          })),
        },
      },
      originalUriBaseIds: { [SRCROOT]: { uri: `${pathToFileURL(baseDir).href.replace(/\/?$/, '/')}` } },
      results: findings.map((f) => {
        const artifact = artifactLocation(f.file, baseDir);
        const related = relatedLocations(f, baseDir);
        return {
          ruleId: f.ruleId,
          ...(ruleIndex.has(f.ruleId) ? { ruleIndex: ruleIndex.get(f.ruleId) } : {}),
          level: LEVEL[f.severity],
          message: { text: `${f.object}: ${f.message}` },
          locations: [{
            physicalLocation: artifact ? { artifactLocation: artifact, region: { startLine: f.line ?? 1 } } : undefined,
            logicalLocations: [{ name: f.object, kind: 'object' }],
          }].map(dropUndefined),
          // Stable across runs and edits elsewhere in the file: the rule, the object and where its file is.
          partialFingerprints: { 'secureMeshFinding/v1': fingerprint(f.ruleId, f.object, artifact?.uri ?? '', f.message) },
          ...(related.length ? { relatedLocations: related } : {}),
          ...(f.suppressed ? { suppressions: [{ kind: 'inSource', justification: f.suppressed }] } : {}),
        };
      }),
    }],
  };
  return `${JSON.stringify(sarif, null, 2)}\n`;
}

/** `security` (so GitHub lists the rule among security alerts) and the rule's area. */
function ruleTags(id: string): string[] {
  const area = /^SM-([A-Z]+)-/.exec(id)?.[1];
  return ['security', ...(area && AREA_TAGS[area] ? [AREA_TAGS[area]] : [])];
}

/** A file inside the base directory as a relative URI against `%SRCROOT%`; outside it, an absolute file URI. */
function artifactLocation(file: string | undefined, baseDir: string): { uri: string; uriBaseId?: string } | undefined {
  if (!file) return undefined;
  const absolute = path.resolve(file);
  const relative = path.relative(baseDir, absolute);
  if (relative === '' || relative.startsWith('..') || path.isAbsolute(relative)) return { uri: pathToFileURL(absolute).href };
  return { uri: relative.split(path.sep).map(encodeURIComponent).join('/'), uriBaseId: SRCROOT };
}

function relatedLocations(f: Located, baseDir: string): object[] {
  const out: object[] = [];
  for (const at of f.relatedAt ?? []) {
    if (at.object === f.object) continue;
    out.push({ id: out.length + 1, physicalLocation: { artifactLocation: artifactLocation(at.file, baseDir), region: { startLine: at.line } }, message: { text: at.object } });
    if (out.length === MAX_RELATED_LOCATIONS) break;
  }
  return out;
}

function fingerprint(...parts: string[]): string {
  return createHash('sha256').update(parts.join('\0')).digest('hex').slice(0, 32);
}

/** The nearest directory at or above `start` holding `.git` (a work tree or a worktree's `.git` file). */
export function repositoryRoot(start: string): string {
  let dir = path.resolve(start);
  for (;;) {
    if (fs.existsSync(path.join(dir, '.git'))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) return path.resolve(start);
    dir = parent;
  }
}

function dropUndefined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}
