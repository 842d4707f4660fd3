import { refOf } from '../finding';
import { isCa, issuerOf } from '../issuers';
import { asRecord } from '../object-index';
import type { Rule, Violation } from '../rule';

export const leafSignedBySelfSigned: Rule = {
  id: 'SM-CM-021',
  severity: 'error',
  title: 'A leaf Certificate is issued by a SelfSigned issuer',
  explanation:
    'A SelfSigned issuer signs each certificate with its own key, so a leaf issued by it is its own trust root: peers that ' +
    'trust the mesh CA reject it, and every renewal changes the trust anchor (ModelMesh pods then distrust each other during a ' +
    'rollout). SelfSigned issuers exist to bootstrap a CA. Fix: issue a CA Certificate (`isCA: true`) from the SelfSigned ' +
    'issuer, create a `ca` Issuer from its Secret, and point leaves at that.',
  sources: ['kedify/otel-add-on#177', 'cert-manager/cert-manager#6313', 'kserve/modelmesh docs/configuration/tls.md'],
  *check({ index }): Iterable<Violation> {
    for (const cert of index.ofKind('Certificate')) {
      if (isCa(cert)) continue;
      const issuer = issuerOf(index, cert);
      if (issuer && asRecord(issuer.spec).selfSigned !== undefined) {
        yield { object: cert, message: `is a leaf issued by the SelfSigned ${refOf(issuer)}: it will be its own trust root. Issue it from a CA issuer.`, related: [issuer] };
      }
    }
  },
};
