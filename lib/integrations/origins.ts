import { sortProblems, type Problem } from '../model/errors';

/**
 * Where the namespaces and workloads an integration adds come from in the user's definition: the expanded definition
 * says `workloads[3].ingress[2].from[0].namespace`, a file with no `workloads` means
 * `kserve.inferenceServices[0].callers[0].namespace`. Recorded by `Expansion` as the integrations add their entries
 * (each knows which of its fields became which part of the entry), read when a problem or warning of the expanded
 * definition is reported, so every message names a field the user wrote.
 */
export class FieldOrigins {
  /** Expanded path prefix (`workloads[3].ingress[2].from`) → the definition field it was made from. */
  private readonly origins = new Map<string, { readonly path: string; readonly mirrors: boolean }>();

  /**
   * Records that the expanded field `expanded` (and everything under it) comes from the definition field `from`.
   * `mirrors`: the expanded field is a copy of `from` (`from` ↔ `callers`: `from[0].namespace` is
   * `callers[0].namespace`), so what is under it keeps its path; otherwise everything under it is reported at `from`
   * itself, which is all the user wrote (a generated workload's `ports[0]` is not a field of an InferenceService).
   */
  public add(expanded: string, from: string, mirrors = false): void {
    this.origins.set(expanded, { path: from, mirrors });
  }

  public get size(): number {
    return this.origins.size;
  }

  /**
   * The user's path for an expanded one: the longest recorded prefix (ending at a field boundary) replaced by its
   * origin, the rest kept where the prefix mirrors a field of the user's (`from[0].namespace` ↔
   * `callers[0].namespace`). Paths nothing was recorded for (the user's own namespaces and workloads, which keep
   * their indices) are returned unchanged.
   */
  public translate(path: string): string {
    if (this.origins.size === 0) return path;
    for (let end = path.length; end > 0; end = lastBoundary(path, end)) {
      const origin = this.origins.get(path.slice(0, end));
      if (origin !== undefined) return origin.mirrors ? origin.path + path.slice(end) : origin.path;
    }
    return path;
  }

  /**
   * The section entry an integration's workload comes from (`workloads[5]` → `kserve.inferenceServices[0]`), or
   * undefined for the user's own workloads (nothing recorded for their path).
   */
  public entryOf(workloadSource: string): string | undefined {
    const from = this.translate(workloadSource);
    return from !== workloadSource ? from.replace(/\.name$/, '') : undefined;
  }

  /** Problems with their paths translated, in the order of the fields they now name. */
  public translateProblems(problems: readonly Problem[]): Problem[] {
    if (this.origins.size === 0) return [...problems];
    return sortProblems(problems.map((p) => ({ ...p, path: this.translate(p.path) })));
  }
}

/** The end of the next shorter prefix that is a whole field: before the last `.x` or `[n]`; 0 when none. */
function lastBoundary(path: string, end: number): number {
  for (let i = end - 1; i > 0; i--) {
    if (path[i] === '.' || path[i] === '[') return i;
  }
  return 0;
}
