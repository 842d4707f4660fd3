/**
 * Application-TLS facts: Sentinel's mTLS implementation guide (v0.4.0) and Stakater Reloader.
 */

/** Where Sentinel's services find `tls.crt`, `tls.key` and `ca.crt`. */
export const SENTINEL_CERT_DIR = '/etc/sentinel/certs';
/** 90 days, renewed 15 days before expiry. */
export const SENTINEL_DURATION = '2160h';
export const SENTINEL_RENEW_BEFORE = '360h';

/** Keys cert-manager writes into the Secret (and so the file names under the mount). */
export const CERT_FILE = 'tls.crt';
export const KEY_FILE = 'tls.key';
export const CA_FILE = 'ca.crt';

/**
 * Stakater Reloader: a Deployment annotated with the Secret's name is rolled when the Secret changes,
 * because Python's `ssl` (and most runtimes) load certificates once at start.
 */
export const RELOADER_SECRET_ANNOTATION = 'secret.reloader.stakater.com/reload';
