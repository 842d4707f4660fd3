import { createHash } from 'crypto';

/**
 * The one place the definition validator is configured: validate-structure.ts compiles with these options at run
 * time (for union branches, and when the generated validator is stale), and scripts/generate-definition-validator.ts
 * turns the main entry into ajv standalone code (definition-validator.generated.js), which saves compiling it in every
 * process and every test file (~0.4 s each on the 2-core CI machine, docs/performance.md).
 */
// strictNumbers: Infinity and NaN (YAML `.inf`, `.nan`, `1e400`) are no number a field can take; without it ajv
// accepts Infinity as an integer, and `size: .inf` reached the emitted Certificate.
export const DEFINITION_AJV_OPTIONS = { allErrors: true, verbose: true, strict: false, strictNumbers: true } as const;

/** `$id` prefix of the compiled subschemas; the main entry is number 0. */
export const DEFINITION_SCHEMA_ID = 'https://secure-mesh.io/schemas/secure-mesh.schema.json';

/** The subschema validated for a whole definition. */
export const MAIN_ENTRY = { $ref: '#/definitions/SecureMeshProps' } as const;

/** Identifies the schema and options a generated validator was built from (sha256 of their JSON). */
export function definitionsHash(definitions: object): string {
  return createHash('sha256').update(JSON.stringify({ definitions, options: DEFINITION_AJV_OPTIONS })).digest('hex');
}
