import type Ajv from 'ajv';
import type { ErrorObject, ValidateFunction } from 'ajv';
import type { Problem } from './errors';
import { didYouMean } from './suggest';
import definitionSchema from '../../schemas/secure-mesh.schema.json';
import { DEFINITION_AJV_OPTIONS, DEFINITION_SCHEMA_ID, definitionsHash, MAIN_ENTRY } from './definition-validator-source';
import * as generated from './definition-validator.generated';

/**
 * Structural checks of a definition (types, required fields, enums, unknown keys) against the JSON
 * Schema generated from the TypeScript types, turned into problems a person can act on: field paths
 * like `workloads[3].ingress[0].from`, suggestions for misspelled keys and enum values, and for
 * unions (a peer is a workload, a namespace, a CIDR or a system caller) only the errors of the
 * branch the input was meant to be.
 */
const SCHEMA_ID = DEFINITION_SCHEMA_ID;
const MAIN_KEY = JSON.stringify(MAIN_ENTRY);

let ajv: Ajv | undefined;
const validators = new Map<string, ValidateFunction>();

/** A validator for a subschema whose `#/definitions/...` refs point into the definition schema. */
function validatorFor(subschema: object): ValidateFunction {
  const key = JSON.stringify(subschema);
  let validate = validators.get(key);
  if (!validate) {
    const definitions = (definitionSchema as { definitions: object }).definitions;
    if (key === MAIN_KEY && generated.SCHEMA_HASH === definitionsHash(definitions)) {
      // Precompiled (definition-validator.generated.js): the same code ajv.compile would build here, without the ~0.4 s.
      validate = generated.validateSecureMeshProps as ValidateFunction;
    } else {
      // ajv itself is loaded only here (~30 ms of module loading): the precompiled validator above needs none of it.
      ajv ??= new ((require('ajv') as typeof import('ajv')).default)(DEFINITION_AJV_OPTIONS);
      validate = ajv.compile({ $id: `${SCHEMA_ID}/${validators.size}`, definitions, ...subschema });
    }
    validators.set(key, validate);
  }
  return validate;
}

/** Problems of `value` against a definition of the schema (`SecureMeshProps`, `MeshFile`, …). */
export function structuralProblems(value: unknown, definition: string, basePath = ''): Problem[] {
  return problemsAgainst(value, { $ref: `#/definitions/${definition}` }, basePath);
}

function problemsAgainst(value: unknown, subschema: object, basePath: string): Problem[] {
  const validate = validatorFor(subschema);
  if (validate(value)) return [];
  return explain(validate.errors ?? [], value, basePath);
}

function explain(errors: readonly ErrorObject[], root: unknown, basePath: string): Problem[] {
  // A union reports an error per branch; keep only the branch the input was meant to be.
  const unions = errors.filter((e) => e.keyword === 'anyOf' || e.keyword === 'oneOf');
  const unionPaths = unions.map((e) => e.instancePath);
  const isInsideUnion = (e: ErrorObject) => unionPaths.some((p) => e.instancePath === p || e.instancePath.startsWith(`${p}/`));
  const problems: Problem[] = [];
  for (const error of errors) {
    if (isInsideUnion(error)) continue;
    problems.push(toProblem(error, basePath));
  }
  // Outermost unions only: inner ones are handled when their branch is re-validated. Ajv reports a
  // union after the errors of its branches, so of two unions at one path the later is the outer.
  const outer = unions.filter((u) => !unions.some((o) => o !== u && u.instancePath.startsWith(`${o.instancePath}/`)));
  const seen = new Set<string>();
  for (const union of [...outer].reverse()) {
    if (seen.has(union.instancePath)) continue;
    seen.add(union.instancePath);
    problems.push(...bestBranch(union, valueAt(root, union.instancePath), joinPath(basePath, union.instancePath)));
  }
  return dedupe(problems);
}

