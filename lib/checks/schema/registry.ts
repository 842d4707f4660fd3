/**
 * Loading the generated `schemas/` directory and compiling validators, lazily and once per kind.
 *
 * Strictness is added here, at load time (the files in `schemas/` stay faithful to upstream):
 *   - every object schema with `properties`, no `additionalProperties` and no `x-kubernetes-preserve-unknown-fields`
 *     gets `additionalProperties: false` (an API server would prune such fields silently);
 *   - `x-kubernetes-int-or-string` nodes accept integer or string;
 *   - `x-kubernetes-embedded-resource` nodes implicitly allow apiVersion/kind/metadata;
 *   - a CRD's `metadata` (usually just `type: object`) is validated against core ObjectMeta.
 * Formats (int32, int64, date-time, byte, …) are not validated (`validateFormats: false`), like kube's lenient decoding.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createHash } from 'node:crypto';
import type Ajv from 'ajv';
import type { ValidateFunction } from 'ajv';
import { compileRule, CompiledRule, RawRule, SchemaLike } from './cel';
import type { CelAst } from './cel-fast-path';
import { goRegExp } from './go-regexp';
import * as generated from './kind-validators.generated';

export type SchemaNode = {
  type?: string;
  properties?: Record<string, SchemaNode>;
  additionalProperties?: SchemaNode | boolean;
  items?: SchemaNode;
  allOf?: SchemaNode[];
  anyOf?: SchemaNode[];
  oneOf?: SchemaNode[];
  not?: SchemaNode;
  $ref?: string;
  required?: string[];
  'x-kubernetes-preserve-unknown-fields'?: boolean;
  'x-kubernetes-int-or-string'?: boolean;
  'x-kubernetes-embedded-resource'?: boolean;
  'x-kubernetes-validations'?: RawRule[];
  'x-kubernetes-list-type'?: string;
  'x-kubernetes-list-map-keys'?: string[];
  [key: string]: unknown;
};

interface IndexEntry {
  readonly file: string;
  readonly definition?: string;
  readonly namespaced: boolean;
  /**
   * An older served version whose schema is exactly this `apiVersion/kind`'s (scripts/import-crds.ts compares them):
   * validated by that kind's validator (Istio's v1alpha3/v1beta1 next to v1).
   */
  readonly sameSchemaAs?: string;
}

const K8S_ID = 'kubernetes.json';
/** The Kubernetes definitions in `schemas/` (core kinds, and ObjectMeta for every CRD). */
const K8S_DEFINITIONS_FILE = 'kubernetes-1.28.json';
const OBJECT_META = 'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta';

/** Find `schemas/` by walking up from this file: works from `lib/checks/schema` and `build/lib/checks/schema`. */
export function findSchemaDir(start: string = __dirname): string {
  let dir = start;
  for (;;) {
    const candidate = path.join(dir, 'schemas');
    if (fs.existsSync(path.join(candidate, 'index.json'))) return candidate;
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`schema validator: no schemas/index.json found above ${start}; run \`npm run import\``);
    dir = parent;
  }
}

/** The semantic plan: the parts of a schema the JSON-schema pass can't check (CEL rules, list-type uniqueness). */
export interface PlanNode {
  readonly schema: SchemaLike;
  rules?: CompiledRule[];
  listType?: 'set' | 'map';
  listMapKeys?: readonly string[];
  /** [property, plan] for each property with something to check (a list: the walk over every object iterates it). */
  props?: [string, PlanNode][];
  items?: PlanNode;
  values?: PlanNode;
}

export interface KindValidator {
  readonly apiVersion: string;
  readonly kind: string;
  readonly namespaced: boolean;
  readonly validate: ValidateFunction;
  readonly plan: PlanNode | undefined;
}

/**
 * Kinds whose validators are precompiled as ajv standalone code (kind-validators.generated.js, written by
 * scripts/generate-kind-validators.ts): every kind the mesh emits, plus the Istio Gateway the integrations emit.
 * Compiling them cost ~0.45 s in every process and test file that validates (docs/performance.md); other kinds
 * (workloads, kserve) are still compiled on first use.
 */
