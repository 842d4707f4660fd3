import type { AppTlsProps } from '../../model/definition';
import { TlsEnv } from '../../model/tls-env';
import { SENTINEL_CERT_DIR, SENTINEL_DURATION, SENTINEL_RENEW_BEFORE } from './wellknown';

/** Presets for `workloads[].tls` of applications that terminate mutual TLS themselves. */
export class AppTlsPreset {
  /**
   * Sentinel's services (mTLS implementation guide): 90-day certificates renewed 15 days before
   * expiry, RSA 2048, mounted at `/etc/sentinel/certs`, paths in `MTLS_CERT_PATH`, `MTLS_KEY_PATH`,
   * `MTLS_CA_CERT_PATH`, pods restarted on renewal (Python's ssl reads the files once).
   */
  public static sentinel(overrides: Partial<AppTlsProps> = {}): AppTlsProps {
    return {
      mountPath: SENTINEL_CERT_DIR,
      env: TlsEnv.sentinel(),
      duration: SENTINEL_DURATION,
      renewBefore: SENTINEL_RENEW_BEFORE,
      privateKey: { algorithm: 'RSA', size: 2048 },
      reload: 'restart',
      ...overrides,
    };
  }

  private constructor() {}
}
