import { refOf } from '../finding';
import { caCertificateOf, isCa } from '../issuers';
import { asRecord } from '../object-index';
import type { Rule, Violation } from '../rule';

export const caIssuerFromLeaf: Rule = {
  id: 'SM-CM-107',
  severity: 'error',
  title: 'A CA issuer signs with the Secret of a Certificate that is not a CA',
  explanation:
    'A `ca` Issuer/ClusterIssuer only becomes Ready when its Secret holds a CA certificate ("certificate is not a CA"). ' +
    'If the Certificate writing that Secret lacks `isCA: true`, nothing downstream is ever issued. Fix: set `isCA: true` on ' +
    'the CA Certificate.',
  sources: ['epinio/epinio#613', 'cert-manager pkg/issuer/ca/setup.go'],
  *check({ index }): Iterable<Violation> {
    for (const issuer of [...index.ofKind('Issuer'), ...index.ofKind('ClusterIssuer')]) {
      if (asRecord(issuer.spec).ca === undefined) continue;
      const ca = caCertificateOf(index, issuer);
      if (ca && !isCa(ca)) yield { object: issuer, message: `signs with Secret "${asRecord(asRecord(issuer.spec).ca).secretName}", written by ${refOf(ca)}, which is not isCA: true; the issuer will never become Ready.`, related: [ca] };
    }
  },
};