export const PRECOMPILED_KINDS: readonly string[] = [
  'v1/Namespace',
  'cert-manager.io/v1/Certificate',
  'cert-manager.io/v1/ClusterIssuer',
  'cert-manager.io/v1/Issuer',
  'monitoring.coreos.com/v1/PrometheusRule',
  'networking.istio.io/v1/DestinationRule',
  'networking.istio.io/v1/Gateway',
  'networking.istio.io/v1/Sidecar',
  'networking.k8s.io/v1/NetworkPolicy',
  'security.istio.io/v1/AuthorizationPolicy',
  'security.istio.io/v1/PeerAuthentication',
  'trust.cert-manager.io/v1alpha1/Bundle',
];

/** The ajv options of every kind validator, compiled at run time or generated as standalone code. */
const AJV_OPTIONS = {
  strict: false,
  allErrors: true,
  validateFormats: false,
  verbose: true,
  allowUnionTypes: true,
  // Don't inline $refs: factored-out duplicates (see factorDuplicates) then compile once each.
  inlineRefs: false,
} as const;

export interface SchemaRegistryOptions {
  /**
   * Use the precompiled validators of kind-validators.generated.js when they were generated from the same schemas
   * (checked by hash); otherwise compile at run time (same results, slower).
   * @default true
   */
  readonly precompiled?: boolean;
  /** Keep ajv's generated source (for scripts/generate-kind-validators.ts). @default false */
  readonly source?: boolean;
  /**
   * Evaluate CEL rules through their fast path first (cel-fast-path.ts; same results, cel-js decides whenever the fast
   * path is not sure). Off only to compare the two in tests.
   * @default true
   */
  readonly celFastPath?: boolean;
  /**
   * Compile large subschemas of the CRD kinds as functions of their own (`splitLargeSubschemas`; same results). Off
   * only to compare the two in tests.
   * @default true
   */
  readonly splitSchemas?: boolean;
}

/** The ajv key of a kind's compiled schema: a plain relative name, so `kubernetes.json` and shared specs resolve. */
function ajvKey(key: string): string {
  return `kind-${key.replace(/\//g, '_')}.json`;
}

export class SchemaRegistry {
  private readonly dir: string;
  private readonly index: Readonly<Record<string, IndexEntry>>;
  private ajv: Ajv | undefined;
  private k8sDefs: Record<string, SchemaNode> | undefined;
  /** apiVersion → kind → validator (null: unknown kind); nested so looking up an object's kind builds no string. */
  private readonly validators = new Map<string, Map<string, KindValidator | null>>();
  /** `$id` of each CRD spec schema added to ajv, by its JSON. */
  private readonly sharedSpecs = new Map<string, string>();

  private readonly options: SchemaRegistryOptions;
  private generatedMatches: boolean | undefined;

  constructor(dir: string = findSchemaDir(), options: SchemaRegistryOptions = {}) {
    this.dir = dir;
    this.options = options;
    const idx = JSON.parse(fs.readFileSync(path.join(dir, 'index.json'), 'utf8')) as { kinds: Record<string, IndexEntry> };
    this.index = idx.kinds;
  }

  knownKind(apiVersion: string, kind: string): boolean {
    return Object.prototype.hasOwnProperty.call(this.index, `${apiVersion}/${kind}`);
  }

  kinds(): string[] {
    return Object.keys(this.index);
  }

  /** The compiled validator for a kind, or undefined for an unknown kind. Compiled on first use, then cached. */
  get(apiVersion: string, kind: string): KindValidator | undefined {
    let ofVersion = this.validators.get(apiVersion);
    const cached = ofVersion?.get(kind);
    if (cached !== undefined) return cached ?? undefined;
    const key = `${apiVersion}/${kind}`;
    const entry = this.knownKind(apiVersion, kind) ? this.index[key] : undefined;
    const same = entry?.sameSchemaAs !== undefined ? this.get(...splitKey(entry.sameSchemaAs)) : undefined;
    const v = same ? { ...same, apiVersion, kind } : entry ? this.compile(apiVersion, kind, entry) : null;
    if (!ofVersion) this.validators.set(apiVersion, (ofVersion = new Map()));
    ofVersion.set(kind, v);
    return v ?? undefined;
  }

