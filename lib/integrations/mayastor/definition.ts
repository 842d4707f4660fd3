/**
 * Mayastor with TLS between its components, as plain data: the `mayastor` section of a secure-mesh
 * definition (seed "OEP 3855 Enable TLS in Mayastor").
 */
export interface MayastorProps {
  /**
   * The TLS switch: off, components talk plain HTTP and no certificate is emitted; on, a self-signed
   * root → CA Issuer → one Certificate per component (api-rest, core agent, io-engine, etcd client
   * and peer).
   */
  readonly tls: boolean;
  /**
   * Helm release name (prefix of every component's name).
   * @default "mayastor"
   */
  readonly release?: string;
  /**
   * Namespace of the release.
   * @default "mayastor"
   */
  readonly namespace?: string;
  /**
   * Lifetime of Mayastor's root CA.
   * @default "175200h" (20 years, as in the proposal)
   */
  readonly caDuration?: string;
}
