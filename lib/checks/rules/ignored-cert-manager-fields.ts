import { asRecord } from '../object-index';
import type { Rule, Violation } from '../rule';

export const ignoredCertManagerFields: Rule = {
  id: 'SM-CM-111',
  severity: 'warning',
  title: 'A cert-manager field that has no effect (Ed25519 key size, ACME EAB keyAlgorithm)',
  explanation:
    'Ed25519 keys have one size: the webhook accepts `privateKey.size` with `algorithm: Ed25519` and cert-manager ignores it, so ' +
    'a size written to ask for a stronger key (e.g. 4096 copied from an RSA example) does nothing. An ACME issuer\'s ' +
    '`externalAccountBinding.keyAlgorithm` is deprecated and ignored (the webhook answers with a warning). Fix: drop the field; ' +
    'for a particular key strength use ECDSA 384/521 or RSA.',
  sources: ['cert-manager internal/apis/certmanager/validation/certificate.go', 'cert-manager internal/apis/certmanager/validation/warnings.go'],
  *check({ index }): Iterable<Violation> {
    for (const cert of index.ofKind('Certificate')) {
      const key = asRecord(asRecord(cert.spec).privateKey);
      if (key.algorithm === 'Ed25519' && typeof key.size === 'number' && key.size > 0) {
        yield { object: cert, message: `privateKey.size ${key.size} is ignored for Ed25519 keys; remove it.` };
      }
    }
    for (const kind of ['Issuer', 'ClusterIssuer']) {
      for (const issuer of index.ofKind(kind)) {
        const eab = asRecord(asRecord(asRecord(issuer.spec).acme).externalAccountBinding);
        if (eab.keyAlgorithm !== undefined) yield { object: issuer, message: `spec.acme.externalAccountBinding.keyAlgorithm (${String(eab.keyAlgorithm)}) is deprecated and ignored; remove it.` };
      }
    }
  },
};
