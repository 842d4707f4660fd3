import type { K8sObject } from '../k8s-object';
import type { ResolvedPki } from '../model/resolved';
import { BUNDLE } from '../mesh/kinds';
import { meta } from '../mesh/metadata';
import { plainManifest } from '../mesh/plain-manifest';
import { CA_CERT_KEY, TRUST_BUNDLE_NAMESPACE_LABEL } from './wellknown';

/**
 * The trust-manager Bundle that writes the mesh's CA certificates into a ConfigMap of every mesh
 * namespace (those labelled for it). Consumers trust the bundle, never a leaf Secret's `ca.crt`,
 * so a CA rotation can trust the old and the new root at once.
 */
export function trustBundle(pki: ResolvedPki): K8sObject | undefined {
  const bundle = pki.trustBundle;
  if (!bundle) return undefined;
  return plainManifest(BUNDLE, {
    metadata: meta(bundle.name),
    spec: {
      sources: [
        ...bundle.sourceSecrets.map((name) => ({ secret: { name, key: CA_CERT_KEY } })),
        ...bundle.additionalCertificates.map((pem) => ({ inLine: pem.trim() })),
      ],
      target: {
        configMap: { key: bundle.key },
        namespaceSelector: { matchLabels: { [TRUST_BUNDLE_NAMESPACE_LABEL]: 'enabled' } },
      },
    },
  });
}
