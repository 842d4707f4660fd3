import type { SecureMeshProps } from '../model/definition';

/** What applying a step changes, by object (`Kind/namespace/name`), against the step before it. */
export interface RolloutChanges {
  readonly added: readonly string[];
  readonly removed: readonly string[];
  readonly changed: readonly string[];
}

/** One step from audit to enforce: check what `watch` says, then apply the manifests its definition synthesizes. */
export interface RolloutStep {
  /** 1-based. */
  readonly number: number;
  readonly title: string;
  readonly description: string;
  /** The managed namespaces this step switches to `enforce` (none for the first, audit-everything step). */
  readonly enforces: readonly string[];
  /** What to check before applying this step (dry-run results, plaintext callers, the traffic diff). */
  readonly watch: readonly string[];
  /** Name of the mesh file `rollout plan -o <dir>` writes for this step. */
  readonly file: string;
  /** The definition of this step: a mesh file's `spec`, synthesized and checked when the plan was made. */
  readonly definition: SecureMeshProps;
  /** How many objects it synthesizes. */
  readonly objects: number;
  /** Its objects against the step before (the first step: against the definition the plan was made from). */
  readonly changes: RolloutChanges;
}
