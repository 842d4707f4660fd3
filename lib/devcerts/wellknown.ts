/**
 * Facts of locally issued certificates. The layout mirrors what cert-manager writes into a
 * certificate Secret (cert-manager v1.21.1, `pkg/apis/meta/v1/types.go`): `tls.crt` = the leaf and
 * its intermediates (self-signed roots are not included), `tls.key`, and `ca.crt` = the root.
 */
import { CA_CERT_KEY, TLS_CERT_KEY, TLS_KEY_KEY } from '../pki/wellknown';

export { CA_CERT_KEY, TLS_CERT_KEY, TLS_KEY_KEY };

/** Folder of the CA certificates inside the output directory. */
export const CA_DIR = 'ca';
export const ROOT_CERT_FILE = 'root.crt';
export const INTERMEDIATE_CERT_FILE = 'intermediate.crt';
/** Every root a local client should trust (what the trust-manager Bundle would distribute). */
export const CA_BUNDLE_FILE = 'ca-bundle.crt';

/** Private keys are readable by their owner only. */
export const KEY_FILE_MODE = 0o600;
export const CERT_FILE_MODE = 0o644;

/**
 * Certificates start this long before the issuing time, so a peer whose clock is slightly behind
 * accepts them (cert-manager's CA issuer back-dates nothing; local machines and CI runners drift).
 */
export const BACKDATE_MS = 5 * 60 * 1000;

/** Serial numbers: 16 random bytes, positive (RFC 5280 §4.1.2.2 allows at most 20 octets). */
export const SERIAL_BYTES = 16;

/**
 * A root the definition does not issue itself (an existing CA Secret, Vault) cannot be used on a
 * developer's machine: a local stand-in root with these settings takes its place (the defaults of
 * a self-signed root in lib/model/resolve.ts: ECDSA P-384, 10 years).
 */
export const STAND_IN_ROOT_KEY = { algorithm: 'ECDSA', size: 384, encoding: 'PKCS8', rotationPolicy: 'Never' } as const;
export const STAND_IN_ROOT_DURATION_SECONDS = 87600 * 3600;

/** cert-manager caps a common name at 64 characters (lib/pki/wellknown.ts); longer FQDNs go into SANs only. */
export { MAX_COMMON_NAME_LENGTH } from '../pki/wellknown';
