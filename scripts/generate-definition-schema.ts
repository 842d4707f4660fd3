/**
 * Generates `schemas/secure-mesh.schema.json`, the JSON Schema of a secure-mesh definition, from the
 * TypeScript types in `lib/model/definition.ts` (the one source of the types). The library validates
 * definitions against it, and editors use it to complete and check mesh files.
 *
 * Run with `npm run schema` after changing the definition types; a test fails when the committed
 * schema is stale.
 */
import * as fs from 'fs';
import * as path from 'path';
import { createGenerator } from 'ts-json-schema-generator';

export const SCHEMA_FILE = path.join(__dirname, '..', 'schemas', 'secure-mesh.schema.json');

export function generateDefinitionSchema(): string {
  const generator = createGenerator({
    path: path.join(__dirname, '..', 'lib', 'model', 'mesh-file.ts'),
    tsconfig: path.join(__dirname, '..', 'tsconfig.json'),
    type: 'MeshFile',
    expose: 'export',
    topRef: true,
    jsDoc: 'extended',
    additionalProperties: false,
    skipTypeCheck: true,
  });
  const schema = generator.createSchema('MeshFile') as Record<string, unknown>;
  moveProseDefaultsIntoDescriptions(schema);
  schema.$id = 'https://secure-mesh.io/schemas/secure-mesh.schema.json';
  schema.title = 'secure-mesh definition';
  return `${JSON.stringify(schema, null, 2)}\n`;
}

/**
 * `@default - prose` and `@default "2160h" (90 days)` are for readers, not values an editor should
 * insert: keep a `default` only when it parses as JSON, and append the prose to the description.
 */
function moveProseDefaultsIntoDescriptions(node: unknown): void {
  if (Array.isArray(node)) {
    node.forEach(moveProseDefaultsIntoDescriptions);
    return;
  }
  if (typeof node !== 'object' || node === null) return;
  const record = node as Record<string, unknown>;
  if ('default' in record && typeof record.default === 'string' && record.properties === undefined) {
    const prose = /^- (.*)$/.exec(record.default);
    const quoted = /^"([^"]*)" \((.*)\)$/.exec(record.default);
    if (prose) {
      delete record.default;
      record.description = appendSentence(record.description, `Default: ${prose[1]}.`);
    } else if (quoted) {
      record.default = quoted[1];
      record.description = appendSentence(record.description, `Default: ${quoted[1]} (${quoted[2]}).`);
    }
  }
  for (const value of Object.values(record)) moveProseDefaultsIntoDescriptions(value);
}

function appendSentence(description: unknown, sentence: string): string {
  return typeof description === 'string' ? `${description} ${sentence}` : sentence;
}

if (require.main === module) {
  fs.mkdirSync(path.dirname(SCHEMA_FILE), { recursive: true });
  fs.writeFileSync(SCHEMA_FILE, generateDefinitionSchema());
  console.log(`wrote ${path.relative(process.cwd(), SCHEMA_FILE)}`);
}
