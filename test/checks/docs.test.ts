import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { renderRuleDocs } from '../../lib/checks/rule-docs';
import { allRuleMeta } from '../../lib/checks/pack';
import { version } from '../../package.json';

it('docs/rules.md is generated from the rule metadata and up to date (run `npx tsx scripts/generate-rule-docs.ts`)', () => {
  const committed = readFileSync(path.join(__dirname, '..', '..', 'docs', 'rules.md'), 'utf8');
  expect(committed).toBe(renderRuleDocs(undefined, version));
  for (const r of allRuleMeta()) expect(committed).toContain(`### ${r.id}\n`);
  expect(committed).toContain('class: SecureMeshValidation');
});
