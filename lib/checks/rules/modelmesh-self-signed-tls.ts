import type { K8sObject } from '../../k8s-object';
import { refOf } from '../finding';
import { isCa, issuerOf } from '../issuers';
import { asRecord } from '../object-index';
import type { Rule, Violation } from '../rule';
import { MODELMESH_CONFIGMAP } from '../wellknown';
import { configuredSecret } from './modelmesh-pkcs1-key';

export const modelmeshSelfSignedTls: Rule = {
  id: 'SM-MM-015',
  severity: 'warning',
  title: 'The ModelMesh TLS Secret comes from a self-signed or isCA Certificate, so every renewal changes trust',
  explanation:
    'ModelMesh pods trust each other through the same key pair they serve with. When that certificate is its own root ' +
    '(issued by a SelfSigned issuer, or `isCA: true` as in the modelmesh-serving TLS doc\'s example), every renewal replaces ' +
    'the trust anchor: during the rolling update old and new pods reject each other until ModelMesh\'s three-step ' +
    '`MM_INTERNAL_TRUST_CERTS` rotation is done by hand. Fix: issue a leaf (`isCA: false`) from a stable private CA issuer ' +
    '(SelfSigned → CA Certificate → CA Issuer), so renewals keep the same trust anchor; rotate the CA itself with a plan.',
  sources: ['kserve/modelmesh docs/configuration/tls.md "Updating and Rotating Private Keys"', 'kserve/modelmesh-serving docs/configuration/tls.md'],
  *check({ index }): Iterable<Violation> {
    const reported = new Set<K8sObject>();
    for (const cm of index.ofKind('ConfigMap')) {
      if (cm.metadata.name !== MODELMESH_CONFIGMAP) continue;
      const secret = configuredSecret(cm);
      if (!secret) continue;
      // The controller reads the same Secret name in its own and in every runtime namespace.
      for (const cert of index.certificatesWriting(secret)) {
        if (reported.has(cert)) continue;
        const issuer = issuerOf(index, cert);
        const selfSigned = issuer !== undefined && asRecord(issuer.spec).selfSigned !== undefined;
        if (!selfSigned && !isCa(cert)) continue;
        reported.add(cert);
        const what = [isCa(cert) ? 'is isCA: true' : '', selfSigned ? `is issued by the SelfSigned ${refOf(issuer!)}` : ''].filter(Boolean).join(' and ');
        yield {
          object: cert,
          message: `writes ModelMesh's TLS Secret "${secret}" (${refOf(cm)}) and ${what}: every renewal changes the trust anchor and old/new pods reject each other during the rollout. Issue a leaf from a stable CA issuer.`,
          related: [cm, ...(selfSigned ? [issuer!] : [])],
        };
      }
    }
  },
};
