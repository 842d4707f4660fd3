/**
 * Local certificates that really work: the chain a cluster's cert-manager would issue for a
 * definition (root → intermediate → per-workload leaves, same SANs, usages, algorithms, key encodings
 * and lifetimes), issued on the developer's machine without Kubernetes.
 */
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

export interface IssuedFile {
  /** Path relative to the output directory, with `/` separators. */
  readonly path: string;
  readonly kind: 'ca-cert' | 'cert' | 'key' | 'bundle';
  /** `namespace/name` of the workload the file belongs to. */
  readonly workload?: string;
}

export interface DevCertsResult {
  /** Every file written, in a fixed order. */
  readonly files: IssuedFile[];
  /** `namespace/name` of every workload that got a leaf, in definition order. */
  readonly workloads: string[];
}

/** Issue root → intermediate → per-workload leaves for a definition (SecureMeshProps, validated via resolveMesh) into outDir. */
export async function writeDevCertificates(definition: unknown, outDir: string, options: DevCertsOptions = {}): Promise<DevCertsResult> {
  void definition; void outDir; void options;
  throw new Error('writeDevCertificates: not implemented yet');
}