  /** Every CEL rule in a kind's plan, with its schema path (for tests that exercise each rule). */
  rulesOf(apiVersion: string, kind: string): Array<{ path: string; rule: CompiledRule }> {
    const out: Array<{ path: string; rule: CompiledRule }> = [];
    const walk = (n: PlanNode | undefined, p: string): void => {
      if (!n) return;
      for (const r of n.rules ?? []) out.push({ path: p, rule: r });
      for (const [k, c] of n.props ?? []) walk(c, p ? `${p}.${k}` : k);
      walk(n.items, `${p}[]`);
      walk(n.values, `${p}{}`);
    };
    walk(this.get(apiVersion, kind)?.plan, '');
    return out;
  }

  /** The Kubernetes definitions, strictified (for the plans and for ajv). */
  private ensureDefs(): Record<string, SchemaNode> {
    if (this.k8sDefs) return this.k8sDefs;
    const k8s = this.readJson(K8S_DEFINITIONS_FILE) as { definitions: Record<string, SchemaNode> };
    const defs: Record<string, SchemaNode> = {};
    for (const [name, def] of Object.entries(k8s.definitions)) defs[name] = strictify(def);
    this.k8sDefs = defs;
    return defs;
  }

  private ensureAjv(): Ajv {
    if (this.ajv) return this.ajv;
    // Loaded on first use (kinds without a precompiled validator): ~30 ms of module loading that synth never needs.
    const AjvClass = (require('ajv') as typeof import('ajv')).default;
    const ajv = new AjvClass({
      ...AJV_OPTIONS,
      // No codegen optimization passes: they cost ~30 % of compiling the kinds (every process pays it) and the
      // validators are not measurably slower without them (docs/performance.md); results are the same.
      code: { regExp: goRegExp, optimize: false, source: this.options.source === true },
    });
    ajv.addSchema({ $id: K8S_ID, definitions: this.ensureDefs() });
    this.ajv = ajv;
    return ajv;
  }

  /**
   * Identifies what the precompiled kinds are generated from: the ajv options, the index entries of PRECOMPILED_KINDS
   * and the bytes of the schema files they come from (their CRD files, and the Kubernetes definitions every kind refers
   * to for ObjectMeta), so a change to `schemas/` makes the generated file stale and the registry compiles at run time.
   * Hashing the files as read costs ~1 ms; hashing the strictified schemas, as before, cost ~35 ms per process. A
   * change to this file's code (`strictify`, the plans) is caught by test/schema/kind-validators.test.ts, which
   * regenerates the file and compares.
   */
  precompiledHash(): string {
    const hash = createHash('sha256').update(JSON.stringify(AJV_OPTIONS));
    const files = new Set<string>([K8S_DEFINITIONS_FILE]);
    for (const key of PRECOMPILED_KINDS) {
      if (!this.knownKind(...splitKey(key))) continue;
      const entry = this.index[key];
      hash.update(JSON.stringify([key, entry.file, entry.definition ?? null, entry.namespaced]));
      files.add(entry.file);
    }
    for (const file of [...files].sort()) hash.update(`\0${file}\0`).update(fs.readFileSync(path.join(this.dir, file)));
    return hash.digest('hex');
  }

  /** ajv and the key of each precompiled kind's validator, compiled: for ajv's standalone code generator. */
  compiledForStandalone(): { ajv: Ajv; refs: Record<string, string> } {
    const refs: Record<string, string> = {};
    for (const k of PRECOMPILED_KINDS) {
      if (!this.get(...splitKey(k))) continue;
      refs[k] = ajvKey(k);
    }
    return { ajv: this.ensureAjv(), refs };
  }

  /** The generated validator of a kind, when it exists and was generated from these schemas. */
  private precompiledValidator(key: string): ValidateFunction | undefined {
    const fn = (generated.KIND_VALIDATORS as unknown as Record<string, ValidateFunction | undefined>)[key];
    return fn && this.useGenerated() ? fn : undefined;
  }

  /** Whether to use kind-validators.generated.js: asked for, and generated from these schemas. */
  private useGenerated(): boolean {
    if (this.options.precompiled === false || this.options.source === true) return false;
    this.generatedMatches ??= generated.SCHEMA_HASH === this.precompiledHash();
    return this.generatedMatches;
  }

