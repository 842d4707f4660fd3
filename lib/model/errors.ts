import { capEchoes } from './echo';

/** One thing wrong with a definition: where (a field path like `workloads[3].ingress[0].from`) and what to do. */
export interface Problem {
  readonly path: string;
  readonly message: string;
}

/**
 * The one error a bad definition raises. It lists every problem at once, each with the path of the
 * offending field, so a user fixes them in one pass. It is a user error: print `message`, not a stack.
 */
export class SecureMeshError extends Error {
  public readonly problems: readonly Problem[];

  public constructor(problems: readonly Problem[], heading = 'Invalid secure-mesh definition') {
    const count = problems.length === 1 ? '1 problem' : `${problems.length} problems`;
    super(`${heading} (${count}):\n${problems.map((p) => `  - ${formatProblem(p)}`).join('\n')}`);
    this.name = 'SecureMeshError';
    this.problems = problems;
  }
}

/** `path: message`, with long echoed values cut (echo.ts). */
export function formatProblem(problem: Problem): string {
  return problem.path ? `${capEchoes(problem.path)}: ${capEchoes(problem.message)}` : capEchoes(problem.message);
}

/** Collects problems while a definition is checked; `throwIfAny` raises them together. */
export class ProblemList {
  private readonly items: Problem[] = [];

  public add(path: string, message: string): void {
    this.items.push({ path, message });
  }

  public get size(): number {
    return this.items.length;
  }

  public toArray(): readonly Problem[] {
    return [...this.items];
  }

  public throwIfAny(): void {
    if (this.items.length > 0) throw new SecureMeshError(sortProblems(this.items));
  }
}

/** Problems in the order of the fields they name, so the list reads top to bottom. */
export function sortProblems(problems: readonly Problem[]): Problem[] {
  const key = (p: string) => p.replace(/\[(\d+)\]/g, (_, n: string) => `[${n.padStart(6, '0')}]`);
  return [...problems].sort((a, b) => (key(a.path) < key(b.path) ? -1 : key(a.path) > key(b.path) ? 1 : 0));
}
