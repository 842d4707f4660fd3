/**
 * What the commands read: a mesh file (the definition), or emitted objects from a mesh file (by
 * synthesizing it) or from manifests on disk. Analysis always runs on objects, never on the intent.
 */
import * as fs from 'fs';
import type { K8sObject } from '../k8s-object';
import type { DeclaredWorkload } from '../report/types';
import type { SecureMeshProps } from '../model/definition';
import { loadAll } from 'js-yaml';
import { yamlPackage } from '../yaml-package';
import { MeshFileReadError, type LoadedMeshFile, type LocatedProblem } from '../model/mesh-file-loader';
import { MESH_FILE_KIND } from '../model/mesh-file';
import { synthesizeMesh } from '../mesh/synthesize';
import { CliError, EXIT } from './exit-codes';
import { manifestFiles, readManifestFile, readManifestFileContent } from './read-manifests';
import type { SkippedFile } from '../checks/manifests';
/** Notes for the files `loadObjects` skipped (the commands print them on stderr). */
export { skippedNotes } from '../checks/manifests';
import { InputBudget, InputFileError, readInputFile } from '../model/input-file';
import { loadCheckedDefinition } from './synth-definition';

export interface DefinitionInput {
  readonly loaded: LoadedMeshFile;
  readonly spec: SecureMeshProps;
}

/**
 * A mesh file, read and fully checked (throws `MeshFileReadError` or `MeshFileProblemsError`): checked by synthesizing
 * it, so the problems of integration sections are located at the fields the user wrote (synth-definition.ts).
 */
export function loadDefinition(file: string): DefinitionInput {
  const { loaded, spec } = loadCheckedDefinition(file);
  return { loaded, spec };
}

/** Warnings of a definition, located in its mesh file. */
export function locatedWarnings(loaded: LoadedMeshFile, warnings: readonly { path: string; message: string }[]): LocatedProblem[] {
  return loaded.locateAll(warnings.map((w) => ({ path: w.path ? `spec.${w.path}` : 'spec', message: w.message })));
}

/** Settings of the emitted objects the analysis needs, known from the definition or given as options. */
export interface MeshSettings {
  readonly rootNamespace?: string;
  readonly trustDomain?: string;
  readonly clusterDomain?: string;
}

export interface ObjectsInput {
  /** `mesh file` or `manifests`: how the objects were obtained. */
  readonly source: 'mesh file' | 'manifests';
  readonly objects: readonly K8sObject[];
  readonly settings: MeshSettings;
  /** Files of a directory that hold no Kubernetes object (a values.yaml, a MeshConfig), skipped: say so. */
  readonly skipped: readonly SkippedFile[];
  /** A mesh file's declared workloads (for `graph`: pods no emitted object names still exist). */
  readonly declaredWorkloads?: readonly DeclaredWorkload[];
}

/** How `loadObjects` reads manifests. */
export interface LoadOptions {
  /** Refuse files of a directory that hold no Kubernetes object, instead of skipping them. @default false */
  readonly strict?: boolean;
  /** The command's size budget (input-file.ts), shared by all its inputs. @default a budget of its own */
  readonly budget?: InputBudget;
}

/**
 * The emitted objects of `input`: a mesh file is synthesized (the same objects `synth` writes), a
 * directory or a non-mesh YAML file is read as manifests. Every file is read as input-file.ts says (regular files
 * only, sizes capped): a FIFO or a device in a pull request is refused, never waited on.
 */
