import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { isAppTlsWiringDir } from '../integrations/app-tls/wellknown';
import { yamlPackage } from '../yaml-package';
import type { K8sObject } from '../k8s-object';
import { fastDocuments } from './fast-manifests';
import { formatFieldPath, YAML_READ_OPTIONS, yamlReadingProblems } from '../model/yaml-reading';
import { InputBudget, InputFileError, readInputFile } from '../model/input-file';

/** An object read from a file, with where it came from (SARIF and text output point at it). */
export interface LoadedObject {
  readonly object: K8sObject;
  /** The path as the user gave it (relative paths stay relative). */
  readonly file: string;
  /** 1-based line of the object's document (or list item). */
  readonly line: number;
}

/** Input that cannot be used at all: missing file, unparseable YAML. The validate command exits 2 on it. */
export class ManifestInputError extends Error {
  public constructor(message: string) {
    super(message);
    this.name = 'ManifestInputError';
  }
}

const EXTENSIONS = ['.yaml', '.yml', '.json'];

/** A file found under the paths, and whether it was named on the command line or found in a directory. */
export interface ManifestFile {
  readonly file: string;
  /** Found by walking a directory (not named by the user): a file that holds no Kubernetes object is skipped. */
  readonly inDirectory: boolean;
}

/** Every manifest file under the paths: files as given, directories recursively (*.yaml, *.yml, *.json), sorted. */
export async function manifestFiles(paths: readonly string[]): Promise<string[]> {
  return (await manifestFileList(paths)).map((f) => f.file);
}

/** manifestFiles, each with whether a directory walk found it. */
export async function manifestFileList(paths: readonly string[]): Promise<ManifestFile[]> {
  const out: ManifestFile[] = [];
  for (const p of paths) {
    let stat;
    try {
      stat = await fs.stat(p);
    } catch {
      throw new ManifestInputError(`${p}: no such file or directory`);
    }
    if (stat.isDirectory()) out.push(...(await walk(p)).map((file) => ({ file, inDirectory: true })));
    else out.push({ file: p, inDirectory: false });
  }
  return out;
}

async function walk(dir: string): Promise<string[]> {
  const entries = (await fs.readdir(dir, { withFileTypes: true })).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const out: string[] = [];
  for (const e of entries) {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) {
      // synth's app TLS wiring (patches and Helm values, not objects) sits next to its manifests.
      if (e.name !== 'node_modules' && !e.name.startsWith('.') && !isAppTlsWiringDir(e.name)) out.push(...(await walk(full)));
    } else if (EXTENSIONS.includes(path.extname(e.name).toLowerCase())) out.push(full);
  }
  return out;
}

/**
 * Aliases one manifest document may expand (`yaml`'s `maxAliasCount`, a count weighted by what each alias holds):
 * an alias bomb (`b: [*a, *a, …]` nested) is refused with a message instead of filling memory. Mesh files allow
 * fewer (yaml-reading.ts MAX_ALIAS_COUNT); hand-written manifests use anchors for repeated blocks more often.
 */
export const MANIFEST_MAX_ALIAS_COUNT = 1000;

/** A file found in a directory that is read as no Kubernetes object: skipped, with why. */
export interface SkippedFile {
  readonly file: string;
  readonly reason: string;
}

/** The note for skipped files, one line each (the same words in every command). */
export function skippedNotes(skipped: readonly SkippedFile[]): string {
  return skipped.map((s) => `note: ${s.file}: skipped, ${s.reason} (--strict refuses it)\n`).join('');
}

/** One file's objects, or why it was skipped (only files found in a directory are skipped, and never with `strict`). */
export type ManifestFileContent = { readonly objects: LoadedObject[]; readonly skipped?: undefined } | { readonly objects: []; readonly skipped: SkippedFile };

/** How a file is read: `inDirectory` files that hold no Kubernetes object are skipped unless `strict`. */
export interface ParseOptions {
  readonly inDirectory?: boolean;
  readonly strict?: boolean;
}

/** One parsed document (before List items are taken out): its value and lines. */
interface RawDocument {
  readonly value: unknown;
  readonly line: number;
  readonly itemLines?: readonly (number | undefined)[];
}

/**
 * Parse one file's text: multi-document YAML (JSON is YAML), `List` / `*List` objects flattened into their items.
 * Read with the fast reader when it is sure (fast-manifests.ts), otherwise with the `yaml` package, whose line numbers
 * and messages are the reference. Throws ManifestInputError naming the file and line on bad YAML.
 */
export function parseManifests(text: string, file: string): LoadedObject[] {
  return parseManifestFile(text, file).objects;
}

/**
 * parseManifests, and for a file found in a directory (`options.inDirectory`), a file that holds no Kubernetes
 * object is skipped instead of refused (a `values.yaml`, a MeshConfig, a `package.json`): no document is a mapping
 * with a `kind`, or with an `apiVersion` and `metadata` (a manifest missing one of them is still refused, so a broken
 * manifest is never skipped). A `.json` file in a directory that does not parse is skipped too (tsconfig files with
 * comments, JSON Schemas); a `.yaml` file that does not parse is refused (it may be a manifest with a typo). With
 * `options.strict`, nothing is skipped.
 */
