/**
 * Rotation plans: the ordered steps of a root CA rotation or of ModelMesh's internal trust rotation,
 * each with the manifests to apply, so that old and new pods keep completing TLS handshakes at every
 * step of the rolling updates (rehearsed with real handshakes in test/rotation).
 */
import type { RootOfTrustSpec } from '../model/definition';
import { caRotationPlan } from './ca';
import { modelMeshRotationPlan } from './modelmesh';
import { renderRotationPlan as render } from './render';
import type { RotationStep } from './step';

export type { RotationStep } from './step';
export { caRotationPlan, type CaRotationOptions } from './ca';
export { modelMeshRotationPlan, type ModelMeshRotationOptions } from './modelmesh';

/**
 * - `ca`: rotate the mesh's root CA with overlapping trust (trust both → issue from the new → drop the old).
 * - `modelmesh`: ModelMesh's three-step internal trust rotation (MM_INTERNAL_TRUST_CERTS).
 */
export type RotationKind = 'ca' | 'modelmesh';

export interface RotationPlanOptions {
  /**
   * For `ca`: the root of trust to rotate to.
   * @default - a self-signed root like the current one, its common name followed by the suffix
   */
  readonly newRoot?: RootOfTrustSpec;
  /**
   * For `ca`: suffix of the new chain's object names (`<name>-root-ca-<suffix>`).
   * @default "b"
   */
  readonly suffix?: string;
  /**
   * For `modelmesh`: ClusterIssuer of the new key pair.
   * @default - the mesh's leaf issuer
   */
  readonly newIssuer?: string;
  /**
   * For `modelmesh`: Secret of the new key pair.
   * @default - "<modelmesh.tls.secretName>-next"
   */
  readonly newSecretName?: string;
}

/** The ordered steps of a rotation for a definition; a bad definition raises one `SecureMeshError`. */
export function rotationPlan(kind: RotationKind, definition: unknown, options: RotationPlanOptions = {}): RotationStep[] {
  return kind === 'ca'
    ? caRotationPlan(definition, { newRoot: options.newRoot, suffix: options.suffix })
    : modelMeshRotationPlan(definition, { newIssuer: options.newIssuer, newSecretName: options.newSecretName });
}

/** A plan as text for people, or JSON / YAML for tools. */
export function renderRotationPlan(steps: RotationStep[], format: 'text' | 'json' | 'yaml'): string {
  return render(steps, format);
}
