import type { K8sObject } from '../../k8s-object';
import { refOf } from '../finding';
import { showDuration } from '../../model/duration';
import { certificateDuration, isCa } from '../issuers';
import { asArray, asRecord, type PodTemplate } from '../object-index';
import type { Rule, Violation } from '../rule';
import { containersOf, mountedSecrets } from '../secret-consumers';
import { hasReloadStrategy } from './certificate-without-reload';
import { LONG_LIVED_LEAF_SECONDS } from '../wellknown';

/** Secrets a pod reads: mounted, or as env (`valueFrom.secretKeyRef`, `envFrom.secretRef`). */
function consumedSecrets(pod: PodTemplate): Set<string> {
  const out = new Set(mountedSecrets(pod));
  for (const c of containersOf(pod)) {
    for (const e of asArray(c.env)) {
      const name = asRecord(asRecord(asRecord(e).valueFrom).secretKeyRef).name;
      if (typeof name === 'string') out.add(name);
    }
    for (const e of asArray(c.envFrom)) {
      const name = asRecord(asRecord(e).secretRef).name;
      if (typeof name === 'string') out.add(name);
    }
  }
  return out;
}

export const longLivedLeafWithoutReload: Rule = {
  id: 'SM-MS-023',
  severity: 'warning',
  title: 'A leaf Certificate valid for more than a year is consumed by a workload without a reload strategy',
  explanation:
    'A multi-year leaf (the Mayastor TLS proposal\'s example uses 175200h, 20 years) avoids rotation instead of handling it: ' +
    'the renewal path is never exercised, and when the certificate is finally renewed (or re-issued after a key leak) the ' +
    'consumers keep the old one in memory. Fix: keep leaf lifetimes at or below 8760h (cert-manager renews them ' +
    'automatically) and give every consumer a reload strategy (Stakater Reloader, a `checksum/<secret>` annotation, or ' +
    '`secure-mesh.io/reload: hot` for software that re-reads its files).',
  sources: ['openebs/openebs#3855', 'openebs/mayastor-extensions#892', 'user-pain.md F23', 'cert-manager/cert-manager#1440'],
  *check({ index }): Iterable<Violation> {
    // Pods without a reload strategy by the Secrets they read, built once so the rule stays linear.
    const readers = new Map<string, K8sObject[]>();
    for (const pod of index.podTemplates()) {
      if (hasReloadStrategy(pod.annotations, pod.owner.metadata.annotations ?? {})) continue;
      for (const secret of consumedSecrets(pod)) {
        const key = `${pod.namespace}\0${secret}`;
        readers.set(key, [...(readers.get(key) ?? []), pod.owner]);
      }
    }
    for (const cert of index.ofKind('Certificate')) {
      if (isCa(cert)) continue;
      const duration = certificateDuration(cert);
      if (duration === undefined || duration <= LONG_LIVED_LEAF_SECONDS) continue;
      const secret = asRecord(cert.spec).secretName;
      if (typeof secret !== 'string') continue;
      const consumers = readers.get(`${cert.metadata.namespace ?? 'default'}\0${secret}`);
      if (!consumers) continue;
      yield {
        object: cert,
        message: `is a leaf valid for ${showDuration(duration)} (over 8760h), and ${consumers.map(refOf).join(', ')} read${consumers.length === 1 ? 's' : ''} Secret "${secret}" without a reload strategy: renewal is never exercised. Shorten the duration and add a reload strategy.`,
        related: consumers,
      };
    }
  },
};
