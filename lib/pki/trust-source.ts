import type { ResolvedMesh } from '../model/resolved';

/** The ConfigMap trust-manager writes for the mesh's Bundle into one namespace: what a consumer there mounts. */
export interface BundleConfigMap {
  /** The ConfigMap's name: trust-manager names every target after the Bundle (trust-manager v0.24.0 `target.configMap`). */
  readonly name: string;
  /** The key holding the PEM certificates (`pki.trustBundle.key`). */
  readonly key: string;
}

/**
 * The trust bundle ConfigMap in `namespace`, or why there is none. trust-manager writes it into every
 * namespace its `namespaceSelector` selects, and only managed namespaces carry that label
 * (lib/mesh/namespaces.ts). A consumer that mounts it trusts every root valid during a CA rotation; a
 * consumer without it can only trust its own Secret's `ca.crt`, which cert-manager fills with the one
 * CA that issued the Secret (for CA issuers: the top of the issuing CA Secret's chain, i.e. our
 * intermediate), so it cannot trust the old and the new root at once.
 */
export function bundleConfigMapIn(mesh: Pick<ResolvedMesh, 'pki' | 'namespaces'>, namespace: string): { readonly bundle: BundleConfigMap } | { readonly bundle?: undefined; readonly why: string } {
  const bundle = mesh.pki.trustBundle;
  if (!bundle) return { why: 'pki.trustBundle is off' };
  const ns = mesh.namespaces.find((n) => n.name === namespace);
  if (!ns?.managed) return { why: `namespace "${namespace}" is not managed by the mesh, so it does not get the trust bundle ConfigMap "${bundle.name}"` };
  return { bundle: { name: bundle.name, key: bundle.key } };
}
