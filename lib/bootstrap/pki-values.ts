import type { ResolvedMesh } from '../model/resolved';
import type { ResolvedBootstrapOptions } from './options';
import type { HelmValues } from './values-yaml';

/**
 * cert-manager chart values (v1.21.1 `deploy/charts/cert-manager/values.yaml`) derived from the mesh.
 * - `crds.enabled`: the chart installs the CRDs, so they are versioned with the controller;
 *   `crds.keep` leaves them (and with them every Certificate) in place if the release is deleted.
 * - `clusterResourceNamespace`: where ClusterIssuers read their CA secrets; the mesh keeps its root
 *   and intermediate there (`pki.namespace`). Without it the chart uses the release namespace.
 * - `prometheus.enabled`: the certificate alerts (`certmanager_certificate_*` metrics) need it.
 */
export function certManagerValues(mesh: ResolvedMesh, options: ResolvedBootstrapOptions): HelmValues {
  return {
    crds: { enabled: true, keep: true },
    clusterResourceNamespace: mesh.pki.namespace,
    prometheus: { enabled: true, servicemonitor: { enabled: options.certManagerServiceMonitor } },
  };
}

/**
 * trust-manager chart values (v0.24.0 `deploy/charts/trust-manager/values.yaml`): trust-manager
 * reads Bundle sources only from its trust namespace (`app.trust.namespace`, default
 * `cert-manager`), which must be where the mesh's CA secrets live.
 */
export function trustManagerValues(mesh: ResolvedMesh): HelmValues {
  return { app: { trust: { namespace: mesh.pki.namespace } } };
}
