import { asRecord } from '../object-index';
import type { Rule, Violation } from '../rule';

export const issuerRef: Rule = {
  id: 'SM-CM-105',
  severity: 'error',
  title: 'Certificate issuerRef kind/group is invalid or names the wrong issuer kind',
  explanation:
    'For group `cert-manager.io` (or empty) the webhook only accepts kind `Issuer` or `ClusterIssuer` ("did you forget to set ' +
    'group?"). An unset kind means `Issuer`, which must be in the Certificate\'s namespace; pointing at a ClusterIssuer without ' +
    '`kind: ClusterIssuer` leaves the Certificate pending forever. Fix: set `issuerRef.kind` and `issuerRef.group` explicitly.',
  sources: ['cert-manager internal/apis/certmanager/validation/certificate.go', 'cert-manager/cert-manager#2130'],
  *check({ index }): Iterable<Violation> {
    for (const cert of index.ofKind('Certificate')) {
      const ref = asRecord(asRecord(cert.spec).issuerRef);
      if (typeof ref.name !== 'string') continue;
      const group = ref.group ?? '';
      if (group !== '' && group !== 'cert-manager.io') continue; // an external issuer: its own kinds
      const kind = ref.kind ?? 'Issuer';
      if (kind !== 'Issuer' && kind !== 'ClusterIssuer') {
        yield { object: cert, message: `issuerRef.kind "${kind}" is not Issuer or ClusterIssuer; for another issuer type set issuerRef.group.` };
        continue;
      }
      const ns = cert.metadata.namespace ?? 'default';
      const issuer = index.get('Issuer', ns, ref.name);
      const cluster = index.get('ClusterIssuer', undefined, ref.name);
      if (kind === 'Issuer' && !issuer && cluster) {
        yield { object: cert, message: `issuerRef names ${ref.name} as ${ref.kind ? 'an Issuer' : 'an Issuer (kind unset)'}, but only ClusterIssuer/${ref.name} exists: set issuerRef.kind: ClusterIssuer.`, related: [cluster] };
      } else if (kind === 'ClusterIssuer' && !cluster) {
        const elsewhere = index.ofKind('Issuer').find((i) => i.metadata.name === ref.name);
        if (elsewhere) yield { object: cert, message: `issuerRef names ClusterIssuer ${ref.name}, but only ${elsewhere.kind}/${elsewhere.metadata.namespace}/${ref.name} exists.`, related: [elsewhere] };
      }
    }
  },
};
