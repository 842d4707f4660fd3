/**
 * Local certificates that really work: the chain a cluster's cert-manager would issue for a
 * definition (root → intermediate → per-workload leaves, same SANs, usages, algorithms, key encodings
 * and lifetimes), issued on the developer's machine without Kubernetes.
 */
import { resolveMesh } from '../model/resolve';
import { issueMeshCertificates } from './mesh-chain';
import { checkOutDir, layoutFiles, writeFiles, type IssuedFile } from './write';

export type { IssuedFile } from './write';
export { issueCertificate, type CertificateRequest, type IssuedCertificate } from './issue';
export { generateKeyPair, privateKeyPem, type KeyPair } from './keys';
export { issueLocalCa, issueMeshCertificates, leafRequest, type IssueMeshOptions, type IssuedLeaf, type LocalCa, type LocalMeshCertificates } from './mesh-chain';

export interface DevCertsOptions {
  /**
   * The issuing time; certificates are valid from five minutes before it (clock skew).
   * @default new Date()
   */
  readonly now?: Date;
  /**
   * Issue a leaf for every workload, not only those with `tls`, so that any service can be run
   * locally with TLS (SANs as for TLS workloads; key settings from pki.certificateDefaults).
   * @default false
   */
  readonly includeAllWorkloads?: boolean;
}

export interface DevCertsResult {
  /** Every file written, in a fixed order (paths relative to the output directory). */
  readonly files: IssuedFile[];
  /** `namespace/name` of every workload that got a leaf, in definition order. */
  readonly workloads: string[];
}

/**
 * Issue root → intermediate → per-workload leaves for a definition (SecureMeshProps, validated via
 * resolveMesh) into outDir. A bad definition or output directory raises one `SecureMeshError` and
 * writes nothing: everything is issued in memory first. CA private keys are never written.
 */
export async function writeDevCertificates(definition: unknown, outDir: string, options: DevCertsOptions = {}): Promise<DevCertsResult> {
  const mesh = resolveMesh(definition);
  checkOutDir(outDir);
  const certs = await issueMeshCertificates(mesh, options);
  const files = layoutFiles(certs);
  writeFiles(outDir, files);
  return {
    files: files.map(({ path, kind, workload }) => (workload === undefined ? { path, kind } : { path, kind, workload })),
    workloads: certs.leaves.map((l) => l.workload),
  };
}
export { LocalCertManager } from './local-cert-manager';