  /** A rule compiled for a plan: with its checked AST from the generated file when it has one (no cel-js needed). */
  private compileRule(raw: RawRule): CompiledRule {
    const fastPath = this.options.celFastPath !== false;
    const stored = fastPath && this.useGenerated() ? (generated.CEL_RULE_ASTS as Readonly<Record<string, CelAst | undefined>>)[raw.rule] : undefined;
    return compileRule(raw, { fastPath, ...(stored ? { checkedAst: stored } : {}) });
  }

  private readJson(file: string): unknown {
    return JSON.parse(fs.readFileSync(path.join(this.dir, file), 'utf8'));
  }

  private compile(apiVersion: string, kind: string, entry: IndexEntry): KindValidator {
    const key = `${apiVersion}/${kind}`;
    const precompiled = this.precompiledValidator(key);
    let validate: ValidateFunction;
    let plan: PlanNode | undefined;
    if (entry.definition) {
      const defs = this.ensureDefs();
      validate = precompiled ?? this.compileSchema(key, { $ref: `${K8S_ID}#/definitions/${entry.definition}` });
      plan = buildPlan(defs[entry.definition], (ref) => this.resolveK8sRef(ref), (r) => this.compileRule(r), new Map());
    } else {
      const raw = this.readJson(entry.file) as SchemaNode;
      if (precompiled) {
        validate = precompiled;
      } else {
        const schema = strictify(raw);
        // Every custom resource implicitly has apiVersion, kind and (ObjectMeta) metadata, declared or not.
        const props: Record<string, SchemaNode> = { apiVersion: { type: 'string' }, kind: { type: 'string' }, ...(schema.properties ?? {}) };
        props.metadata = { $ref: `${K8S_ID}#/definitions/${OBJECT_META}` };
        if (props.spec) props.spec = this.sharedSpec(this.ensureAjv(), props.spec);
        validate = this.compileSchema(key, this.split(factorDuplicates({ ...schema, properties: props })));
      }
      plan = buildPlan(raw, () => undefined, (r) => this.compileRule(r), new Map());
    }
    return { apiVersion, kind, namespaced: entry.namespaced, validate, plan };
  }

  /** Compile under a key (not an `$id`: the schema stays as is), so the standalone generator can name it. */
  private compileSchema(key: string, schema: SchemaNode): ValidateFunction {
    const ajv = this.ensureAjv();
    ajv.addSchema(schema, ajvKey(key));
    return ajv.getSchema(ajvKey(key))!;
  }

  /**
   * A CRD's `spec` schema, compiled once for every kind that has the same one: cert-manager's Issuer and ClusterIssuer
   * share a large spec (ACME solvers), and compiling it once saves ~0.4 s per process (docs/performance.md).
   */
  private sharedSpec(ajv: Ajv, spec: SchemaNode): SchemaNode {
    const key = JSON.stringify(spec);
    let id = this.sharedSpecs.get(key);
    if (id === undefined) {
      id = `shared-spec-${this.sharedSpecs.size}.json`;
      ajv.addSchema({ $id: id, ...this.split(factorDuplicates(spec)) });
      this.sharedSpecs.set(key, id);
    }
    return { $ref: id };
  }

  private split(schema: SchemaNode): SchemaNode {
    return this.options.splitSchemas === false ? schema : splitLargeSubschemas(schema);
  }

  private resolveK8sRef(ref: string): SchemaNode | undefined {
    const m = /#\/definitions\/(.+)$/.exec(ref);
    return m ? this.k8sDefs?.[m[1]] : undefined;
  }
}

function splitKey(key: string): [string, string] {
  const slash = key.lastIndexOf('/');
  return [key.slice(0, slash), key.slice(slash + 1)];
}

/**
 * Generated CRDs inline the same big subschema many times (kserve: a full PodSpec per component, ~600 KB in total),
 * which makes ajv compile for seconds. Replace every subschema that occurs more than once and is large into a shared
 * `definitions` entry referenced with `$ref`; ajv then compiles each once. Validation results are unchanged.
 */
