import type { K8sObject } from '../../k8s-object';
import { yamlPackage } from '../../yaml-package';
import { refOf } from '../finding';
import { asRecord } from '../object-index';
import type { Rule, Violation } from '../rule';
import { containersOf, envOf, mountedSecrets } from '../secret-consumers';
import { MODELMESH_CONFIG_KEY, MODELMESH_CONFIGMAP, MODELMESH_TLS_ENV_PREFIX } from '../wellknown';

/** `tls.secretName` of a `model-serving-config` ConfigMap (keys are case-insensitive, as viper reads them). */
export function configuredSecret(cm: K8sObject): string | undefined {
  const text = asRecord(cm.data)[MODELMESH_CONFIG_KEY];
  if (typeof text !== 'string') return undefined;
  try {
    const conf = asRecord(yamlPackage().parse(text));
    const tlsKey = Object.keys(conf).find((k) => k.toLowerCase() === 'tls');
    const tls = asRecord(tlsKey ? conf[tlsKey] : undefined);
    const nameKey = Object.keys(tls).find((k) => k.toLowerCase() === 'secretname');
    const name = nameKey ? tls[nameKey] : undefined;
    return typeof name === 'string' && name !== '' ? name : undefined;
  } catch {
    return undefined;
  }
}

export const modelmeshPkcs1Key: Rule = {
  id: 'SM-MM-013',
  severity: 'error',
  title: 'A Secret consumed by ModelMesh comes from a Certificate with a PKCS#1 private key',
  explanation:
    'ModelMesh (Java/netty) only reads PKCS#8 private keys, and cert-manager encodes keys as PKCS#1 unless ' +
    '`spec.privateKey.encoding: PKCS8` is set. The `mm` container then fails with "File does not contain valid private key". ' +
    'Fix: set `spec.privateKey.encoding: PKCS8` on the Certificate.',
  sources: ['kserve/modelmesh docs/configuration/tls.md', 'kserve/modelmesh#63', 'opensearch-project/opensearch-migrations#2830'],
  *check({ index }): Iterable<Violation> {
    const consumers: { secret: string; namespace?: string; consumer: K8sObject }[] = [];
    for (const cm of index.ofKind('ConfigMap')) {
      if (cm.metadata.name !== MODELMESH_CONFIGMAP) continue;
      const secret = configuredSecret(cm);
      // The controller reads the same secret name in its own and in every runtime namespace.
      if (secret) consumers.push({ secret, consumer: cm });
    }
    for (const pod of index.podTemplates()) {
      if (!containersOf(pod).some((c) => [...envOf(c).keys()].some((k) => k.startsWith(MODELMESH_TLS_ENV_PREFIX)))) continue;
      for (const secret of mountedSecrets(pod)) consumers.push({ secret, namespace: pod.namespace, consumer: pod.owner });
    }
    const reported = new Set<K8sObject>();
    for (const { secret, namespace, consumer } of consumers) {
      for (const cert of index.ofKind('Certificate')) {
        const spec = asRecord(cert.spec);
        if (spec.secretName !== secret || (namespace && cert.metadata.namespace !== namespace) || reported.has(cert)) continue;
        const key = asRecord(spec.privateKey);
        if (key.encoding === 'PKCS8' || key.algorithm === 'Ed25519') continue;
        reported.add(cert);
        yield {
          object: cert,
          message: `writes Secret "${secret}", consumed by ModelMesh (${refOf(consumer)}), with a ${key.encoding ?? 'PKCS1 (default)'} key; netty needs PKCS8. Set spec.privateKey.encoding: PKCS8.`,
          related: [consumer],
        };
      }
    }
  },
};
