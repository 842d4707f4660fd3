import type { AppTlsPresetName, AppTlsProps } from '../../model/definition';
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
    return { ...sentinelTls(), ...overrides };
  }

  private constructor() {}
}

/** The Sentinel preset's fields (mTLS implementation guide): the one definition `AppTlsPreset.sentinel` and `preset: sentinel` share. */
function sentinelTls(): AppTlsProps {
  return {
    mountPath: SENTINEL_CERT_DIR,
    env: TlsEnv.sentinel(),
    duration: SENTINEL_DURATION,
    renewBefore: SENTINEL_RENEW_BEFORE,
    privateKey: { algorithm: 'RSA', size: 2048 },
    reload: 'restart',
  };
}

const PRESETS: Readonly<Record<AppTlsPresetName, () => AppTlsProps>> = { sentinel: sentinelTls };

/**
 * `workloads[].tls` with its `preset` applied: the preset's fields, overridden by the ones written next to it, exactly
 * `AppTlsPreset.sentinel(overrides)` for `{ preset: sentinel, ...overrides }`. Read wherever the definition's `tls` is
 * read (resolution, the app TLS wiring).
 */
export function withTlsPreset(tls: AppTlsProps): AppTlsProps {
  if (tls.preset === undefined) return tls;
  const { preset, ...overrides } = tls;
  const base = Object.prototype.hasOwnProperty.call(PRESETS, preset) ? PRESETS[preset]() : {};
  return { ...base, ...overrides };
}
