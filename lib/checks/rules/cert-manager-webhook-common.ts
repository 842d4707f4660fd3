import { asRecord } from '../object-index';
import { caBundleHasCertificate } from '../pem';

/** Small predicates shared by the cert-manager webhook rules (SM-CM-108/109/110), each the webhook's own test. */

/** Kubernetes `IsDNS1123Subdomain` (Secret and IngressClass names), as the schema checks read it. */
export { isDns1123Subdomain as dns1123Subdomain } from '../schema/metadata';

/**
 * An email SAN as the webhook accepts it: Go's `mail.ParseAddress` must succeed and give back the text unchanged, so no
 * display name, no angle brackets, one `@`, no spaces (an approximation of RFC 5322's addr-spec without quoted parts).
 */
export function isEmailAddress(text: string): boolean {
  return /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*$/.test(text);
}

/** A dotted object identifier (`pki.ParseObjectIdentifier`): numbers separated by dots, at least two arcs. */
export function isObjectIdentifier(text: string): boolean {
  return /^\d+(\.\d+)+$/.test(text);
}

/** `validateIssuerRef`: every issuerRef names its issuer. The kind check is SM-CM-105's. */
export function issuerRefNameProblem(issuerRef: unknown): string | undefined {
  if (issuerRef === undefined) return undefined; // the CRD schema requires issuerRef
  const name = asRecord(issuerRef).name;
  return typeof name !== 'string' || name === '' ? 'spec.issuerRef.name must be specified.' : undefined;
}

/** `validateCABundleNotEmpty`: a set caBundle must hold at least one certificate Go can parse. */
export function caBundleProblem(path: string, caBundle: unknown): string | undefined {
  if (typeof caBundle !== 'string' || caBundle === '') return undefined;
  return caBundleHasCertificate(caBundle) ? undefined : `${path} holds no valid PEM certificate (it is base64 of PEM text).`;
}
