/**
 * Reading Kubernetes manifests back from files (what `synth` wrote, or any other YAML/JSON), for the
 * commands that analyze emitted objects (`graph`, `diff`).
 */
import * as fs from 'fs';
import * as path from 'path';
import { LineCounter, parseAllDocuments } from 'yaml';
import type { K8sObject } from '../k8s-object';
import { CliError, EXIT } from './exit-codes';
import { formatFieldPath, MAX_ALIAS_COUNT, YAML_READ_OPTIONS, yamlReadingProblems } from '../model/yaml-reading';

const MANIFEST_EXTENSIONS = /\.(ya?ml|json)$/i;

/** Every manifest file under `dir` (recursively; hidden entries skipped), sorted so output is deterministic. */
export function manifestFiles(dir: string): string[] {
  const files: string[] = [];
  const walk = (d: string) => {
    for (const entry of fs.readdirSync(d, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      if (entry.name.startsWith('.')) continue;
      const full = path.join(d, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (MANIFEST_EXTENSIONS.test(entry.name)) files.push(full);
    }
  };
  walk(dir);
  return files;
}

/** The objects of one manifest file: every YAML document (a `List` contributes its items). */
export function readManifestFile(file: string): K8sObject[] {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw new CliError(`${file}: cannot read: ${(error as Error).message}`, EXIT.USAGE);
  }
  const lineCounter = new LineCounter();
  const objects: K8sObject[] = [];
  for (const doc of parseAllDocuments(text, { ...YAML_READ_OPTIONS, lineCounter })) {
    const error = doc.errors[0];
    if (error) {
      const { line, col } = lineCounter.linePos(error.pos[0]);
      throw new CliError(`${file}:${line}:${col}: not valid YAML or JSON: ${error.message.split('\n')[0]}`, EXIT.USAGE);
    }
    // One reading of YAML for every command (model/yaml-reading.ts): what another reader could read differently is refused.
    const unread = yamlReadingProblems(doc);
    if (unread.length > 0) {
      const where = (offset: number | undefined) => {
        const { line, col } = lineCounter.linePos(offset ?? 0);
        return `${file}:${line}:${col}`;
      };
      throw new CliError(unread.map((p) => `${where(p.offset)}: ${p.parts.length > 0 ? `${formatFieldPath(p.parts)}: ` : ''}${p.message}`).join('\n'), EXIT.USAGE);
    }
    const value = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT }) as unknown;
    if (value === null || value === undefined) continue;
    const start = doc.contents?.range?.[0] ?? 0;
    const where = () => {
      const { line, col } = lineCounter.linePos(start);
      return `${file}:${line}:${col}`;
    };
    const items = isRecord(value) && value.kind === 'List' && Array.isArray(value.items) ? value.items : [value];
    for (const item of items) {
      if (!isRecord(item) || typeof item.apiVersion !== 'string' || typeof item.kind !== 'string' || !isRecord(item.metadata) || typeof item.metadata.name !== 'string') {
        throw new CliError(`${where()}: not a Kubernetes object (expected apiVersion, kind and metadata.name)`, EXIT.USAGE);
      }
      objects.push(item as unknown as K8sObject);
    }
  }
  return objects;
}

function isRecord(value: unknown): value is Record<string, unknown> & { metadata?: unknown } {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
