import type { K8sObject } from '../k8s-object';
import { goDurationSeconds } from '../model/duration';
import { asRecord, type ObjectIndex } from './object-index';

/** cert-manager v1.21.1 `DefaultCertificateDuration` (90 days), used when `spec.duration` is unset. */
export const DEFAULT_CERTIFICATE_DURATION_SECONDS = 90 * 24 * 3600;

/** The issuer a Certificate's `issuerRef` names, when it is in the manifests (kind defaults to Issuer, as cert-manager does). */
export function issuerOf(index: ObjectIndex, cert: K8sObject): K8sObject | undefined {
  const ref = asRecord(asRecord(cert.spec).issuerRef);
  if (typeof ref.name !== 'string') return undefined;
  const group = ref.group ?? 'cert-manager.io';
  if (group !== 'cert-manager.io' && group !== '') return undefined;
  const kind = ref.kind ?? 'Issuer';
  if (kind === 'ClusterIssuer') return index.get('ClusterIssuer', undefined, ref.name);
  if (kind === 'Issuer') return index.get('Issuer', cert.metadata.namespace ?? 'default', ref.name);
  return undefined;
}

/** The Certificate that writes the CA keypair a `ca` issuer signs with, when it is in the manifests. */
export function caCertificateOf(index: ObjectIndex, issuer: K8sObject): K8sObject | undefined {
  const secretName = asRecord(asRecord(issuer.spec).ca).secretName;
  if (typeof secretName !== 'string') return undefined;
  const candidates = index.certificatesWriting(secretName);
  // A namespaced Issuer reads its own namespace; a ClusterIssuer reads cert-manager's cluster resource namespace (unknown here).
  if (issuer.kind === 'Issuer') return candidates.find((c) => c.metadata.namespace === issuer.metadata.namespace);
  return candidates.length === 1 ? candidates[0] : candidates.find((c) => c.metadata.namespace === 'cert-manager');
}

/** The lifetime cert-manager requests: `spec.duration`, or 90 days. Undefined when `duration` is not a Go duration. */
export function certificateDuration(cert: K8sObject): number | undefined {
  const d = asRecord(cert.spec).duration;
  return d === undefined ? DEFAULT_CERTIFICATE_DURATION_SECONDS : goDurationSeconds(d);
}

export function isCa(cert: K8sObject): boolean {
  return asRecord(cert.spec).isCA === true;
}
