import type { RuleMeta } from '../rule';
import { RULES_DOC_URL } from '../wellknown';
import type { Located } from './text';

/** SARIF 2.1.0 severity levels. */
const LEVEL = { error: 'error', warning: 'warning', info: 'note' } as const;

/** Anchor of a rule's section in docs/rules.md (GitHub lowercases heading ids). */
export function ruleAnchor(id: string): string {
  return id.toLowerCase();
}

/**
 * SARIF 2.1.0 for GitHub code scanning: one run, the pack's rules as `tool.driver.rules`, one result per finding located at
 * the object's file and line. Suppressed findings carry a SARIF `suppressions` entry with the reason.
 */
export function formatSarif(findings: readonly Located[], rules: readonly RuleMeta[], version: string): string {
  const ruleIndex = new Map(rules.map((r, i) => [r.id, i]));
  const sarif = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [{
      tool: {
        driver: {
          name: 'secure-mesh',
          version,
          informationUri: RULES_DOC_URL,
          rules: rules.map((r) => ({
            id: r.id,
            name: r.id,
            shortDescription: { text: r.title },
            fullDescription: { text: r.explanation },
            helpUri: `${RULES_DOC_URL}#${ruleAnchor(r.id)}`,
            help: { text: r.explanation },
            defaultConfiguration: { level: LEVEL[r.severity] },
          })),
        },
      },
      results: findings.map((f) => ({
        ruleId: f.ruleId,
        ...(ruleIndex.has(f.ruleId) ? { ruleIndex: ruleIndex.get(f.ruleId) } : {}),
        level: LEVEL[f.severity],
        message: { text: `${f.object}: ${f.message}` },
        locations: [{
          physicalLocation: {
            artifactLocation: { uri: (f.file ?? f.object).split('\\').join('/') },
            region: { startLine: f.line ?? 1 },
          },
          logicalLocations: [{ name: f.object, kind: 'object' }],
        }],
        ...(f.suppressed ? { suppressions: [{ kind: 'inSource', justification: f.suppressed }] } : {}),
      })),
    }],
  };
  return `${JSON.stringify(sarif, null, 2)}\n`;
}
