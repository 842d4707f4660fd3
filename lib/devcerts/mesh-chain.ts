import type { ResolvedCaCertificate, ResolvedMesh, ResolvedPki, ResolvedWorkload } from '../model/resolved';
import { workloadKey } from '../model/resolved';
import { workloadSpiffeId } from '../pki/workload-certificate';
import { issueCertificate, type CertificateRequest, type IssuedCertificate } from './issue';
import { MAX_COMMON_NAME_LENGTH, STAND_IN_ROOT_DURATION_SECONDS, STAND_IN_ROOT_KEY } from './wellknown';

/** The CA chain of a mesh, issued locally. */
export interface LocalCa {
  readonly root: IssuedCertificate;
  /** Undefined when the definition signs leaves with the root (`pki.intermediate: false`). */
  readonly intermediate?: IssuedCertificate;
  /** The CA that signs leaves. */
  readonly leafIssuer: IssuedCertificate;
}

export interface IssuedLeaf {
  /** `namespace/name`. */
  readonly workload: string;
  readonly namespace: string;
  readonly name: string;
  readonly certificate: IssuedCertificate;
}

export interface LocalMeshCertificates extends LocalCa {
  readonly leaves: readonly IssuedLeaf[];
}

export interface IssueMeshOptions {
  /** @default new Date() */
  readonly now?: Date;
  /**
   * Issue leaves for workloads without `tls` too.
   * @default false
   */
  readonly includeAllWorkloads?: boolean;
}

/** Issue the root and (when the definition has one) the intermediate CA of a resolved PKI. */
export async function issueLocalCa(mesh: ResolvedMesh, pki: ResolvedPki = mesh.pki, now: Date = new Date()): Promise<LocalCa> {
  const root = await issueCertificate(rootRequest(mesh, pki, now));
  if (!pki.intermediate) return { root, leafIssuer: root };
  const intermediate = await issueCertificate(caRequest(pki.intermediate, 0, now), root);
  return { root, intermediate, leafIssuer: intermediate };
}

/** The whole chain for a definition: CAs, then a leaf per TLS workload (or per workload), in definition order. */
export async function issueMeshCertificates(mesh: ResolvedMesh, options: IssueMeshOptions = {}): Promise<LocalMeshCertificates> {
  const now = options.now ?? new Date();
  const ca = await issueLocalCa(mesh, mesh.pki, now);
  const leaves: IssuedLeaf[] = [];
  for (const workload of mesh.workloads) {
    if (!workload.tls && !options.includeAllWorkloads) continue;
    leaves.push({ workload: workloadKey(workload), namespace: workload.namespace, name: workload.name, certificate: await issueCertificate(leafRequest(mesh, workload, now), ca.leafIssuer) });
  }
  return { ...ca, leaves };
}

/** What cert-manager's Certificate `<workload>-tls` asks for (lib/pki/workload-certificate.ts); defaults for workloads without `tls`. */
export function leafRequest(mesh: ResolvedMesh, workload: ResolvedWorkload, now: Date): CertificateRequest {
  const uris = [workloadSpiffeId(mesh, workload)];
  if (workload.tls) {
    const tls = workload.tls;
    return { commonName: tls.commonName, isCA: false, dnsNames: tls.dnsNames, uris, durationSeconds: tls.duration, privateKey: tls.privateKey, now };
  }
  // The SANs lib/model/resolve.ts gives a TLS workload: the Service's short and qualified names.
  const svc = workload.serviceName;
  const fqdn = `${svc}.${workload.namespace}.svc.${mesh.clusterDomain}`;
  return {
    commonName: fqdn.length <= MAX_COMMON_NAME_LENGTH ? fqdn : undefined,
    isCA: false,
    dnsNames: [svc, `${svc}.${workload.namespace}`, `${svc}.${workload.namespace}.svc`, fqdn],
    uris,
    durationSeconds: mesh.pki.certificateDefaults.duration,
    privateKey: mesh.pki.certificateDefaults.privateKey,
    now,
  };
}

function rootRequest(mesh: ResolvedMesh, pki: ResolvedPki, now: Date): CertificateRequest {
  // One intermediate may follow the root; none when the root signs leaves itself.
  const pathLength = pki.intermediate ? 1 : 0;
  if (pki.root.type === 'selfSigned') return caRequest(pki.root.certificate, pathLength, now);
  return { commonName: `${mesh.name} local root CA`, isCA: true, pathLength, durationSeconds: STAND_IN_ROOT_DURATION_SECONDS, privateKey: STAND_IN_ROOT_KEY, now };
}

function caRequest(ca: ResolvedCaCertificate, pathLength: number, now: Date): CertificateRequest {
  return { commonName: ca.commonName, isCA: true, pathLength, durationSeconds: ca.duration, privateKey: ca.privateKey, now };
}
