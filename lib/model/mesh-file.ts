import type { SecureMeshProps } from './definition';

/** apiVersion of mesh files; bump it (and convert) when the definition changes incompatibly. */
export const MESH_FILE_API_VERSION = 'secure-mesh.io/v1alpha1';
export const MESH_FILE_KIND = 'SecureMesh';

/**
 * A mesh file: the definition with a versioned header, as the CLI reads it from YAML or JSON.
 * The `spec` is exactly `SecureMeshProps`.
 */
export interface MeshFile {
  /** Always `secure-mesh.io/v1alpha1`. */
  readonly apiVersion: 'secure-mesh.io/v1alpha1';
  /** Always `SecureMesh`. */
  readonly kind: 'SecureMesh';
  /** Optional descriptive metadata; not emitted. */
  readonly metadata?: { readonly name?: string; readonly description?: string };
  /** The secure-mesh definition. */
  readonly spec: SecureMeshProps;
}