export function factorDuplicates(root: SchemaNode, minSize = 300): SchemaNode {
  const counts = new Map<string, number>();
  const keyOf = new Map<object, string>();
  /** Calls `fn` on each direct child schema (properties values, items, additionalProperties, allOf/anyOf/oneOf, not). */
  const mapChildren = (node: SchemaNode, fn: (child: SchemaNode) => SchemaNode): SchemaNode => {
    const out: SchemaNode = { ...node };
    if (node.properties) {
      const props: Record<string, SchemaNode> = {};
      for (const [k, v] of Object.entries(node.properties)) props[k] = fn(v);
      out.properties = props;
    }
    if (node.items && typeof node.items === 'object' && !Array.isArray(node.items)) out.items = fn(node.items);
    if (node.additionalProperties && typeof node.additionalProperties === 'object') out.additionalProperties = fn(node.additionalProperties);
    for (const k of ['allOf', 'anyOf', 'oneOf'] as const) {
      const list = node[k];
      if (Array.isArray(list)) out[k] = list.map(fn);
    }
    if (node.not) out.not = fn(node.not);
    return out;
  };
  const visit = (node: SchemaNode): SchemaNode => {
    const key = JSON.stringify(node);
    keyOf.set(node, key);
    if (key.length >= minSize) counts.set(key, (counts.get(key) ?? 0) + 1);
    mapChildren(node, visit);
    return node;
  };
  visit(root);
  if (![...counts.values()].some((n) => n > 1)) return root;
  const names = new Map<string, string>();
  const definitions: Record<string, SchemaNode> = {};
  const rewrite = (node: SchemaNode): SchemaNode => {
    const key = keyOf.get(node);
    if (key !== undefined && (counts.get(key) ?? 0) > 1) {
      let name = names.get(key);
      if (!name) {
        name = `dup${names.size}`;
        names.set(key, name);
        definitions[name] = mapChildren(node, rewrite);
      }
      return { $ref: `#/definitions/${name}` };
    }
    return mapChildren(node, rewrite);
  };
  const top = mapChildren(root, rewrite);
  return { ...top, definitions: { ...((top.definitions as Record<string, SchemaNode>) ?? {}), ...definitions } };
}

/** Subschemas at least this long (as JSON) get a function of their own (`splitLargeSubschemas`); measured, see docs. */
const SPLIT_MIN_SIZE = 600;

/** What `reduceErrors` (index.ts) takes for an error inside an anyOf/oneOf/not branch, by its schemaPath. */
export const BRANCH_SCHEMA_PATH = /\/(anyOf|oneOf)\/\d+\/|\/not\//;

/**
 * Moves every large subschema reached through `properties`, `items` and `additionalProperties` alone into `definitions`
 * and refers to it with `$ref`, so ajv compiles it as a function of its own. Large CRD specs (AuthorizationPolicy's
 * rules, cert-manager's ACME solvers) otherwise become one validation function of 100+ KB whose optimization by V8
 * costs more CPU at 5,000 workloads than running it (docs/performance.md).
 *
 * Results stay the same: ajv reports errors inside a `$ref` with a schemaPath relative to the referenced schema, and
 * the only reader of schemaPath is `BRANCH_SCHEMA_PATH`; nothing is moved from below an anyOf/oneOf/not (or a
 * property path the pattern would match), so the pattern matches an error's path exactly when it did before.
 */
export function splitLargeSubschemas(root: SchemaNode, minSize = SPLIT_MIN_SIZE): SchemaNode {
  const definitions: Record<string, SchemaNode> = { ...((root.definitions as Record<string, SchemaNode>) ?? {}) };
  let n = 0;
  const visit = (node: SchemaNode, pointer: string, isRoot: boolean): SchemaNode => {
    if (typeof node !== 'object' || node === null || node.$ref !== undefined) return node;
    if (BRANCH_SCHEMA_PATH.test(`${pointer}/`)) return node;
    const out: SchemaNode = { ...node };
    if (node.properties) {
      const props: Record<string, SchemaNode> = {};
      for (const [k, v] of Object.entries(node.properties)) props[k] = visit(v, `${pointer}/properties/${k}`, false);
      out.properties = props;
    }
    if (node.items && typeof node.items === 'object' && !Array.isArray(node.items)) out.items = visit(node.items, `${pointer}/items`, false);
    if (node.additionalProperties && typeof node.additionalProperties === 'object') {
      out.additionalProperties = visit(node.additionalProperties, `${pointer}/additionalProperties`, false);
    }
    if (isRoot || JSON.stringify(node).length < minSize) return out;
    const name = `split${n++}`;
    definitions[name] = out;
    return { $ref: `#/definitions/${name}` };
  };
  const top = visit(root, '#', true);
  return n === 0 ? root : { ...top, definitions };
}