function bestBranch(union: ErrorObject, value: unknown, path: string): Problem[] {
  const branches = union.schema as object[];
  const unrecognised = unrecognisedForm(branches, value, path);
  if (unrecognised) return unrecognised;
  let best: Problem[] | undefined;
  let bestScore = Infinity;
  for (let i = 0; i < branches.length; i++) {
    const problems = problemsAgainst(value, branches[i], path);
    const score = branchScore(problems, path, value, union.schema as Record<string, unknown>[], i);
    if (score < bestScore) {
      best = problems;
      bestScore = score;
    }
  }
  return best ?? [{ path, message: 'does not match any allowed form' }];
}

interface ObjectDefinition {
  readonly properties?: Record<string, { const?: unknown }>;
  readonly required?: readonly string[];
}

/**
 * An object that is none of a union's forms: name the forms, instead of the complaints of the one
 * form it was guessed to be (`{ service: "web" }` as a peer is not "a workload peer missing
 * `workload`", and `type: acme` is not "a selfSigned root missing commonName"). Misspelled keys are
 * left to the branch, which suggests the right one.
 */
function unrecognisedForm(branches: readonly object[], value: unknown, path: string): Problem[] | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const all = (definitionSchema as { definitions: Record<string, ObjectDefinition> }).definitions;
  const defs = branches.map((b) => ((b as { $ref?: string }).$ref ? all[(b as { $ref: string }).$ref.split('/').pop() ?? ''] : undefined));
  if (defs.some((d) => d?.properties === undefined)) return undefined;
  const forms = defs as ObjectDefinition[];
  const record = value as Record<string, unknown>;
  const quote = (k: string) => `"${k}"`;
  // Told apart by a constant field, e.g. `type: selfSigned | secret | vault`.
  const tag = Object.keys(forms[0].properties ?? {}).find((k) => forms.every((f) => f.properties?.[k]?.const !== undefined));
  if (tag !== undefined) {
    const tags = forms.map((f) => String(f.properties?.[tag]?.const));
    const got = record[tag];
    if (got === undefined || tags.includes(String(got))) return undefined;
    return [{ path: `${path}.${tag}`, message: `must be one of ${tags.map(quote).join(', ')} (got ${JSON.stringify(got)})${didYouMean(String(got), tags)}` }];
  }
  // Told apart by which key is present, e.g. `workload`, `namespace`, `cidr` or `system`.
  const keys = forms.map((f) => f.required?.[0]);
  if (keys.some((k) => k === undefined || k in record)) return undefined;
  const known = forms.flatMap((f) => Object.keys(f.properties ?? {}));
  if (Object.keys(record).some((k) => didYouMean(k, known) !== '')) return undefined;
  const got = Object.keys(record).length > 0 ? `got ${Object.keys(record).map(quote).join(', ')}` : 'got an empty object';
  return [{ path, message: `must have one of the fields ${(keys as string[]).map(quote).join(', ')} (${got})` }];
}

/** Fewer problems is better; a branch whose own type or required keys do not fit is a poor guess. */
function branchScore(problems: readonly Problem[], path: string, value: unknown, branches: Record<string, unknown>[], index: number): number {
  let score = problems.length;
  for (const p of problems) {
    if (p.path === path && p.message.startsWith('must be')) score += 100;
    if (p.path.startsWith(`${path}.`) && p.message === 'is required' && typeof value === 'object' && value !== null) score += 10;
  }
  const branch = branches[index] as { $ref?: string };
  if (typeof value === 'object' && value !== null && !Array.isArray(value) && branch.$ref) {
    // Prefer the branch whose distinguishing key is present (e.g. `cidr` for a CIDR peer), or
    // misspelled (`sytem` for `system`).
    const name = branch.$ref.split('/').pop() ?? '';
    const definition = (definitionSchema as { definitions: Record<string, { required?: string[] }> }).definitions[name];
    const required = definition?.required ?? [];
    if (required.length > 0 && required.every((k) => k in value)) score -= 0.5;
    if (problems.some((p) => required.some((k) => p.message.includes(`did you mean "${k}"`)))) score -= 1.5;
  }
  return score;
}

