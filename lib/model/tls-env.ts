import type { TlsEnvProps } from './definition';

/** Presets for the environment variables through which applications find their certificate files. */
export class TlsEnv {
  /**
   * The Sentinel services' variables (`MTLS_ENABLED`, `MTLS_CERT_PATH`, `MTLS_KEY_PATH`,
   * `MTLS_CA_CERT_PATH`), from Sentinel's mTLS implementation guide.
   */
  public static sentinel(): TlsEnvProps {
    return { enabled: 'MTLS_ENABLED', certPath: 'MTLS_CERT_PATH', keyPath: 'MTLS_KEY_PATH', caPath: 'MTLS_CA_CERT_PATH' };
  }

  /** Any other naming. */
  public static of(env: TlsEnvProps): TlsEnvProps {
    return { ...env };
  }

  private constructor() {}
}
