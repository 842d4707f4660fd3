/** Writes docs/rules.md from the rule metadata in lib/checks/pack.ts. Run: `npx tsx scripts/generate-rule-docs.ts`. */
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { renderRuleDocs } from '../lib/checks/rule-docs';
import { version } from '../package.json';

const target = path.join(__dirname, '..', 'docs', 'rules.md');
writeFileSync(target, renderRuleDocs(undefined, version));
process.stdout.write(`wrote ${path.relative(process.cwd(), target)}\n`);
