import { CertificateSpecPrivateKeyAlgorithm, CertificateSpecPrivateKeyEncoding, CertificateSpecPrivateKeyRotationPolicy, type CertificateSpecPrivateKey } from '../../imports/cert-manager.io';
import type { ResolvedPrivateKey } from '../model/resolved';

/**
 * A Certificate's `privateKey`, always written in full: cert-manager leaves algorithm, size,
 * encoding (PKCS1!) and rotationPolicy defaulted but unpersisted, so reviewers would not see them.
 */
export function privateKeySpec(key: ResolvedPrivateKey): CertificateSpecPrivateKey {
  return {
    algorithm: key.algorithm as CertificateSpecPrivateKeyAlgorithm,
    ...(key.size === undefined ? {} : { size: key.size }),
    encoding: key.encoding as CertificateSpecPrivateKeyEncoding,
    rotationPolicy: key.rotationPolicy as CertificateSpecPrivateKeyRotationPolicy,
  };
}
