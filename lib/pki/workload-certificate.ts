import type { K8sObject } from '../k8s-object';
import { formatDuration } from '../model/duration';
import type { ResolvedMesh, ResolvedWorkload } from '../model/resolved';
import { CERTIFICATE } from '../mesh/kinds';
import { meta } from '../mesh/metadata';
import { plainManifest } from '../mesh/plain-manifest';
import { privateKeySpec } from './private-key';
import { LEAF_USAGES } from './wellknown';

/** The SPIFFE ID of a workload (Istio's identity format), also used by locally issued certificates (lib/devcerts). */
export function workloadSpiffeId(mesh: Pick<ResolvedMesh, 'trustDomain'>, workload: Pick<ResolvedWorkload, 'namespace' | 'serviceAccount'>): string {
  return `spiffe://${mesh.trustDomain}/ns/${workload.namespace}/sa/${workload.serviceAccount}`;
}

/** `<workload>-tls`: the Certificate (and Secret) of a workload that terminates TLS itself. */
export function workloadCertificate(mesh: ResolvedMesh, workload: ResolvedWorkload): K8sObject | undefined {
  const tls = workload.tls;
  if (!tls) return undefined;
  const { name, kind, group } = mesh.pki.leafIssuer;
  return plainManifest(CERTIFICATE, {
    metadata: meta(tls.secretName, workload.namespace, { app: workload.name }),
    spec: {
      secretName: tls.secretName,
      ...(tls.commonName ? { commonName: tls.commonName } : {}),
      dnsNames: [...tls.dnsNames],
      // The workload's mesh identity, so the same certificate names the caller for SPIFFE-aware peers.
      uris: [workloadSpiffeId(mesh, workload)],
      usages: [...LEAF_USAGES],
      duration: formatDuration(tls.duration),
      renewBefore: formatDuration(tls.renewBefore),
      privateKey: privateKeySpec(tls.privateKey),
      issuerRef: { name, kind, group },
    },
  });
}
