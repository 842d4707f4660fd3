import { asRecord } from '../object-index';
import type { Rule, Violation } from '../rule';
import { MAX_COMMON_NAME_LENGTH } from '../../pki/wellknown';

export const commonNameLength: Rule = {
  id: 'SM-CM-102',
  severity: 'error',
  title: 'Certificate commonName is longer than 64 characters',
  explanation:
    'X.509 limits the common name to 64 characters and the cert-manager webhook rejects longer ones. TLS clients ignore the CN ' +
    'when SANs are present anyway. Fix: shorten or drop `commonName` and put the names in `dnsNames`.',
  sources: ['cert-manager internal/apis/certmanager/validation/certificate.go', 'RFC 5280 ub-common-name'],
  *check({ index }): Iterable<Violation> {
    for (const cert of index.ofKind('Certificate')) {
      const cn = asRecord(cert.spec).commonName;
      if (typeof cn === 'string' && cn.length > MAX_COMMON_NAME_LENGTH) {
        yield { object: cert, message: `commonName is ${cn.length} characters; the limit is ${MAX_COMMON_NAME_LENGTH}. Use dnsNames instead.` };
      }
    }
  },
};
