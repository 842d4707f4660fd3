import { asArray, asRecord } from '../object-index';
import type { Rule, Violation } from '../rule';

export const caUsages: Rule = {
  id: 'SM-CM-104',
  severity: 'error',
  title: 'isCA and usages disagree (cert sign / nameConstraints without isCA)',
  explanation:
    'Only `isCA: true` makes cert-manager issue a CA certificate (it adds `cert sign` itself). A `cert sign` usage on a ' +
    'non-CA certificate does not make it a CA: a CA Issuer using it fails with "certificate is not a CA". `nameConstraints` ' +
    'require `isCA: true` (webhook). Fix: set `isCA: true` on CA certificates, and keep `cert sign` off leaves.',
  sources: ['epinio/epinio#613', 'cert-manager/cert-manager#6313', 'cert-manager pkg/apis/certmanager/v1/types_certificate.go'],
  *check({ index }): Iterable<Violation> {
    for (const cert of index.ofKind('Certificate')) {
      const spec = asRecord(cert.spec);
      if (spec.isCA === true) continue;
      if (asArray(spec.usages).includes('cert sign')) yield { object: cert, message: 'has usage "cert sign" but not isCA: true; it will not be a CA. Set isCA: true or drop the usage.' };
      if (spec.nameConstraints !== undefined) yield { object: cert, message: 'sets nameConstraints without isCA: true; the webhook rejects it.' };
    }
  },
};
