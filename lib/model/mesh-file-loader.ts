/**
 * Reading a mesh file (YAML or JSON; JSON is YAML 1.2) into a `MeshFile`, and pointing each problem of
 * the definition at the line and column of the field it names, so a CLI user sees
 * `mesh.yaml:42:9: spec.workloads[3].ingress[0].from: unknown workload "pipline-controller"`.
 *
 * Two kinds of failure, because they call for different fixes (and exit codes):
 *   - `MeshFileReadError`: the file cannot be read, is not YAML/JSON, or is not a mesh file of a
 *     version this library reads (wrong `apiVersion`/`kind`). Nothing of the definition was checked.
 *   - `SecureMeshError` (from `resolveMesh`, paths prefixed with `spec.`), wrapped in
 *     `MeshFileProblemsError` with each problem located in the file.
 */
import * as path from 'path';
import type { Document, Node } from 'yaml';
import { yamlPackage } from '../yaml-package';
import type { SecureMeshProps } from './definition';
import { SecureMeshError, sortProblems, type Problem } from './errors';
import { MESH_FILE_API_VERSION, MESH_FILE_KIND, type MeshFile } from './mesh-file';
import { didYouMean } from './suggest';
import { capEchoes } from './echo';
import { fastJsonParse } from './fast-json';
import { fastParse } from './fast-yaml';
import { adoptParsedDefinition, snapshotDefinition } from './snapshot';
import { InputFileError, readInputFile } from './input-file';
import { formatFieldPath, MAX_ALIAS_COUNT, YAML_READ_OPTIONS, yamlReadingProblems } from './yaml-reading';
import { formatLocatedProblem, MeshFileReadError, type FilePosition, type LocatedProblem } from './mesh-file-errors';

export { formatLocatedProblem, MeshFileReadError, type FilePosition, type LocatedProblem } from './mesh-file-errors';




/** The definition in a mesh file has problems; each is located in the file. */
export class MeshFileProblemsError extends SecureMeshError {
  public readonly located: readonly LocatedProblem[];

  public constructor(file: string, located: readonly LocatedProblem[]) {
    super(located, `Invalid secure-mesh definition in ${file}`);
    this.located = located;
    const count = located.length === 1 ? '1 problem' : `${located.length} problems`;
    this.message = `Invalid secure-mesh definition in ${file} (${count}):\n${located.map((p) => `  ${formatLocatedProblem(p)}`).join('\n')}`;
  }
}

/** A loaded mesh file: its content, a name for its chart, and a way to locate field paths in it. */
export interface LoadedMeshFile {
  /** The path the file was loaded from, as given. */
  readonly file: string;
  readonly content: MeshFile;
  /** `metadata.name`, else the file name without its extension. */
  readonly name: string;
  /** Where the node at `spec.workloads[3].ingress[0]` starts (or its closest existing ancestor). */
  locate(fieldPath: string): FilePosition | undefined;
  /** Problems (paths relative to the file, e.g. `spec.workloads[0]`) with their positions. */
  locateAll(problems: readonly Problem[]): LocatedProblem[];
}

/**
 * Contents the fast readers built (`JSON.parse`, js-yaml on a file without anchors or aliases): fresh trees of plain
 * data that nothing else holds, which `checkedSpec` takes as they are (snapshot.ts `adoptParsedDefinition`). The
 * `yaml` reader's documents may share nodes through aliases, so they are copied.
 */
const FRESH_TREES = new WeakSet<object>();

/** Reads and parses a mesh file; see `parseMeshFile`. */
export function loadMeshFile(file: string): LoadedMeshFile {
  let text: string;
  try {
    // Regular files only, size-capped (input-file.ts): a FIFO or /dev/zero in a pull request must not stall CI.
    text = readInputFile(file);
  } catch (error) {
    if (!(error instanceof InputFileError)) throw error;
    // The message without its `file: ` prefix (MeshFileReadError adds it), worded for a mesh file.
    const reason = error.code === 'EISDIR' ? 'cannot read mesh file: is a directory, not a mesh file' : error.message.slice(file.length + 2).replace(/^cannot read: /, 'cannot read mesh file: ');
    throw new MeshFileReadError(file, reason);
  }
  return parseMeshFile(text, file);
}

/**
 * Parses mesh file text: YAML or JSON, one document, `apiVersion: secure-mesh.io/v1alpha1`,
 * `kind: SecureMesh`, optional `metadata`, and `spec` (the definition, checked later by `resolveMesh`).
 * Throws `MeshFileReadError` when the text is not such a file.
 */
export function parseMeshFile(text: string, file: string): LoadedMeshFile {
  return parseJson(text, file) ?? parseFast(text, file) ?? parseWithPositions(text, file);
}

/** JSON files: `JSON.parse` and a JSON syntax tree for positions (fast-json.ts), ~10× faster than a YAML reader. */
function parseJson(text: string, file: string): LoadedMeshFile | undefined {
  const fast = fastJsonParse(text);
  if (!fast) return undefined;
  const position = positionsIn(text);
  const locate = (fieldPath: string): FilePosition | undefined => {
    const offset = fast.offsetOf(parsePath(fieldPath));
    return offset === undefined ? undefined : position(offset);
  };
  return freshTree(meshFileOrUndefined(fast.value, file, locate));
}

