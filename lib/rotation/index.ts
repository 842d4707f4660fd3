import type { K8sObject } from '../k8s-object';
import type { RootOfTrustSpec } from '../model/definition';

/** One step of a rotation: apply its manifests, wait for what the description says, then go on. */
export interface RotationStep {
  /** 1-based. */
  readonly number: number;
  readonly title: string;
  readonly description: string;
  /** What to apply at this step. */
  readonly manifests: K8sObject[];
}

/**
 * - `ca`: rotate the mesh's root CA with overlapping trust (trust both → issue from the new → drop the old).
 * - `modelmesh`: ModelMesh's three-step internal trust rotation (MM_INTERNAL_TRUST_CERTS).
 */
export type RotationKind = 'ca' | 'modelmesh';

export interface RotationPlanOptions {
  /**
   * The root of trust to rotate to.
   * @default - a self-signed root like the current one, its common name suffixed with the generation suffix
   */
  readonly newRoot?: RootOfTrustSpec;
  /**
   * For `modelmesh`: the name of the workload running ModelMesh (it must declare `tls`).
   * @default - the only workload with `tls` whose name starts with "modelmesh"
   */
  readonly workload?: string;
}

export function rotationPlan(kind: RotationKind, definition: unknown, options: RotationPlanOptions = {}): RotationStep[] {
  void kind; void definition; void options;
  throw new Error('rotationPlan: not implemented yet');
}

export function renderRotationPlan(steps: RotationStep[], format: 'text' | 'json' | 'yaml'): string {
  void steps; void format;
  throw new Error('renderRotationPlan: not implemented yet');
}