export function parseManifestFile(text: string, file: string, options: ParseOptions = {}): ManifestFileContent {
  const skippable = options.inDirectory === true && options.strict !== true;
  const fast = fastDocuments(text);
  if (fast) {
    const docs: RawDocument[] = fast.map(({ value, line, itemLines }) => ({ value, line, itemLines }));
    if (skippable && !docs.some((d) => looksLikeObject(d.value))) return skip(file, docs);
    return { objects: objectsOf(docs, file) };
  }
  return parseWithYaml(text, file, skippable);
}

/** parseManifests with the `yaml` package alone: the reference, and the reader of whatever the fast path declines. */
export function parseManifestsWithYaml(text: string, file: string): LoadedObject[] {
  return parseWithYaml(text, file, false).objects;
}

function parseWithYaml(text: string, file: string, skippable: boolean): ManifestFileContent {
  const lineCounter = new (yamlPackage().LineCounter)();
  const docs = yamlPackage().parseAllDocuments(text, { ...YAML_READ_OPTIONS, lineCounter });
  const list = Array.isArray(docs) ? docs : [docs];
  const raw: RawDocument[] = [];
  // The first error in document order; thrown after every document is read, unless the file is skipped.
  let firstError: string | undefined;
  for (const doc of list) {
    const error = doc.errors[0];
    if (error) {
      const line = lineCounter.linePos(error.pos[0]).line;
      const message = `${file}:${line}: not valid YAML: ${error.message.split('\n')[0]}`;
      // A .json file found in a directory that does not parse is not a manifest (JSON with comments, templates).
      if (skippable && /\.json$/i.test(file)) return skip(file, [], 'not valid JSON');
      throw new ManifestInputError(firstError ?? message);
    }
    // What kubectl (go-yaml) could read differently from us is refused, not guessed (model/yaml-reading.ts).
    const unread = yamlReadingProblems(doc);
    if (unread.length > 0 && firstError === undefined) {
      firstError = unread.map((p) => `${file}:${lineCounter.linePos(p.offset ?? 0).line}: ${p.parts.length > 0 ? `${formatFieldPath(p.parts)}: ` : ''}${p.message}`).join('\n');
    }
    const docLine = lineCounter.linePos(firstContentOffset(doc)).line;
    let value: unknown;
    try {
      value = doc.toJS({ maxAliasCount: MANIFEST_MAX_ALIAS_COUNT });
    } catch (e) {
      // `yaml` throws a ReferenceError past maxAliasCount ("Excessive alias count …"): an alias bomb, or too many.
      if (!(e instanceof ReferenceError)) throw e;
      if (firstError === undefined) {
        firstError = `${file}:${docLine}: too many aliases (*name) in this document (more than ${MANIFEST_MAX_ALIAS_COUNT} expanded nodes; an alias bomb?): write the repeated fields out`;
      }
      // Whether it looks like an object is read from its top-level keys, which need no alias expansion.
      value = topLevelKeys(doc);
    }
    if (value === null || value === undefined) continue;
    // The line of each List item (only Lists have them located; see isList).
    const itemsNode = typeof value === 'object' && isList(value as Record<string, unknown>) ? (doc.contents as any)?.get?.('items', true) : undefined;
    const itemLines = yamlPackage().isSeq(itemsNode) ? itemsNode.items.map((node: any) => (node?.range ? lineCounter.linePos(node.range[0]).line : undefined)) : undefined;
    raw.push({ value, line: docLine, itemLines });
  }
  if (skippable && !raw.some((d) => looksLikeObject(d.value))) return skip(file, raw);
  if (firstError !== undefined) throw new ManifestInputError(firstError);
  return { objects: objectsOf(raw, file) };
}

/** A document's top-level scalar values (aliases left out), enough for `looksLikeObject`. */
function topLevelKeys(doc: { contents: unknown }): Record<string, unknown> | undefined {
  const contents = doc.contents;
  if (!yamlPackage().isMap(contents)) return undefined;
  const out: Record<string, unknown> = {};
  for (const pair of contents.items) {
    if (yamlPackage().isScalar(pair.key)) out[String(pair.key.value)] = yamlPackage().isScalar(pair.value) ? pair.value.value : {};
  }
  return out;
}

/**
 * Whether a document is meant as a Kubernetes object: a mapping with a `kind` (every object and List has one), or
 * with an `apiVersion` and `metadata` (an object whose kind is missing: refused, not skipped). A Helm `Chart.yaml`
 * (apiVersion, no kind or metadata), a `values.yaml`, Istio's MeshConfig, a `package.json` are not.
 */
function looksLikeObject(value: unknown): boolean {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const v = value as Record<string, unknown>;
  return typeof v.kind === 'string' || (typeof v.apiVersion === 'string' && v.metadata !== undefined);
}

function skip(file: string, docs: readonly RawDocument[], why?: string): ManifestFileContent {
  const reason = why ?? (docs.length === 0 ? 'no YAML document' : 'no Kubernetes object (no document has a kind)');
  return { objects: [], skipped: { file, reason } };
}

