import { Certificate, CertificateSpecUsages, Issuer } from '../../../imports/cert-manager.io';
import type { K8sObject } from '../../k8s-object';
import { formatDuration } from '../../model/duration';
import type { ResolvedMesh } from '../../model/resolved';
import { manifest, meta } from '../../mesh/metadata';
import { privateKeySpec } from '../../pki/private-key';
import type { ResolvedMayastor } from './resolve';

/** Names of Mayastor's own chain (the proposal's `selfsigned-issuer` → `root-ca` → `ca-issuer`, release-prefixed). */
export function mayastorIssuerNames(y: ResolvedMayastor): { selfSigned: string; rootCa: string; caIssuer: string } {
  return { selfSigned: `${y.release}-selfsigned-issuer`, rootCa: `${y.release}-root-ca`, caIssuer: `${y.release}-ca-issuer` };
}

/**
 * With the TLS switch on: a self-signed Issuer, the root CA Certificate, a CA Issuer, and one
 * Certificate per component, all namespaced in the release namespace as the proposal's templates do.
 * With it off: nothing (components talk plain HTTP).
 */
export function mayastorObjects(mesh: ResolvedMesh, y: ResolvedMayastor): K8sObject[] {
  if (!y.tls) return [];
  const names = mayastorIssuerNames(y);
  const d = mesh.pki.certificateDefaults;
  // rustls (the control plane) and etcd read PKCS8; written explicitly whatever the mesh default.
  const leafKey = privateKeySpec({ ...d.privateKey, encoding: 'PKCS8' });
  const objects: K8sObject[] = [
    manifest(Issuer, { metadata: meta(names.selfSigned, y.namespace), spec: { selfSigned: {} } }),
    manifest(Certificate, {
      metadata: meta(names.rootCa, y.namespace),
      spec: {
        isCa: true,
        commonName: `${y.release} root CA`,
        secretName: names.rootCa,
        duration: y.caDuration,
        privateKey: privateKeySpec({ algorithm: 'ECDSA', size: 384, encoding: 'PKCS8', rotationPolicy: 'Never' }),
        usages: [CertificateSpecUsages.CERT_SIGN, CertificateSpecUsages.CRL_SIGN, CertificateSpecUsages.DIGITAL_SIGNATURE],
        issuerRef: { name: names.selfSigned, kind: 'Issuer', group: 'cert-manager.io' },
      },
    }),
    manifest(Issuer, { metadata: meta(names.caIssuer, y.namespace), spec: { ca: { secretName: names.rootCa } } }),
  ];
  for (const cert of y.certificates) {
    objects.push(manifest(Certificate, {
      metadata: meta(cert.secretName, y.namespace, { app: cert.component.app }),
      spec: {
        isCa: false,
        secretName: cert.secretName,
        dnsNames: [...cert.dnsNames],
        // Every component both serves and calls the others (and etcd members call their peers).
        usages: [CertificateSpecUsages.SERVER_AUTH, CertificateSpecUsages.CLIENT_AUTH, CertificateSpecUsages.DIGITAL_SIGNATURE, CertificateSpecUsages.KEY_ENCIPHERMENT],
        duration: formatDuration(d.duration),
        renewBefore: formatDuration(d.renewBefore),
        privateKey: leafKey,
        issuerRef: { name: names.caIssuer, kind: 'Issuer', group: 'cert-manager.io' },
      },
    }));
  }
  return objects;
}
