import type { K8sObject } from '../../k8s-object';
import { refOf } from '../finding';
import { asRecord } from '../object-index';
import type { Rule, Violation } from '../rule';
import { mountedSecrets } from '../secret-consumers';
import { RELOAD_ANNOTATION_PREFIXES, RELOAD_ANNOTATIONS } from '../wellknown';

export function hasReloadStrategy(...annotationSets: Readonly<Record<string, string>>[]): boolean {
  return annotationSets.some((a) => Object.keys(a).some((k) => RELOAD_ANNOTATIONS.includes(k) || RELOAD_ANNOTATION_PREFIXES.some((p) => k.startsWith(p))));
}

export const certificateWithoutReload: Rule = {
  id: 'SM-CM-018',
  severity: 'error',
  title: 'A workload mounts a cert-manager certificate but has no reload strategy',
  explanation:
    'cert-manager renews the Secret, but most applications (Python ssl, Java keystores, ModelMesh KV clients) read the files ' +
    'once: they keep serving the old certificate until it expires and the outage starts. Fix: annotate the workload for ' +
    'Stakater Reloader (`secret.reloader.stakater.com/reload: <secret>` or `reloader.stakater.com/auto: "true"`), use a ' +
    '`checksum/<secret>` pod-template annotation your deploy tool updates, or mark an application that re-reads its files with ' +
    '`secure-mesh.io/reload: hot`.',
  sources: ['cert-manager/cert-manager#1168', 'cert-manager/cert-manager#1440', 'piraeusdatastore/piraeus-operator#701', 'kserve/modelmesh#148'],
  *check({ index }): Iterable<Violation> {
    for (const pod of index.podTemplates()) {
      const certs: K8sObject[] = [];
      for (const secret of mountedSecrets(pod)) {
        const cert = index.inNamespace('Certificate', pod.namespace).find((c) => asRecord(c.spec).secretName === secret);
        if (cert) certs.push(cert);
      }
      if (certs.length === 0) continue;
      if (hasReloadStrategy(pod.annotations, pod.owner.metadata.annotations ?? {})) continue;
      yield {
        object: pod.owner,
        message: `mounts the Secret of ${certs.map(refOf).join(', ')} without a reload strategy: renewed certificates are not picked up. Add a Reloader annotation (or secure-mesh.io/reload: hot if it re-reads the files).`,
        related: certs,
      };
    }
  },
};