function freshTree(loaded: LoadedMeshFile | undefined): LoadedMeshFile | undefined {
  if (loaded) FRESH_TREES.add(loaded.content);
  return loaded;
}

/** Line and column (1-based, as `yaml`'s LineCounter gives them) of an offset in `text`. */
function positionsIn(text: string): (offset: number) => FilePosition {
  let lineStarts: number[] | undefined;
  return (offset) => {
    if (!lineStarts) {
      lineStarts = [0];
      for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) lineStarts.push(i + 1);
    }
    let low = 0;
    let high = lineStarts.length;
    while (low + 1 < high) {
      const mid = (low + high) >> 1;
      if (lineStarts[mid] <= offset) low = mid;
      else high = mid;
    }
    return { line: low + 1, column: offset - lineStarts[low] + 1 };
  };
}

/**
 * The fast path (fast-yaml.ts): js-yaml's value and node positions, for a well-formed mesh file. Whatever it is not
 * sure about (a file that is not a mesh file, a position it cannot vouch for) is left to `parseWithPositions`, so
 * errors, messages and positions are the same either way.
 */
function parseFast(text: string, file: string): LoadedMeshFile | undefined {
  const fast = fastParse(text);
  if (!fast) return undefined;
  let slow: LoadedMeshFile | undefined;
  const position = positionsIn(text);
  const locate = (fieldPath: string): FilePosition | undefined => {
    const offset = fast.offsetOf(parsePath(fieldPath));
    return offset === 'unsure' ? (slow ??= parseWithPositions(text, file)).locate(fieldPath) : position(offset);
  };
  return freshTree(meshFileOrUndefined(fast.value, file, locate));
}

/**
 * A fast reading as a mesh file, or `undefined` when it is not one: the reference reading then words
 * the error, so messages do not depend on which reader ran.
 */
function meshFileOrUndefined(value: unknown, file: string, locate: (fieldPath: string) => FilePosition | undefined): LoadedMeshFile | undefined {
  try {
    checkHeader(value, file, locate);
  } catch (error) {
    if (error instanceof MeshFileReadError) return undefined;
    throw error;
  }
  return loadedFile(file, value as MeshFile, locate);
}

function loadedFile(file: string, header: MeshFile, locate: (fieldPath: string) => FilePosition | undefined): LoadedMeshFile {
  const name = header.metadata?.name ?? path.basename(file).replace(/\.(ya?ml|json)$/i, '');
  return {
    file,
    content: header,
    name,
    locate,
    // Located by the full path, then shown with long echoed values cut (echo.ts), also in JSON output.
    locateAll: (problems) => sortProblems(problems).map((p) => ({ path: capEchoes(p.path), message: capEchoes(p.message), file, position: locate(p.path) })),
  };
}

/**
 * The reference reading: `yaml`'s Document with a LineCounter, which locates anything and words every error.
 * `parseMeshFile` uses it whenever the fast path is unsure; exported so tests prove both agree.
 */
