import type { ClusterIssuerSpec } from '../../imports/cert-manager.io';
import type { K8sObject } from '../k8s-object';
import { formatDuration } from '../model/duration';
import type { IssuerRef, ResolvedCaCertificate, ResolvedIssuerChain, ResolvedPki } from '../model/resolved';
import { CERTIFICATE, CLUSTER_ISSUER } from '../mesh/kinds';
import { meta } from '../mesh/metadata';
import { plainManifest, type ManifestJson } from '../mesh/plain-manifest';
import { privateKeySpec } from './private-key';
import { TRUST_ANCHOR_LABEL } from './wellknown';

/**
 * The chain of issuers every workload certificate comes from:
 * self-signed bootstrap → root CA Certificate → root ClusterIssuer → intermediate CA Certificate →
 * intermediate ClusterIssuer (or an existing CA Secret / Vault as the root). CA secrets live in the
 * PKI namespace, which must be cert-manager's cluster resource namespace (ClusterIssuers read there).
 */
export function issuerChain(pki: ResolvedPki): K8sObject[] {
  // While a CA rotation is in progress both chains exist, always the old one first, so that the
  // manifests of consecutive rotation steps differ only where the step changes something.
  const other = pki.rotation?.otherChain;
  const chains = !other ? [pki] : pki.rotation?.phase === 'issue-from-new' ? [other, pki] : [pki, other];
  return chains.flatMap((chain) => chainObjects(chain, pki.namespace));
}

function chainObjects(pki: ResolvedIssuerChain, namespace: string): K8sObject[] {
  const objects: K8sObject[] = [];
  const root = pki.root;
  switch (root.type) {
    case 'selfSigned':
      objects.push(plainManifest(CLUSTER_ISSUER, { metadata: meta(root.bootstrapIssuer), spec: { selfSigned: {} } }));
      objects.push(caCertificate(root.certificate, namespace, { name: root.bootstrapIssuer, kind: 'ClusterIssuer', group: 'cert-manager.io' }, true));
      objects.push(caIssuer(pki.rootIssuer.name, { ca: { secretName: root.certificate.secretName } }));
      break;
    case 'secret':
      objects.push(caIssuer(pki.rootIssuer.name, { ca: { secretName: root.secretName } }));
      break;
    case 'vault':
      objects.push(caIssuer(pki.rootIssuer.name, {
        vault: {
          server: root.server,
          path: root.path,
          auth: { kubernetes: { role: root.auth.role, mountPath: root.auth.mountPath, serviceAccountRef: { name: root.auth.serviceAccount } } },
          caBundleSecretRef: { name: root.caSecretName, key: 'ca.crt' },
        },
      }));
      break;
  }
  if (pki.intermediate) {
    objects.push(caCertificate(pki.intermediate, namespace, pki.rootIssuer, false));
    objects.push(caIssuer(pki.intermediate.issuer.name, { ca: { secretName: pki.intermediate.secretName } }));
  }
  return objects;
}

function caIssuer(name: string, spec: ManifestJson<ClusterIssuerSpec>): K8sObject {
  return plainManifest(CLUSTER_ISSUER, { metadata: meta(name), spec });
}

function caCertificate(ca: ResolvedCaCertificate, namespace: string, issuerRef: IssuerRef, trustAnchor: boolean): K8sObject {
  return plainManifest(CERTIFICATE, {
    metadata: meta(ca.name, namespace),
    spec: {
      isCA: true,
      commonName: ca.commonName,
      secretName: ca.secretName,
      duration: formatDuration(ca.duration),
      renewBefore: formatDuration(ca.renewBefore),
      privateKey: privateKeySpec(ca.privateKey),
      usages: ['cert sign', 'crl sign', 'digital signature'],
      issuerRef: { name: issuerRef.name, kind: issuerRef.kind, group: issuerRef.group },
      // The root's Secret is a trust anchor: the trust bundle reads its ca.crt.
      ...(trustAnchor ? { secretTemplate: { labels: { [TRUST_ANCHOR_LABEL]: 'true' } } } : {}),
    },
  });
}
