/** cert-manager and trust-manager facts (cert-manager v1.21.1, trust-manager v0.24.0; see certmanager-cdk8s-style.md §A, §B). */

export const CERT_MANAGER_API = 'cert-manager.io/v1';
export const CERT_MANAGER_GROUP = 'cert-manager.io';
export const TRUST_MANAGER_API = 'trust.cert-manager.io/v1alpha1';

/** Keys cert-manager writes into a certificate Secret (`pkg/apis/meta/v1/types.go`). */
export const TLS_CERT_KEY = 'tls.crt';
export const TLS_KEY_KEY = 'tls.key';
export const CA_CERT_KEY = 'ca.crt';

/** Usages of a workload certificate: it serves and it calls (mutual TLS). cert-manager's default lacks both EKUs. */
export const LEAF_USAGES = ['server auth', 'client auth', 'digital signature', 'key encipherment'] as const;

/** Label put on namespaces that receive the trust bundle, and selected by the Bundle target. */
export const TRUST_BUNDLE_NAMESPACE_LABEL = 'secure-mesh.io/trust-bundle';

/** cert-manager webhook limits (`internal/apis/certmanager/validation/certificate.go`). */
export const MIN_CERTIFICATE_DURATION_SECONDS = 3600;
export const MIN_RENEW_BEFORE_SECONDS = 300;
export const MAX_COMMON_NAME_LENGTH = 64;

/** Label on root CA Secrets (via the Certificate's secretTemplate): they are trust anchors. */
export const TRUST_ANCHOR_LABEL = 'secure-mesh.io/trust-anchor';
