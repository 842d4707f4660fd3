/**
 * The mesh-file errors and located problems every command reports, apart from the loader: the CLI's entry point (cli/program.ts) tells it
 * from other failures on every run, and must not load the YAML readers to do so (`--version` and `--help` stay as
 * fast as a bare `node`; docs/performance.md, CLI cold start).
 */
import { capEchoes } from './echo';
import { formatProblem, type Problem } from './errors';

/** A position in a file, 1-based like editors and compilers print it. */
export interface FilePosition {
  readonly line: number;
  readonly column: number;
}

/** The file cannot be used at all: unreadable, not YAML/JSON, or not a mesh file this version reads. */
export class MeshFileReadError extends Error {
  public constructor(public readonly file: string, message: string, public readonly position?: FilePosition) {
    super(capEchoes(position ? `${file}:${position.line}:${position.column}: ${message}` : `${file}: ${message}`));
    this.name = 'MeshFileReadError';
  }
}

/** A problem of the definition, with where it is in the file (when the path leads to a node). */
export interface LocatedProblem extends Problem {
  readonly file: string;
  readonly position?: FilePosition;
}

/** `mesh.yaml:42:9: spec.workloads[3]: message` (or `mesh.yaml: …` without a position). */
export function formatLocatedProblem(problem: LocatedProblem): string {
  const where = problem.position ? `${problem.file}:${problem.position.line}:${problem.position.column}` : problem.file;
  return `${where}: ${formatProblem(problem)}`;
}
