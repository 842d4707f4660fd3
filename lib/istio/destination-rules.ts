import type { K8sObject } from '../k8s-object';
import type { ResolvedMesh, ResolvedNamespace, ResolvedWorkload } from '../model/resolved';
import { DESTINATION_RULE } from '../mesh/kinds';
import { meta } from '../mesh/metadata';
import { plainManifest } from '../mesh/plain-manifest';
import { DEFAULT_POLICY_NAME } from './wellknown';

/**
 * Client-side TLS, always with an explicit mode (a `tls` block without `mode` means DISABLE):
 * `default` in each managed namespace sends ISTIO_MUTUAL to `*.<ns>.svc.<clusterDomain>` when its
 * pods have sidecars (DISABLE otherwise), exported to every namespace.
 */
export function namespaceDestinationRule(mesh: ResolvedMesh, ns: ResolvedNamespace): K8sObject | undefined {
  if (!mesh.istio?.clientTls) return undefined;
  const mutual = ns.sidecar && ns.mtls !== 'DISABLE';
  return plainManifest(DESTINATION_RULE, {
    metadata: meta(DEFAULT_POLICY_NAME, ns.name),
    spec: {
      host: `*.${ns.name}.svc.${mesh.clusterDomain}`,
      exportTo: ['*'],
      trafficPolicy: { tls: { mode: mutual ? 'ISTIO_MUTUAL' : 'DISABLE' } },
    },
  });
}

/**
 * `<workload>`: where a workload's sidecar differs from its namespace's default, the exact host
 * (which wins over the namespace wildcard) says what its callers send:
 * - plaintext towards a workload without a sidecar in a namespace whose default is ISTIO_MUTUAL
 *   (explicit ISTIO_MUTUAL has no plaintext fallback, so its callers would fail);
 * - ISTIO_MUTUAL towards a workload with a sidecar in a namespace without injection (whose default
 *   is DISABLE): otherwise callers send plaintext, which STRICT refuses, and under PERMISSIVE they
 *   arrive without identity, so principal rules never match them and `notPrincipals: ["*"]` ones do.
 */
export function workloadDestinationRule(mesh: ResolvedMesh, ns: ResolvedNamespace, workload: ResolvedWorkload): K8sObject | undefined {
  if (!mesh.istio?.clientTls || workload.sidecar === ns.sidecar || ns.mtls === 'DISABLE') return undefined;
  const mode = workload.sidecar ? 'ISTIO_MUTUAL' : 'DISABLE';
  return plainManifest(DESTINATION_RULE, {
    metadata: meta(workload.name, workload.namespace),
    spec: {
      host: `${workload.serviceName}.${workload.namespace}.svc.${mesh.clusterDomain}`,
      exportTo: ['*'],
      trafficPolicy: { tls: { mode } },
    },
  });
}
