/**
 * Reading Kubernetes manifests back from files (what `synth` wrote, or any other YAML/JSON), for the
 * commands that analyze emitted objects (`graph`, `diff`).
 */
import * as fs from 'fs';
import * as path from 'path';
import type { K8sObject } from '../k8s-object';
import { isAppTlsWiringDir } from '../integrations/app-tls/wellknown';
import { CliError, EXIT } from './exit-codes';
import { ManifestInputError, parseManifestFile, readManifestText, type LoadedObject, type SkippedFile } from '../checks/manifests';
import type { InputBudget } from '../model/input-file';

const MANIFEST_EXTENSIONS = /\.(ya?ml|json)$/i;

/**
 * Every manifest file under `dir` (recursively; hidden entries and node_modules skipped, as `validate` does), sorted
 * so output is deterministic.
 */
export function manifestFiles(dir: string): string[] {
  const files: string[] = [];
  const walk = (d: string) => {
    for (const entry of fs.readdirSync(d, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      if (entry.name.startsWith('.')) continue;
      const full = path.join(d, entry.name);
      // synth's app TLS wiring (patches and Helm values, not objects) sits next to its manifests: not read.
      if (entry.isDirectory()) {
        if (entry.name !== 'node_modules' && !isAppTlsWiringDir(entry.name)) walk(full);
      } else if (MANIFEST_EXTENSIONS.test(entry.name)) files.push(full);
    }
  };
  walk(dir);
  return files;
}

/** How `readManifestFile` reads: see `parseManifestFile` (checks/manifests.ts) and input-file.ts. */
export interface ReadManifestOptions {
  /** Found in a directory: a file that holds no Kubernetes object is skipped (unless `strict`). */
  readonly inDirectory?: boolean;
  readonly strict?: boolean;
  /** The command's size budget, shared by all the files it reads. */
  readonly budget?: InputBudget;
}

/**
 * The objects of one manifest file: every YAML document (a `List` contributes its items). Read by the one manifest
 * reader `validate` uses (checks/manifests.ts: the fast js-yaml path when it is sure, `yaml` otherwise, both reading
 * YAML as model/yaml-reading.ts says), so `graph`, `diff` and `validate` never read the same file differently.
 */
export function readManifestFile(file: string, options: ReadManifestOptions = {}): K8sObject[] {
  return readManifestFileContent(file, options).objects;
}

/** readManifestFile, and whether the file was skipped (found in a directory, holding no Kubernetes object). */
export function readManifestFileContent(file: string, options: ReadManifestOptions = {}): { objects: K8sObject[]; skipped?: SkippedFile } {
  let loaded: LoadedObject[];
  try {
    const content = parseManifestFile(readManifestText(file, options.budget), file, { inDirectory: options.inDirectory, strict: options.strict });
    if (content.skipped) return { objects: [], skipped: content.skipped };
    loaded = content.objects;
  } catch (error) {
    if (error instanceof ManifestInputError) throw new CliError(error.message, EXIT.USAGE);
    throw error;
  }
  const objects = loaded.map(({ object, line }) => {
    // The analysis names every object by its name: one without is not something it can place.
    if (!isRecord(object.metadata) || typeof object.metadata.name !== 'string') {
      throw new CliError(`${file}:${line}: not a Kubernetes object (expected apiVersion, kind and metadata.name)`, EXIT.USAGE);
    }
    return object;
  });
  return { objects };
}

function isRecord(value: unknown): value is Record<string, unknown> & { metadata?: unknown } {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
