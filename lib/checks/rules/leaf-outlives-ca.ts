import { refOf } from '../finding';
import { showDuration } from '../../model/duration';
import { caCertificateOf, certificateDuration, issuerOf } from '../issuers';
import type { Rule, Violation } from '../rule';

export const leafOutlivesCa: Rule = {
  id: 'SM-CM-106',
  severity: 'error',
  title: 'A Certificate asks for a longer lifetime than the CA certificate that signs it',
  explanation:
    'cert-manager\'s CA issuer does not cap a certificate\'s NotAfter at its CA\'s: a leaf can be valid longer than the CA ' +
    'that signed it, and clients reject it once the CA expires, long before the leaf is renewed. Fix: keep every duration ' +
    'below its issuing CA\'s (rotate CAs well before their children).',
  sources: ['cert-manager pkg/util/pki/certificatetemplate.go', 'certmanager-cdk8s-style.md §A3'],
  *check({ index }): Iterable<Violation> {
    for (const cert of index.ofKind('Certificate')) {
      const issuer = issuerOf(index, cert);
      if (!issuer) continue;
      const ca = caCertificateOf(index, issuer);
      if (!ca || ca === cert) continue;
      const own = certificateDuration(cert);
      const caLife = certificateDuration(ca);
      if (own !== undefined && caLife !== undefined && own > caLife) {
        yield { object: cert, message: `asks for ${showDuration(own)} but its CA ${refOf(ca)} (via ${refOf(issuer)}) lives ${showDuration(caLife)}: shorten the duration below the CA's.`, related: [ca, issuer] };
      }
    }
  },
};
