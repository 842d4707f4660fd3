/**
 * Writes lib/model/definition-validator.generated.js (and its declarations, .d.ts): the definition's structural
 * validator as ajv standalone code, so no process compiles it at run time. JavaScript so that tsc does not type-check
 * and emit it (scripts/generated-module.ts). Run after `npm run schema`; test/model/definition-validator.test.ts fails
 * when the committed files are stale (and the library then compiles at run time, correct but slower).
 */
import * as path from 'path';
import definitionSchema from '../schemas/secure-mesh.schema.json';
import Ajv from 'ajv';
import standaloneCode from 'ajv/dist/standalone';
import { DEFINITION_AJV_OPTIONS, DEFINITION_SCHEMA_ID, definitionsHash, MAIN_ENTRY } from '../lib/model/definition-validator-source';
import { GeneratedModule, generatedHeader, STANDALONE_VALIDATE_FUNCTION_TYPE, writeGeneratedModule } from './generated-module';

/** The generated module's path without extension (`.js` and `.d.ts` are written). */
export const GENERATED_MODULE = path.join(__dirname, '..', 'lib', 'model', 'definition-validator.generated');

const HEADER = generatedHeader({
  script: 'scripts/generate-definition-validator.ts',
  from: 'schemas/secure-mesh.schema.json (ajv standalone code of its SecureMeshProps)',
  regenerate: 'after `npm run schema`, npx tsx scripts/generate-definition-validator.ts',
});

/** definition-validator.generated.js and .d.ts for these definitions. */
export function definitionValidatorModule(definitions: object): GeneratedModule {
  const ajv = new Ajv({ ...DEFINITION_AJV_OPTIONS, code: { source: true } });
  const validate = ajv.compile({ $id: `${DEFINITION_SCHEMA_ID}/0`, definitions, ...MAIN_ENTRY });
  const code = standaloneCode(ajv, validate);
  const exportLine = /module\.exports = (\w+);module\.exports\.default = \w+;/;
  const match = exportLine.exec(code);
  if (!match) throw new Error('ajv standalone output changed: cannot find its module.exports line');
  const js = [
    '"use strict";',
    ...HEADER,
    '// Declarations: definition-validator.generated.d.ts.',
    `exports.SCHEMA_HASH = '${definitionsHash(definitions)}';`,
    code.replace(exportLine, `exports.validateSecureMeshProps = ${match[1]};`).replace(/^"use strict";/, ''),
    '',
  ].join('\n');
  const dts = [
    ...HEADER,
    '// Declarations of definition-validator.generated.js.',
    "import type { ValidateFunction } from 'ajv';",
    '',
    ...STANDALONE_VALIDATE_FUNCTION_TYPE,
    '',
    '/** What the validator was generated from: definitionsHash() of the schema\'s definitions at the time. */',
    'export declare const SCHEMA_HASH: string;',
    '',
    '/** Validates a whole definition (`#/definitions/SecureMeshProps`). */',
    'export declare const validateSecureMeshProps: StandaloneValidateFunction;',
    '',
  ].join('\n');
  return { js, dts };
}

if (require.main === module) {
  writeGeneratedModule(GENERATED_MODULE, definitionValidatorModule((definitionSchema as { definitions: object }).definitions));
  process.stdout.write(`wrote ${path.relative(process.cwd(), GENERATED_MODULE)}.js and .d.ts\n`);
}