export function parseWithPositions(text: string, file: string): LoadedMeshFile {
  const lineCounter = new (yamlPackage().LineCounter)();
  const doc = yamlPackage().parseDocument(text, { ...YAML_READ_OPTIONS, lineCounter });
  const at = (offset: number | undefined): FilePosition | undefined => {
    if (offset === undefined) return undefined;
    const { line, col } = lineCounter.linePos(offset);
    return { line, column: col };
  };
  const syntaxError = doc.errors[0];
  if (syntaxError) {
    throw new MeshFileReadError(file, `not valid YAML or JSON: ${firstLine(syntaxError.message)}`, at(syntaxError.pos[0]));
  }
  // What another reader could read differently (yaml-reading.ts) is refused on the field it is on, before toJS.
  const unread = yamlReadingProblems(doc);
  if (unread.length > 0) {
    throw new MeshFileProblemsError(file, unread.map((p) => ({ path: formatFieldPath(p.parts), message: p.message, file, position: at(p.offset) })));
  }
  let content: unknown;
  try {
    content = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (error) {
    throw new MeshFileReadError(file, `cannot be read: ${(error as Error).message}`);
  }
  const locate = (fieldPath: string) => at(nodeAt(doc, fieldPath));
  checkHeader(content, file, locate);
  return loadedFile(file, content as MeshFile, locate);
}

/** The envelope must be right before the definition is worth checking: this decides what the rest means. */
function checkHeader(content: unknown, file: string, locate: (p: string) => FilePosition | undefined): void {
  if (typeof content !== 'object' || content === null || Array.isArray(content)) {
    throw new MeshFileReadError(file, `is not a mesh file: expected a mapping with apiVersion: ${MESH_FILE_API_VERSION}, kind: ${MESH_FILE_KIND} and spec`, locate(''));
  }
  const record = content as Record<string, unknown>;
  if (record.apiVersion !== MESH_FILE_API_VERSION) {
    const got = record.apiVersion === undefined ? 'no apiVersion' : `apiVersion ${JSON.stringify(record.apiVersion)}`;
    throw new MeshFileReadError(file, `${got} is not supported: this version of secure-mesh reads apiVersion: ${MESH_FILE_API_VERSION}`, locate('apiVersion'));
  }
  if (record.kind !== MESH_FILE_KIND) {
    throw new MeshFileReadError(file, `kind ${JSON.stringify(record.kind ?? null)} is not a mesh file: expected kind: ${MESH_FILE_KIND}`, locate('kind'));
  }
}

/**
 * The problems of the file's header and definition, located: the same checks and messages as
 * `resolveMesh` (paths prefixed with `spec.`), plus the header's own fields.
 */
export function meshFileProblems(loaded: LoadedMeshFile): LocatedProblem[] {
  const record = loaded.content as unknown as Record<string, unknown>;
  const problems: Problem[] = [];
  const known = ['apiVersion', 'kind', 'metadata', 'spec'];
  for (const key of Object.keys(record)) {
    if (!known.includes(key)) problems.push({ path: key, message: `unknown field${didYouMean(key, known) || ` (allowed: ${known.join(', ')})`}` });
  }
  problems.push(...metadataProblems(record.metadata));
  if (record.spec === undefined || record.spec === null) problems.push({ path: 'spec', message: 'is required: the secure-mesh definition' });
  return loaded.locateAll(problems);
}

function metadataProblems(metadata: unknown): Problem[] {
  if (metadata === undefined) return [];
  if (typeof metadata !== 'object' || metadata === null || Array.isArray(metadata)) return [{ path: 'metadata', message: 'must be an object with optional name and description' }];
  const problems: Problem[] = [];
  const known = ['name', 'description'];
  for (const [key, value] of Object.entries(metadata)) {
    if (!known.includes(key)) problems.push({ path: `metadata.${key}`, message: `unknown field${didYouMean(key, known) || ` (allowed: ${known.join(', ')})`}` });
    else if (typeof value !== 'string') problems.push({ path: `metadata.${key}`, message: 'must be a string' });
  }
  const name = (metadata as { name?: unknown }).name;
  // The name becomes the output file name (`<name>.k8s.yaml`): keep it a plain DNS-1123 label.
  if (typeof name === 'string' && !/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/.test(name)) {
    problems.push({ path: 'metadata.name', message: `"${name}" must be a DNS-1123 label (lowercase letters, digits and "-"), as it names the output file` });
  }
  return problems;
}

/**
 * The definition of a loaded mesh file, checked: header problems and every `resolveMesh` problem
 * together, located. Returns the spec for the construct; throws `MeshFileProblemsError`.
 */
export function checkedSpec(loaded: LoadedMeshFile, resolve: (spec: unknown) => unknown): SecureMeshProps {
  const located = meshFileProblems(loaded);
  // Checked and returned as the library's own (snapshot.ts), so the synthesis that follows copies nothing again.
  let spec = loaded.content.spec;
  if (spec !== undefined && spec !== null) {
    try {
      spec = FRESH_TREES.has(loaded.content) ? adoptParsedDefinition(spec) : snapshotDefinition(spec);
      resolve(spec);
    } catch (error) {
      if (!(error instanceof SecureMeshError)) throw error;
      located.push(...loaded.locateAll(error.problems.map((p) => ({ path: p.path ? `spec.${p.path}` : 'spec', message: p.message }))));
    }
  }
  if (located.length > 0) throw new MeshFileProblemsError(loaded.file, located);
  return spec;
}

/** Offset of the node a field path names, or of its closest ancestor present in the file. */
function nodeAt(doc: Document, fieldPath: string): number | undefined {
  let node: unknown = doc.contents;
  let offset = (doc.contents as Node | null)?.range?.[0];
  for (const key of parsePath(fieldPath)) {
    if (yamlPackage().isMap(node)) {
      const pair = node.items.find((p) => yamlPackage().isPair(p) && yamlPackage().isScalar(p.key) && String(p.key.value) === String(key));
      if (!pair) break;
      // Point at the key (`from:`), which is where a reader looks for the field.
      offset = (pair.key as Node).range?.[0] ?? offset;
      node = pair.value;
    } else if (yamlPackage().isSeq(node) && typeof key === 'number') {
      const item = node.items[key] as Node | undefined;
      if (!item) break;
      offset = item.range?.[0] ?? offset;
      node = item;
    } else {
      break;
    }
  }
  return offset;
}

/** `spec.workloads[3].ingress[0].from` → `['spec', 'workloads', 3, 'ingress', 0, 'from']`. */
export function parsePath(fieldPath: string): (string | number)[] {
  const parts: (string | number)[] = [];
  const re = /([^.[\]]+)|\[(\d+)\]|\["((?:[^"\\]|\\.)*)"\]/g;
  for (let m = re.exec(fieldPath); m; m = re.exec(fieldPath)) {
    if (m[1] !== undefined) parts.push(m[1]);
    else if (m[2] !== undefined) parts.push(Number(m[2]));
    else parts.push(m[3]);
  }
  return parts;
}

function firstLine(message: string): string {
  return message.split('\n')[0];
}
