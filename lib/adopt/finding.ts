/**
 * What `import` could not carry over exactly: the object, the reason, and what the import did instead. Every
 * finding is printed by the command and written as a comment into the mesh file, so nothing is widened (or
 * narrowed) silently.
 */
export interface ImportFinding {
  /** `Kind/namespace/name` of the object concerned (or `namespace/name` of a workload pair). */
  readonly object: string;
  /** Why it cannot be expressed as it is, and what the import wrote instead. */
  readonly message: string;
  /** `narrowed`: the mesh allows less than the manifests; `not-imported`: left out, no access changes; `info`. */
  readonly effect: 'narrowed' | 'not-imported' | 'info';
}

export function finding(object: string, effect: ImportFinding['effect'], message: string): ImportFinding {
  return { object, effect, message };
}

/** Deterministic order: by object, then message. */
export function sortFindings(findings: readonly ImportFinding[]): ImportFinding[] {
  const seen = new Set<string>();
  const out: ImportFinding[] = [];
  for (const f of findings) {
    const key = `${f.object}\u0000${f.effect}\u0000${f.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(f);
  }
  return out.sort((a, b) => (a.object < b.object ? -1 : a.object > b.object ? 1 : a.message < b.message ? -1 : a.message > b.message ? 1 : 0));
}