function toProblem(error: ErrorObject, basePath: string): Problem {
  const path = joinPath(basePath, error.instancePath);
  switch (error.keyword) {
    case 'additionalProperties': {
      const key = String(error.params.additionalProperty);
      const known = Object.keys((error.parentSchema as { properties?: object })?.properties ?? {});
      return { path: joinPath(path, `/${key}`), message: `unknown field${didYouMean(key, known) || (known.length ? ` (allowed: ${known.join(', ')})` : '')}` };
    }
    case 'required':
      return { path: joinPath(path, `/${String(error.params.missingProperty)}`), message: 'is required' };
    case 'enum': {
      const allowed = (error.params.allowedValues as unknown[]).map(String);
      return { path, message: `must be one of ${allowed.map((a) => `"${a}"`).join(', ')} (got ${JSON.stringify(error.data)})${didYouMean(String(error.data), allowed)}` };
    }
    case 'const':
      return { path, message: `must be ${JSON.stringify(error.params.allowedValue)} (got ${JSON.stringify(error.data)})` };
    case 'minimum':
    case 'maximum': {
      const range = error.parentSchema as { minimum?: number; maximum?: number };
      // PortNumber (definition.ts): worded as the model's own port checks word it.
      if (range.minimum === 1 && range.maximum === 65535) return { path, message: `${describeNumber(error.data)} is not a port number (1-65535)` };
      return { path, message: `must be ${error.keyword === 'minimum' ? 'at least' : 'at most'} ${String(error.params.limit)} (got ${describeNumber(error.data)})` };
    }
    case 'type': {
      const expected = String(error.params.type).split(',').map(article).join(' or ');
      return { path, message: `must be ${expected} (got ${describe(error.data)})` };
    }
    default:
      return { path, message: error.message ?? 'is invalid' };
  }
}

function article(type: string): string {
  switch (type) {
    case 'object': return 'an object';
    case 'array': return 'a list';
    case 'integer': return 'an integer';
    default: return `a ${type}`;
  }
}

function describeNumber(value: unknown): string {
  return typeof value === 'number' ? String(value) : JSON.stringify(value);
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'an object';
  // JSON.stringify writes Infinity and NaN (YAML `.inf`, `.nan`, `1e400`) as null, a value the user never wrote.
  if (typeof value === 'number' && !Number.isFinite(value)) return `number ${String(value)}`;
  return `${typeof value} ${JSON.stringify(value)}`;
}

/** `/workloads/3/ingress/0` → `workloads[3].ingress[0]` (appended to a base path). */
export function joinPath(base: string, pointer: string): string {
  let path = base;
  for (const raw of pointer.split('/').slice(1)) {
    const part = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (/^\d+$/.test(part)) path += `[${part}]`;
    else path += path ? `.${part}` : part;
  }
  return path;
}

function valueAt(root: unknown, pointer: string): unknown {
  let node = root;
  for (const raw of pointer.split('/').slice(1)) {
    if (typeof node !== 'object' || node === null) return undefined;
    node = (node as Record<string, unknown>)[raw.replace(/~1/g, '/').replace(/~0/g, '~')];
  }
  return node;
}

function dedupe(problems: Problem[]): Problem[] {
  const seen = new Set<string>();
  // `from.system: is required` says nothing new next to `from.sytem: unknown field — did you mean "system"?`.
  const suggested = new Set(problems.flatMap((p) => {
    const m = /did you mean "([^"]+)"\?$/.exec(p.message);
    return m && p.message.startsWith('unknown field') ? [`${p.path.slice(0, p.path.lastIndexOf('.'))}.${m[1]}`] : [];
  }));
  return problems.filter((p) => {
    if (p.message === 'is required' && suggested.has(p.path)) return false;
    const key = `${p.path}\u0000${p.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
