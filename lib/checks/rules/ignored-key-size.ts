import { asRecord } from '../object-index';
import type { Rule, Violation } from '../rule';

export const ignoredKeySize: Rule = {
  id: 'SM-CM-111',
  severity: 'warning',
  title: 'An Ed25519 private key with a size (cert-manager ignores it)',
  explanation:
    'Ed25519 keys have one size; cert-manager\'s webhook accepts `privateKey.size` with `algorithm: Ed25519` and ignores it, so ' +
    'a size written to ask for a stronger key (e.g. 4096 copied from an RSA example) does nothing. Fix: drop `size`, or use ' +
    'ECDSA 384/521 or RSA if a particular strength is required.',
  sources: ['cert-manager internal/apis/certmanager/validation/certificate.go', 'cert-manager pkg/apis/certmanager/v1/types_certificate.go PrivateKeySize'],
  *check({ index }): Iterable<Violation> {
    for (const cert of index.ofKind('Certificate')) {
      const key = asRecord(asRecord(cert.spec).privateKey);
      if (key.algorithm === 'Ed25519' && typeof key.size === 'number' && key.size > 0) {
        yield { object: cert, message: `privateKey.size ${key.size} is ignored for Ed25519 keys; remove it.` };
      }
    }
  },
};
