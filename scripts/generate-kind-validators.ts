/**
 * Writes lib/checks/schema/kind-validators.generated.js (and its declarations, .d.ts): the validators of the kinds the
 * mesh emits (PRECOMPILED_KINDS) as ajv standalone code, so no process compiles them at run time (~0.45 s each process
 * and test file), and the parsed, type-checked ASTs of their CEL rules, so no process loads cel-js to evaluate rules the
 * fast path decides (~40 ms). JavaScript so that tsc does not type-check and emit it (scripts/generated-module.ts). Run
 * after `npm run import`; test/schema/kind-validators.test.ts fails when the committed files are stale (and the registry
 * then compiles at run time: same results, slower).
 */
import * as path from 'path';
import standaloneCode from 'ajv/dist/standalone';
import { checkedRuleAst } from '../lib/checks/schema/cel';
import { PRECOMPILED_KINDS, SchemaRegistry } from '../lib/checks/schema/registry';
import { GeneratedModule, generatedHeader, STANDALONE_VALIDATE_FUNCTION_TYPE, writeGeneratedModule } from './generated-module';

/** The generated module's path without extension (`.js` and `.d.ts` are written). */
export const GENERATED_MODULE = path.join(__dirname, '..', 'lib', 'checks', 'schema', 'kind-validators.generated');

const HEADER = generatedHeader({
  script: 'scripts/generate-kind-validators.ts',
  from: 'schemas/ (ajv standalone code of PRECOMPILED_KINDS, and the ASTs of their CEL rules)',
  regenerate: 'after `npm run import`, npx tsx scripts/generate-kind-validators.ts',
});

/** kind-validators.generated.js and .d.ts for the schemas in `schemaDir`. */
export function kindValidatorsModule(schemaDir?: string): GeneratedModule {
  const registry = new SchemaRegistry(schemaDir, { precompiled: false, source: true });
  const { ajv, refs } = registry.compiledForStandalone();
  const code = standaloneCode(ajv, refs);
  // ajv writes `exports["<apiVersion/kind>"] = validateN;` per kind; gather them into one exported map instead.
  const exportLine = /exports\[("[^"]+")\] = (\w+);/g;
  const entries: string[] = [];
  const declarations: string[] = [];
  const body = code.replace(/^"use strict";/, '').replace(exportLine, (_m, key: string, fn: string) => {
    entries.push(`  ${key}: ${fn},`);
    declarations.push(`  readonly ${key}: StandaloneValidateFunction;`);
    return '';
  });
  if (entries.length !== Object.keys(refs).length) throw new Error('ajv standalone output changed: cannot find its exports lines');
  const js = [
    '"use strict";',
    ...HEADER,
    '// Declarations: kind-validators.generated.d.ts.',
    `exports.SCHEMA_HASH = '${registry.precompiledHash()}';`,
    body.trim(),
    'exports.KIND_VALIDATORS = {',
    ...entries,
    '};',
    '// The CEL rules of these kinds that parse and type-check, as cel-js parses them (op and args of each node):',
    '// their fast path (lib/checks/schema/cel-fast-path.ts) is compiled from these without loading cel-js.',
    'exports.CEL_RULE_ASTS = {',
    ...celRuleAsts(registry).map(([rule, ast]) => `  ${JSON.stringify(rule)}: ${ast},`),
    '};',
    '',
  ].join('\n');
  const dts = [
    ...HEADER,
    '// Declarations of kind-validators.generated.js.',
    "import type { ValidateFunction } from 'ajv';",
    "import type { CelAst } from './cel-fast-path';",
    '',
    ...STANDALONE_VALIDATE_FUNCTION_TYPE,
    '',
    '/** What the validators were generated from: SchemaRegistry.precompiledHash() of the schemas at the time. */',
    'export declare const SCHEMA_HASH: string;',
    '',
    '/** The validator of each precompiled kind, by `apiVersion/kind`. */',
    'export declare const KIND_VALIDATORS: {',
    ...declarations,
    '};',
    '',
    '/** The checked AST of each CEL rule of these kinds that parses and type-checks, by rule text. */',
    'export declare const CEL_RULE_ASTS: Readonly<Record<string, CelAst>>;',
    '',
  ].join('\n');
  return { js, dts };
}

/** [rule text, AST as a JavaScript literal] for every non-transition rule of the precompiled kinds, sorted by text. */
function celRuleAsts(registry: SchemaRegistry): [string, string][] {
  const rules = new Set<string>();
  for (const key of PRECOMPILED_KINDS) {
    const slash = key.lastIndexOf('/');
    for (const { rule } of registry.rulesOf(key.slice(0, slash), key.slice(slash + 1))) if (!rule.transition) rules.add(rule.rule);
  }
  const out: [string, string][] = [];
  for (const rule of [...rules].sort()) {
    const ast = checkedRuleAst(rule);
    const literal = ast === undefined ? undefined : astLiteral(ast);
    if (literal !== undefined) out.push([rule, literal]);
  }
  return out;
}

/** An AST's `op`/`args` tree as a JavaScript literal (ints as BigInt literals), or undefined if it holds other values. */
function astLiteral(v: unknown): string | undefined {
  if (typeof v === 'bigint') return `${v}n`;
  if (typeof v === 'string' || typeof v === 'boolean' || v === null) return JSON.stringify(v);
  if (typeof v === 'number') return Number.isFinite(v) && !Object.is(v, -0) ? JSON.stringify(v) : undefined;
  if (Array.isArray(v)) {
    const items = v.map(astLiteral);
    return items.every((i) => i !== undefined) ? `[${items.join(', ')}]` : undefined;
  }
  if (typeof v === 'object' && typeof (v as { op?: unknown }).op === 'string') {
    const { op, args } = v as { op: string; args: unknown };
    const a = astLiteral(args);
    return a === undefined ? undefined : `{ op: ${JSON.stringify(op)}, args: ${a} }`;
  }
  return undefined; // uints, bytes, …: the rule is parsed at run time instead
}

if (require.main === module) {
  writeGeneratedModule(GENERATED_MODULE, kindValidatorsModule());
  process.stdout.write(`wrote ${path.relative(process.cwd(), GENERATED_MODULE)}.js and .d.ts\n`);
}
