/**
 * Reading Kubernetes manifests back from files (what `synth` wrote, or any other YAML/JSON), for the
 * commands that analyze emitted objects (`graph`, `diff`).
 */
import * as fs from 'fs';
import * as path from 'path';
import type { K8sObject } from '../k8s-object';
import { isAppTlsWiringDir } from '../integrations/app-tls/wellknown';
import { CliError, EXIT } from './exit-codes';
import { ManifestInputError, parseManifests, type LoadedObject } from '../checks/manifests';

const MANIFEST_EXTENSIONS = /\.(ya?ml|json)$/i;

/** Every manifest file under `dir` (recursively; hidden entries skipped), sorted so output is deterministic. */
export function manifestFiles(dir: string): string[] {
  const files: string[] = [];
  const walk = (d: string) => {
    for (const entry of fs.readdirSync(d, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      if (entry.name.startsWith('.')) continue;
      const full = path.join(d, entry.name);
      // synth's app TLS wiring (patches and Helm values, not objects) sits next to its manifests: not read.
      if (entry.isDirectory()) {
        if (!isAppTlsWiringDir(entry.name)) walk(full);
      }
      else if (MANIFEST_EXTENSIONS.test(entry.name)) files.push(full);
    }
  };
  walk(dir);
  return files;
}

/**
 * The objects of one manifest file: every YAML document (a `List` contributes its items). Read by the one manifest
 * reader `validate` uses (checks/manifests.ts: the fast js-yaml path when it is sure, `yaml` otherwise, both reading
 * YAML as model/yaml-reading.ts says), so `graph`, `diff` and `validate` never read the same file differently.
 */
export function readManifestFile(file: string): K8sObject[] {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw new CliError(`${file}: cannot read: ${(error as Error).message}`, EXIT.USAGE);
  }
  let loaded: LoadedObject[];
  try {
    loaded = parseManifests(text, file);
  } catch (error) {
    if (error instanceof ManifestInputError) throw new CliError(error.message, EXIT.USAGE);
    throw error;
  }
  return loaded.map(({ object, line }) => {
    // The analysis names every object by its name: one without is not something it can place.
    if (!isRecord(object.metadata) || typeof object.metadata.name !== 'string') {
      throw new CliError(`${file}:${line}: not a Kubernetes object (expected apiVersion, kind and metadata.name)`, EXIT.USAGE);
    }
    return object;
  });
}

function isRecord(value: unknown): value is Record<string, unknown> & { metadata?: unknown } {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