export function loadObjects(input: string, overrides: MeshSettings = {}, options: LoadOptions = {}): ObjectsInput {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(input);
  } catch {
    throw new CliError(`${input}: no such file or directory (expected a mesh file or a directory of manifests)`, EXIT.USAGE);
  }
  const budget = options.budget ?? new InputBudget();
  if (stat.isDirectory()) {
    const files = manifestFiles(input);
    if (files.length === 0) throw new CliError(`${input}: no manifests (*.yaml, *.yml, *.json) in this directory`, EXIT.USAGE);
    const objects: K8sObject[] = [];
    const skipped: SkippedFile[] = [];
    for (const file of files) {
      const content = readManifestFileContent(file, { inDirectory: true, strict: options.strict, budget });
      if (content.skipped) skipped.push(content.skipped);
      objects.push(...content.objects);
    }
    if (objects.length === 0 && skipped.length > 0) {
      throw new CliError(`${input}: no Kubernetes objects: ${skipped.length} file${skipped.length === 1 ? '' : 's'} skipped (${skipped.map((s) => `${s.file}: ${s.reason}`).join('; ')})`, EXIT.USAGE);
    }
    return { source: 'manifests', objects, settings: overrides, skipped };
  }
  // Read once, safely, before anything else opens it: a FIFO or /dev/zero is refused here (exit 2).
  let text: string;
  try {
    text = readInputFile(input, budget);
  } catch (error) {
    if (error instanceof InputFileError) throw new CliError(error.message, EXIT.USAGE);
    throw error;
  }
  const asManifests = (): ObjectsInput => ({ source: 'manifests', objects: readManifestFile(input, { budget: new InputBudget() }), settings: overrides, skipped: [] });
  // A mesh file is parsed once: when its text names the kind (every mesh file does), the mesh-file loader goes first,
  // and `isMeshFile` (a whole parse of its own, ~0.3 s for 5,000 workloads) runs only when the loader refuses the
  // file, to tell a broken mesh file from manifests. The loader accepts nothing but one document of kind SecureMesh,
  // which `isMeshFile` accepts too, so every file is still taken for what it was taken for before.
  let checked: ReturnType<typeof loadCheckedDefinition>;
  if (namesMeshFileKind(text)) {
    try {
      checked = loadCheckedDefinition(input);
    } catch (error) {
      if (!(error instanceof MeshFileReadError) || isMeshFile(text)) throw error;
      return asManifests();
    }
  } else {
    if (!isMeshFile(text)) return asManifests();
    checked = loadCheckedDefinition(input);
  }
  // Checking the definition synthesizes it already when it has no integration sections (synth-definition.ts).
  const { spec, synthesized } = checked;
  const { mesh, objects } = synthesized ?? synthesizeMesh(spec);
  return {
    source: 'mesh file',
    objects,
    declaredWorkloads: mesh.workloads.map((w) => ({
      namespace: w.namespace, name: w.name, labels: w.selector, serviceAccount: w.serviceAccount, sidecar: w.sidecar, ports: w.ports.map((p) => p.port),
    })),
    settings: {
      rootNamespace: overrides.rootNamespace ?? (mesh.istio ? mesh.istio.rootNamespace : undefined),
      trustDomain: overrides.trustDomain ?? mesh.trustDomain,
      clusterDomain: overrides.clusterDomain ?? mesh.clusterDomain,
    },
    skipped: [],
  };
}

/** Whether the text has a line `kind: SecureMesh` (or `"kind": "SecureMesh"`): cheap, and only ever a hint. */
function namesMeshFileKind(text: string): boolean {
  return new RegExp(`["']?kind["']?\\s*:\\s*["']?${MESH_FILE_KIND}\\b`).test(text);
}

/** A text whose first document says `kind: SecureMesh`; unparseable texts count too, so their error is the mesh file loader's. */
function isMeshFile(text: string): boolean {
  // js-yaml reads a 2.5 MB mesh file in ~0.3 s where `yaml` takes ~2.6 s; `yaml` decides whatever js-yaml cannot read.
  try {
    const documents: unknown[] = [];
    loadAll(text, (doc) => documents.push(doc));
    if (documents.length === 0) return true;
    const first = documents[0];
    return typeof first === 'object' && first !== null && (first as Record<string, unknown>).kind === MESH_FILE_KIND;
  } catch {
    // not readable by js-yaml: `yaml` below words it the same way as before
  }
  try {
    const first = yamlPackage().parseAllDocuments(text)[0];
    if (!first || first.errors.length > 0) return true;
    return first.get('kind') === MESH_FILE_KIND;
  } catch {
    return true;
  }
}
