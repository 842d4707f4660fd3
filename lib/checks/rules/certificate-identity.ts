import { asArray, asRecord } from '../object-index';
import type { Rule, Violation } from '../rule';

const IDENTITY_FIELDS = ['commonName', 'dnsNames', 'uris', 'ipAddresses', 'emailAddresses', 'otherNames'];

export const certificateIdentity: Rule = {
  id: 'SM-CM-103',
  severity: 'error',
  title: 'Certificate names no identity (no commonName, SAN or literalSubject CN)',
  explanation:
    'The cert-manager webhook requires at least one of commonName (or a CN in literalSubject), dnsNames, uris, ipAddresses, ' +
    'emailAddresses or otherNames. Fix: add the DNS names clients dial (`svc`, `svc.ns`, `svc.ns.svc`, …) or the SPIFFE URI.',
  sources: ['cert-manager internal/apis/certmanager/validation/certificate.go'],
  *check({ index }): Iterable<Violation> {
    for (const cert of index.ofKind('Certificate')) {
      const spec = asRecord(cert.spec);
      const has = IDENTITY_FIELDS.some((f) => (Array.isArray(spec[f]) ? asArray(spec[f]).length > 0 : typeof spec[f] === 'string' && spec[f] !== ''));
      const literalCn = typeof spec.literalSubject === 'string' && /(^|,)\s*CN=/.test(spec.literalSubject);
      if (!has && !literalCn) yield { object: cert, message: 'names no identity: set dnsNames (or uris, ipAddresses, commonName).' };
    }
  },
};
