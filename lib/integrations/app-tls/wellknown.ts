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
/** The same for a ConfigMap: the trust bundle changes when a CA rotation adds or drops a root. */
export const RELOADER_CONFIGMAP_ANNOTATION = 'configmap.reloader.stakater.com/reload';

/**
 * Where the trust bundle ConfigMap is mounted (our choice): a directory of its own, because a Secret
 * volume's directory cannot hold a file from a ConfigMap without a projected volume, and the file
 * named by the CA env var must hold every root valid during a rotation.
 */
export const TRUST_MOUNT_PATH = '/etc/secure-mesh/trust';
/** Volume names of the Secret and of the trust bundle. */
export const TLS_VOLUME = 'tls';
export const TRUST_VOLUME = 'trust-bundle';

/**
 * The directory `secure-mesh synth` writes the app TLS wiring into, next to the manifests: `<chart>.app-tls/`
 * (wiring-files.ts). It holds patches and Helm values, not objects to apply, so the commands that read a directory
 * of manifests (`validate`, `graph`, `diff`) do not descend into it.
 */
export const APP_TLS_WIRING_DIR_SUFFIX = '.app-tls';

/** Whether a directory met while reading manifests is such a wiring directory. */
export function isAppTlsWiringDir(name: string): boolean {
  return name.endsWith(APP_TLS_WIRING_DIR_SUFFIX);
}
