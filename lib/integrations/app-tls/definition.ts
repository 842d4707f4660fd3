/**
 * Application-level mutual TLS (services that terminate TLS themselves and read their certificate
 * paths from environment variables, like Sentinel's Python services): the `appTls` section of a
 * secure-mesh definition. The certificates themselves are `workloads[].tls`.
 */
export interface AppTlsMigrationProps {
  /**
   * The migration phase to synthesize (Sentinel mTLS guide, "Migration from Non-mTLS"):
   * - `mtls-off`: no certificates, `MTLS_ENABLED=false`, Istio PERMISSIVE where meshed;
   * - `certificates-issued`: certificates issued and mounted, still `MTLS_ENABLED=false`, PERMISSIVE;
   * - `mtls-on`: `MTLS_ENABLED=true`, Istio STRICT where meshed.
   * @default "mtls-on"
   */
  readonly phase?: AppTlsPhase;
  /**
   * The phase the cluster runs now; a phase may only follow the previous one (or repeat).
   * @default - not checked
   */
  readonly currentPhase?: AppTlsPhase;
}

export type AppTlsPhase = 'mtls-off' | 'certificates-issued' | 'mtls-on';
