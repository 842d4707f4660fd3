/**
 * The imported mesh file as text: the yaml-language-server modeline first (so editors check it against the
 * definition's schema), a header that lists every finding, and comments next to the workloads and rules they concern
 * (what was narrowed there; for rules learnt from traffic, how often the call was seen).
 */
import { Document, isNode } from 'yaml';
import type { MeshFile } from '../model/mesh-file';
import type { ImportFinding } from './finding';

export interface MeshFileComments {
  /** Comment lines before `spec.workloads[i]`. */
  readonly workloads?: ReadonlyMap<number, readonly string[]>;
  /** Comment lines before `spec.workloads[i].ingress[j]`, keyed `i/j`. */
  readonly rules?: ReadonlyMap<string, readonly string[]>;
}

export interface RenderMeshFileOptions {
  /** The schema path or URL for the modeline (relative to the mesh file). */
  readonly schema: string;
  /** Lines that say where the mesh file comes from (the command, the inputs). */
  readonly provenance: readonly string[];
  readonly findings: readonly ImportFinding[];
  readonly comments?: MeshFileComments;
}

const EFFECT_TITLE: Readonly<Record<ImportFinding['effect'], string>> = {
  narrowed: 'Narrowed (the mesh allows less than the manifests did):',
  'not-imported': 'Not imported (no counterpart in the definition; nothing widened):',
  info: 'Notes:',
};

/** One comment line per text line, never a line break inside a comment. */
function commentLines(lines: readonly string[]): string {
  return lines.flatMap((l) => l.split('\n')).map((l) => (l === '' ? '' : ` ${l}`)).join('\n');
}

export function renderMeshFile(meshFile: MeshFile, options: RenderMeshFileOptions): string {
  const doc = new Document(meshFile);
  const header: string[] = [`yaml-language-server: $schema=${options.schema}`, '', ...options.provenance];
  for (const effect of ['narrowed', 'not-imported', 'info'] as const) {
    const list = options.findings.filter((f) => f.effect === effect);
    if (list.length === 0) continue;
    header.push('', EFFECT_TITLE[effect], ...list.map((f) => `- ${f.object}: ${f.message}`));
  }
  // The first line must be the modeline itself: `yaml` writes a comment line as `#` + its text.
  doc.commentBefore = commentLines(header).replace(/^ /, ' ');
  for (const [i, lines] of options.comments?.workloads ?? []) {
    const node = doc.getIn(['spec', 'workloads', i], true);
    if (isNode(node)) node.commentBefore = commentLines(lines);
  }
  for (const [key, lines] of options.comments?.rules ?? []) {
    const [i, j] = key.split('/').map(Number);
    const node = doc.getIn(['spec', 'workloads', i, 'ingress', j], true);
    if (isNode(node)) node.commentBefore = commentLines(lines);
  }
  return doc.toString({ lineWidth: 0, flowCollectionPadding: false });
}
