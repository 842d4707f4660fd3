import type { K8sObject } from '../k8s-object';
import { packageVersion } from '../cli/package-info';
import { runPack } from './engine';
import { compareFindings, refOf, type Finding } from './finding';
import { capEchoes } from '../model/echo';
import { formatJson } from './formatters/json';
import { formatSarif } from './formatters/sarif';
import { formatText, type Located } from './formatters/text';
import { loadManifestInputs, ManifestInputError, skippedNotes, type LoadedObject, type SkippedFile } from './manifests';
import { allRuleMeta, SCHEMA_VIOLATION, UNKNOWN_KIND } from './pack';
import { severityRank, type Severity } from './rule';
import { validateObject } from './schema';

export interface ValidateOptions {
  readonly format: 'text' | 'json' | 'sarif';
  /** Exit 1 when a finding of this severity or worse is not suppressed. */
  readonly failOn: 'error' | 'warning' | 'info';
  readonly color: boolean;
  /** Istio's root namespace (`meshConfig.rootNamespace`). @default "istio-system" */
  readonly rootNamespace?: string;
}

/**
 * `secure-mesh validate <paths…>`: strict schema validation plus the rule pack over hand-written manifests (files,
 * directories recursively, multi-document YAML, `List` objects). Returns what to print and the exit code: 0 clean,
 * 1 findings at or above `failOn`, 2 unusable input (missing file, unparseable YAML, no manifests, a FIFO or device,
 * an oversized file, an alias bomb, with `strict` a file of a directory holding no object). Never throws for
 * user input.
 */
export async function validateManifestPaths(
  paths: readonly string[],
  options: { format: 'text' | 'json' | 'sarif'; failOn: 'error' | 'warning' | 'info'; color: boolean; rootNamespace?: string; baseDir?: string; strict?: boolean },
): Promise<{ output: string; exitCode: 0 | 1 | 2; notes?: string }> {
  let loaded: LoadedObject[];
  let skipped: SkippedFile[];
  try {
    if (paths.length === 0) throw new ManifestInputError('no paths given: name manifest files or directories');
    ({ objects: loaded, skipped } = await loadManifestInputs(paths, { strict: options.strict }));
  } catch (e) {
    if (e instanceof ManifestInputError) return { output: `error: ${e.message}\n`, exitCode: 2 };
    throw e;
  }
  if (loaded.length === 0) {
    const why = skipped.length > 0 ? ` (${skippedSummary(skipped.length)}: ${skipped.map((s) => `${s.file}: ${s.reason}`).join('; ')})` : '';
    return { output: `error: no Kubernetes manifests (*.yaml, *.yml, *.json) found in ${paths.join(', ')}${why}\n`, exitCode: 2 };
  }
  const findings = checkLoaded(loaded, options.rootNamespace);
  // Skipped files: one note each. Text output carries them (and their count on the summary line), JSON lists them
  // (`summary.skipped`, `skipped`); the notes also go to stderr for JSON and SARIF, whose stdout is parsed.
  const notes = skippedNotes(skipped);
  const output =
    options.format === 'json' ? formatJson(findings, skipped)
      : options.format === 'sarif' ? formatSarif(findings, allRuleMeta(), packageVersion(), { baseDir: options.baseDir })
        : withSkipped(formatText(findings, options.color), notes, skipped.length);
  const threshold = severityRank(options.failOn as Severity);
  const failing = findings.some((f) => !f.suppressed && severityRank(f.severity) >= threshold);
  return { output, exitCode: failing ? 1 : 0, ...(notes && options.format !== 'text' ? { notes } : {}) };
}

function skippedSummary(count: number): string {
  return `${count} file${count === 1 ? '' : 's'} skipped (no Kubernetes object)`;
}

/** The text report with the skipped files' notes before its summary line, and their count on it. */
function withSkipped(text: string, notes: string, count: number): string {
  if (count === 0) return text;
  const body = text.replace(/\n$/, '');
  const cut = body.lastIndexOf('\n') + 1;
  return `${body.slice(0, cut)}${notes}${notes ? '\n' : ''}${body.slice(cut)}; ${skippedSummary(count)}\n`;
}

/** Schema findings and rule findings for loaded objects, each located at its file and line. */
export function checkLoaded(loaded: readonly LoadedObject[], rootNamespace?: string): Located[] {
  const where = new Map<K8sObject, LoadedObject>(loaded.map((l) => [l.object, l]));
  const objects = loaded.map((l) => l.object);
  const findings: Finding[] = [];
  for (const l of loaded) {
    for (const v of validateObject(l.object)) {
      const meta = v.kind === 'unknown-kind' ? UNKNOWN_KIND : SCHEMA_VIOLATION;
      findings.push({ ruleId: meta.id, severity: meta.severity, message: v.message, object: v.object, target: l.object, related: [] });
    }
  }
  findings.push(...runPack(objects, { rootNamespace }));
  return findings.sort(compareFindings).map((f) => {
    const at = f.target ? where.get(f.target) : undefined;
    // Every output format shows these: names and values of hand-written objects echoed at most 64 characters each.
    const shown = { ...f, message: capEchoes(f.message), object: capEchoes(f.object), related: f.related.map(capEchoes) };
    const relatedAt = (f.relatedTargets ?? []).flatMap((o) => {
      const r = where.get(o);
      return r ? [{ object: capEchoes(refOf(o)), file: r.file, line: r.line }] : [];
    });
    return locateNamesakes({ ...shown, ...(at ? { file: at.file, line: at.line } : {}), ...(relatedAt.length ? { relatedAt } : {}) }, where);
  }).sort((a, b) => compareLocated(a, b));
}

/**
 * A related object named like the finding's own (a duplicate identity, SM-KA-003) can only be told apart by where it
 * is: its file and line are added to its name.
 */
function locateNamesakes(f: Located, where: ReadonlyMap<K8sObject, LoadedObject>): Located {
  const targets = f.relatedTargets ?? [];
  if (!targets.some((t, i) => f.related[i] === f.object && where.has(t))) return f;
  const related = f.related.map((ref, i) => {
    const at = targets[i] && where.get(targets[i]);
    return ref === f.object && at ? `${ref} at ${at.file}:${at.line}` : ref;
  });
  return { ...f, related };
}

/** File, line, then the finding order: text output groups by object in reading order. */
function compareLocated(a: Located, b: Located): number {
  const fa = a.file ?? '';
  const fb = b.file ?? '';
  if (fa !== fb) return fa < fb ? -1 : 1;
  if ((a.line ?? 0) !== (b.line ?? 0)) return (a.line ?? 0) - (b.line ?? 0);
  return compareFindings(a, b);
}
