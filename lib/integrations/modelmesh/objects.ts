import { k8s } from 'cdk8s-plus-28';
import { stringify } from 'yaml';
import { Certificate, CertificateSpecUsages } from '../../../imports/cert-manager.io';
import type { K8sObject } from '../../k8s-object';
import { formatDuration } from '../../model/duration';
import type { ResolvedMesh } from '../../model/resolved';
import { manifest, meta } from '../../mesh/metadata';
import { privateKeySpec } from '../../pki/private-key';
import type { ResolvedModelMesh } from './resolve';
import { RUNTIME_SERVICE_ACCOUNT, SERVICE_NAME, USER_CONFIG_KEY, USER_CONFIG_MAP } from './wellknown';

/**
 * The ModelMesh certificate in one namespace: the controller dials the Service by its short names,
 * so the SANs are `modelmesh-serving`, `.<ns>`, `.<ns>.svc` and `.<ns>.svc.<clusterDomain>`. The key
 * is always PKCS8: ModelMesh's netty refuses PKCS1, cert-manager's default.
 */
function modelMeshCertificate(mesh: ResolvedMesh, m: ResolvedModelMesh, namespace: string, secretName: string, issuer?: string): K8sObject {
  const d = mesh.pki.certificateDefaults;
  return manifest(Certificate, {
    metadata: meta(secretName, namespace, { app: SERVICE_NAME }),
    spec: {
      secretName,
      dnsNames: [SERVICE_NAME, `${SERVICE_NAME}.${namespace}`, `${SERVICE_NAME}.${namespace}.svc`, `${SERVICE_NAME}.${namespace}.svc.${m.clusterDomain}`],
      usages: [CertificateSpecUsages.SERVER_AUTH, CertificateSpecUsages.CLIENT_AUTH, CertificateSpecUsages.DIGITAL_SIGNATURE, CertificateSpecUsages.KEY_ENCIPHERMENT],
      duration: formatDuration(d.duration),
      renewBefore: formatDuration(d.renewBefore),
      privateKey: privateKeySpec({ ...d.privateKey, encoding: 'PKCS8' }),
      issuerRef: issuer ? { name: issuer, kind: 'ClusterIssuer', group: 'cert-manager.io' } : { ...mesh.pki.leafIssuer },
    },
  });
}

/** The Secret name ModelMesh serves from in the synthesized step (the new one from step 2 on). */
export function activeSecretName(m: ResolvedModelMesh): string {
  return m.rotation && m.rotation.step >= 2 ? m.rotation.newSecretName : m.secretName;
}

/**
 * Certificates in the controller and every runtime namespace (one per namespace, same Secret name;
 * during a rotation also the new key pair, and from step 3 only the new one), `model-serving-config`
 * with `tls.secretName` / `tls.clientAuth`, and the runtimes' ServiceAccount without roles.
 */
export function modelMeshObjects(mesh: ResolvedMesh, m: ResolvedModelMesh): K8sObject[] {
  const objects: K8sObject[] = [];
  for (const ns of m.secretNamespaces) {
    if (!m.rotation || m.rotation.step < 3) objects.push(modelMeshCertificate(mesh, m, ns, m.secretName));
    if (m.rotation) objects.push(modelMeshCertificate(mesh, m, ns, m.rotation.newSecretName, m.rotation.newIssuer));
  }
  const config = { tls: { secretName: activeSecretName(m), clientAuth: m.clientAuth }, serviceAccountName: RUNTIME_SERVICE_ACCOUNT };
  objects.push(manifest(k8s.KubeConfigMap, {
    metadata: meta(USER_CONFIG_MAP, m.controllerNamespace),
    data: { [USER_CONFIG_KEY]: stringify(config) },
  }));
  for (const ns of m.runtimeNamespaces) {
    // Runtimes need no Kubernetes API access ("No Roles or access defined"): no RoleBinding names this account.
    objects.push(manifest(k8s.KubeServiceAccount, { metadata: meta(RUNTIME_SERVICE_ACCOUNT, ns) }));
  }
  return objects;
}