export { goRegExp, untranslatablePatterns } from './go-regexp';

/** A copy of `schema` with the strictness rules described at the top of this file applied. */
export function strictify(schema: SchemaNode): SchemaNode {
  if (typeof schema !== 'object' || schema === null) return schema;
  const out: SchemaNode = { ...schema };
  if (schema.properties) {
    const props: Record<string, SchemaNode> = {};
    for (const [k, v] of Object.entries(schema.properties)) props[k] = strictify(v);
    out.properties = props;
  }
  if (typeof schema.additionalProperties === 'object') out.additionalProperties = strictify(schema.additionalProperties);
  if (schema.items && typeof schema.items === 'object' && !Array.isArray(schema.items)) out.items = strictify(schema.items);
  for (const key of ['allOf', 'anyOf', 'oneOf'] as const) {
    const list = schema[key];
    if (Array.isArray(list)) out[key] = list.map(strictify);
  }
  if (schema.not) out.not = strictify(schema.not);
  if (schema['x-kubernetes-embedded-resource'] === true) {
    out.properties = {
      apiVersion: { type: 'string' },
      kind: { type: 'string' },
      metadata: { type: 'object' },
      ...(out.properties ?? {}),
    };
  }
  if (schema['x-kubernetes-int-or-string'] === true) {
    delete out.type;
    if (!out.anyOf && !out.oneOf) out.anyOf = [{ type: 'integer' }, { type: 'string' }];
  }
  if (out.properties && out.additionalProperties === undefined && schema['x-kubernetes-preserve-unknown-fields'] !== true) {
    out.additionalProperties = false;
  }
  return out;
}

/** Build the semantic plan for a schema; returns undefined when nothing below needs checking. */
function buildPlan(
  schema: SchemaNode | undefined,
  resolve: (ref: string) => SchemaNode | undefined,
  compile: (raw: RawRule) => CompiledRule,
  seen: Map<SchemaNode, PlanNode | undefined | 'building'>,
): PlanNode | undefined {
  if (!schema || typeof schema !== 'object') return undefined;
  if (schema.$ref) return buildPlan(resolve(schema.$ref), resolve, compile, seen);
  const memo = seen.get(schema);
  if (memo === 'building') return undefined; // recursive schema: the cycle adds nothing new
  if (memo !== undefined || seen.has(schema)) return memo as PlanNode | undefined;
  seen.set(schema, 'building');
  const node: PlanNode = { schema: schema as SchemaLike };
  let useful = false;
  const rules = schema['x-kubernetes-validations'];
  if (Array.isArray(rules) && rules.length > 0) {
    node.rules = rules.map((r) => compile(r));
    useful = true;
  }
  const lt = schema['x-kubernetes-list-type'];
  if (lt === 'set' || lt === 'map') {
    node.listType = lt;
    if (lt === 'map') node.listMapKeys = schema['x-kubernetes-list-map-keys'] ?? [];
    useful = true;
  }
  if (schema.properties) {
    for (const [k, v] of Object.entries(schema.properties)) {
      const child = buildPlan(v, resolve, compile, seen);
      if (child) {
        (node.props ??= []).push([k, child]);
        useful = true;
      }
    }
  }
  if (schema.items && typeof schema.items === 'object') {
    const child = buildPlan(schema.items, resolve, compile, seen);
    if (child) {
      node.items = child;
      useful = true;
    }
  }
  if (typeof schema.additionalProperties === 'object') {
    const child = buildPlan(schema.additionalProperties, resolve, compile, seen);
    if (child) {
      node.values = child;
      useful = true;
    }
  }
  const result = useful ? node : undefined;
  seen.set(schema, result);
  return result;
}