/** A List: `kind: List` or a typed list (`PodList`, `NetworkPolicyList`, …) with `items` (absent or null: none). */
function isList(obj: Record<string, unknown>): boolean {
  return typeof obj.kind === 'string' && obj.kind.endsWith('List') && (Array.isArray(obj.items) || ('items' in obj && obj.items === null));
}

function objectsOf(docs: readonly RawDocument[], file: string): LoadedObject[] {
  const out: LoadedObject[] = [];
  for (const { value, line, itemLines } of docs) {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      throw new ManifestInputError(`${file}:${line}: expected a Kubernetes object (a mapping with apiVersion and kind)`);
    }
    pushOrFlatten(out, value as Record<string, unknown>, file, line, itemLines);
  }
  return out;
}

/**
 * An object, or a List's items (Lists in Lists too), as kubectl reads them (`FlattenListVisitor` in
 * k8s.io/cli-runtime resource/visitor.go). Items of a typed list that name neither apiVersion nor kind are of the
 * list's apiVersion and kind without `List`: the API server writes typed lists that way (`kubectl get --raw`,
 * client libraries), and kubectl reads them so (`UnstructuredJSONScheme.decodeToList`, k8s.io/apimachinery
 * pkg/apis/meta/v1/unstructured/helpers.go: "API server doesn't set each item's APIVersion and Kind").
 */
function pushOrFlatten(out: LoadedObject[], value: Record<string, unknown>, file: string, line: number, itemLines?: readonly (number | undefined)[]): void {
  if (!isList(value)) {
    pushObject(out, value, file, line);
    return;
  }
  const items = (value.items as unknown[] | null) ?? [];
  const typed = value.kind !== 'List' && typeof value.apiVersion === 'string';
  items.forEach((item, i) => {
    const at = itemLines?.[i] ?? line;
    if (!item || typeof item !== 'object' || Array.isArray(item)) throw new ManifestInputError(`${file}:${at}: expected a Kubernetes object`);
    let obj = item as Record<string, unknown>;
    if (typed && obj.apiVersion === undefined && obj.kind === undefined) {
      obj = { apiVersion: value.apiVersion, kind: (value.kind as string).slice(0, -'List'.length), ...obj };
    }
    pushOrFlatten(out, obj, file, at);
  });
}

function pushObject(out: LoadedObject[], item: unknown, file: string, line: number): void {
  if (!item || typeof item !== 'object' || Array.isArray(item)) throw new ManifestInputError(`${file}:${line}: expected a Kubernetes object`);
  const obj = item as Record<string, any>;
  if (typeof obj.apiVersion !== 'string' || typeof obj.kind !== 'string') {
    throw new ManifestInputError(`${file}:${line}: a manifest needs apiVersion and kind`);
  }
  // A missing metadata.name is the schema check's to report (SM-SC-001), not unusable input.
  const object = (obj.metadata && typeof obj.metadata === 'object' ? obj : { ...obj, metadata: {} }) as K8sObject;
  out.push({ object, file, line });
}

/** Offset of a document's first content (after `---` and comments), so the reported line is the object's. */
function firstContentOffset(doc: { contents: unknown; range: [number, number, number] }): number {
  const contents = doc.contents as { range?: [number, number, number] } | null;
  return contents?.range ? contents.range[0] : doc.range[0];
}

/** What `loadManifestInputs` read: the objects, and the files of directories it skipped. */
export interface LoadedManifests {
  readonly objects: LoadedObject[];
  readonly skipped: SkippedFile[];
}

/**
 * Every manifest under the paths. Each file is read as input-file.ts says (regular files only, size caps per file
 * and for all files together); a file found in a directory that holds no Kubernetes object is skipped (see
 * `parseManifestFile`), unless `strict`. A file named in `paths` is always read as manifests: naming it is asking.
 */
export async function loadManifestInputs(paths: readonly string[], options: { strict?: boolean; budget?: InputBudget } = {}): Promise<LoadedManifests> {
  const objects: LoadedObject[] = [];
  const skipped: SkippedFile[] = [];
  const budget = options.budget ?? new InputBudget();
  for (const { file, inDirectory } of await manifestFileList(paths)) {
    const content = parseManifestFile(readManifestText(file, budget), file, { inDirectory, strict: options.strict });
    if (content.skipped) skipped.push(content.skipped);
    else objects.push(...content.objects);
  }
  return { objects, skipped };
}

/** A manifest file's text, read safely (input-file.ts); ManifestInputError when it cannot be. */
export function readManifestText(file: string, budget?: InputBudget): string {
  try {
    return readInputFile(file, budget);
  } catch (e) {
    if (e instanceof InputFileError) throw new ManifestInputError(e.message);
    throw e;
  }
}

/** Load every manifest under the paths (files of directories that hold no object skipped: `loadManifestInputs`). */
export async function loadManifests(paths: readonly string[]): Promise<LoadedObject[]> {
  return (await loadManifestInputs(paths)).objects;
}
