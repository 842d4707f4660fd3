import type { CertificateSpecPrivateKey, CertificateSpecPrivateKeyAlgorithm, CertificateSpecPrivateKeyEncoding, CertificateSpecPrivateKeyRotationPolicy } from '../../imports/cert-manager.io';
import type { ResolvedPrivateKey } from '../model/resolved';

/**
 * A Certificate's `privateKey`, always written in full: cert-manager leaves algorithm, size,
 * encoding (PKCS1!) and rotationPolicy defaulted but unpersisted, so reviewers would not see them.
 */
export function privateKeySpec(key: ResolvedPrivateKey): CertificateSpecPrivateKey {
  // The definition's names are the enums' values; the casts are types only (the integrations pass this to L1 props).
  const algorithm = key.algorithm as CertificateSpecPrivateKeyAlgorithm;
  const encoding = key.encoding as CertificateSpecPrivateKeyEncoding;
  const rotationPolicy = key.rotationPolicy as CertificateSpecPrivateKeyRotationPolicy;
  return key.size === undefined ? { algorithm, encoding, rotationPolicy } : { algorithm, size: key.size, encoding, rotationPolicy };
}
