import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { isAppTlsWiringDir } from '../integrations/app-tls/wellknown';
import { LineCounter, parseAllDocuments } from 'yaml';
import type { K8sObject } from '../k8s-object';
import { fastDocuments } from './fast-manifests';
import { formatFieldPath, YAML_READ_OPTIONS, yamlReadingProblems } from '../model/yaml-reading';

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

/** Every manifest file under the paths: files as given, directories recursively (*.yaml, *.yml, *.json), sorted. */
export async function manifestFiles(paths: readonly string[]): Promise<string[]> {
  const out: string[] = [];
  for (const p of paths) {
    let stat;
    try {
      stat = await fs.stat(p);
    } catch {
      throw new ManifestInputError(`${p}: no such file or directory`);
    }
    if (stat.isDirectory()) out.push(...(await walk(p)));
    else out.push(p);
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
 * Parse one file's text: multi-document YAML (JSON is YAML), `List` / `*List` objects flattened into their items.
 * Read with the fast reader when it is sure (fast-manifests.ts), otherwise with the `yaml` package, whose line numbers
 * and messages are the reference. Throws ManifestInputError naming the file and line on bad YAML.
 */
export function parseManifests(text: string, file: string): LoadedObject[] {
  const fast = fastDocuments(text);
  if (!fast) return parseManifestsWithYaml(text, file);
  const out: LoadedObject[] = [];
  for (const { value, line, itemLines } of fast) {
    if (itemLines) (value.items as unknown[]).forEach((item, i) => pushObject(out, item, file, itemLines[i]));
    else pushObject(out, value, file, line);
  }
  return out;
}

/** parseManifests with the `yaml` package alone: the reference, and the reader of whatever the fast path declines. */
export function parseManifestsWithYaml(text: string, file: string): LoadedObject[] {
  const lineCounter = new LineCounter();
  const docs = parseAllDocuments(text, { ...YAML_READ_OPTIONS, lineCounter });
  const list = Array.isArray(docs) ? docs : [docs];
  const out: LoadedObject[] = [];
  for (const doc of list) {
    const error = doc.errors[0];
    if (error) {
      const line = lineCounter.linePos(error.pos[0]).line;
      throw new ManifestInputError(`${file}:${line}: not valid YAML: ${error.message.split('\n')[0]}`);
    }
    // What kubectl (go-yaml) could read differently from us is refused, not guessed (model/yaml-reading.ts).
    const unread = yamlReadingProblems(doc);
    if (unread.length > 0) {
      throw new ManifestInputError(unread.map((p) => `${file}:${lineCounter.linePos(p.offset ?? 0).line}: ${p.parts.length > 0 ? `${formatFieldPath(p.parts)}: ` : ''}${p.message}`).join('\n'));
    }
    const value: unknown = doc.toJS({ maxAliasCount: 1000 });
    if (value === null || value === undefined) continue;
    const docLine = lineCounter.linePos(firstContentOffset(doc)).line;
    if (typeof value !== 'object' || Array.isArray(value)) {
      throw new ManifestInputError(`${file}:${docLine}: expected a Kubernetes object (a mapping with apiVersion and kind)`);
    }
    const obj = value as Record<string, unknown>;
    if (typeof obj.kind === 'string' && (obj.kind === 'List' || obj.kind.endsWith('List')) && Array.isArray(obj.items)) {
      const itemsNode = (doc.contents as any)?.get?.('items', true);
      obj.items.forEach((item, i) => {
        const node = itemsNode?.items?.[i];
        const line = node?.range ? lineCounter.linePos(node.range[0]).line : docLine;
        pushObject(out, item, file, line);
      });
    } else {
      pushObject(out, obj, file, docLine);
    }
  }
  return out;
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

/** Load every manifest under the paths. */
export async function loadManifests(paths: readonly string[]): Promise<LoadedObject[]> {
  const out: LoadedObject[] = [];
  for (const file of await manifestFiles(paths)) {
    let text: string;
    try {
      text = await fs.readFile(file, 'utf8');
    } catch (e) {
      throw new ManifestInputError(`${file}: cannot read: ${(e as Error).message}`);
    }
    out.push(...parseManifests(text, file));
  }
  return out;
}
