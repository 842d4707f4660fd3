/**
 * `suppressions` of a definition: the mesh-file form of `SecureMesh.suppress` (lib/mesh/secure-mesh.ts), applied to
 * the synthesized objects by lib/mesh/definition-suppressions.ts.
 */
export interface SuppressionProps {
  /** Rule ID, as findings print it, e.g. `SM-KN-001`. */
  readonly id: string;
  /**
   * The emitted object the finding is on, as findings name it: `Kind/namespace/name` (`Kind/name` for cluster-scoped
   * objects), e.g. `InferenceService/user1/sklearn-iris-burst`.
   */
  readonly object: string;
  /**
   * Why the finding is acceptable here: at least 10 characters, written into the object's
   * `secure-mesh.io/suppressions` annotation for reviewers.
   */
  readonly reason: string;
}
