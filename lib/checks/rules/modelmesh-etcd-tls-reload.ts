import { Buffer } from 'node:buffer';
import { yamlPackage } from '../../yaml-package';
import type { K8sObject } from '../../k8s-object';
import { RUNTIME_LABELS } from '../../integrations/modelmesh/wellknown';
import { refOf } from '../finding';
import { asRecord, labelsMatch, stringMap } from '../object-index';
import type { Rule, Violation } from '../rule';
import { containersOf, envOf } from '../secret-consumers';
import { MODELMESH_CONFIG_KEY, MODELMESH_CONFIGMAP, MODELMESH_TLS_ENV_PREFIX } from '../wellknown';
import { hasReloadStrategy } from './certificate-without-reload';
import {
  MODELMESH_ETCD_CLIENT_CERT_FIELDS, MODELMESH_ETCD_CONNECTION_KEY, MODELMESH_ETCD_SECRET, MODELMESH_ETCD_SECRET_CONFIG_KEY,
  MODELMESH_RUNTIME_POD_ANNOTATIONS_KEY,
} from '../wellknown';

/** A model-serving-config's user config (keys matched case-insensitively, as viper does), or {} when unreadable. */
function userConfig(cm: K8sObject): Record<string, unknown> {
  const text = asRecord(cm.data)[MODELMESH_CONFIG_KEY];
  if (typeof text !== 'string') return {};
  try {
    return asRecord(yamlPackage().parse(text));
  } catch {
    return {};
  }
}

function configValue(conf: Record<string, unknown>, key: string): unknown {
  const k = Object.keys(conf).find((x) => x.toLowerCase() === key.toLowerCase());
  return k === undefined ? undefined : conf[k];
}

/** The `etcd_connection` JSON of a Secret (`stringData` as written, or base64 `data`), or undefined. */
function etcdConnection(secret: K8sObject): Record<string, unknown> | undefined {
  const s = secret as Record<string, any>;
  const raw = asRecord(s.stringData)[MODELMESH_ETCD_CONNECTION_KEY] ?? (typeof asRecord(s.data)[MODELMESH_ETCD_CONNECTION_KEY] === 'string'
    ? Buffer.from(asRecord(s.data)[MODELMESH_ETCD_CONNECTION_KEY], 'base64').toString('utf8') : undefined);
  if (typeof raw !== 'string') return undefined;
  try {
    return asRecord(JSON.parse(raw));
  } catch {
    return undefined;
  }
}

export const modelmeshEtcdTlsReload: Rule = {
  id: 'SM-MM-016',
  severity: 'warning',
  title: 'ModelMesh connects to etcd with a TLS client certificate but its runtime pods have no reload strategy',
  explanation:
    'ModelMesh reads the KV-store (etcd) TLS client certificate once at startup and never reloads it (kserve/modelmesh#148): ' +
    'after the certificate is renewed, connections to etcd fail until the runtime pods restart. Fix: give the runtime pods a ' +
    'reload strategy: `runtimePodAnnotations` in `model-serving-config` with a Stakater Reloader annotation ' +
    '(`secret.reloader.stakater.com/reload: <etcd secret>`) or a `checksum/<secret>` annotation your deploy tool updates.',
  sources: ['kserve/modelmesh#148', 'kserve/modelmesh-serving#204', 'user-pain.md F16'],
  *check({ index }): Iterable<Violation> {
    const configs = index.ofKind('ConfigMap').filter((cm) => cm.metadata.name === MODELMESH_CONFIGMAP);
    const secretNames = new Set([MODELMESH_ETCD_SECRET, ...configs.map((cm) => configValue(userConfig(cm), MODELMESH_ETCD_SECRET_CONFIG_KEY)).filter((n): n is string => typeof n === 'string')]);
    const configReloads = configs.some((cm) => hasReloadStrategy(stringMap(configValue(userConfig(cm), MODELMESH_RUNTIME_POD_ANNOTATIONS_KEY))));
    const runtimes = index.podTemplates().filter((p) => labelsMatch(RUNTIME_LABELS, p.labels)
      || containersOf(p).some((c) => [...envOf(c).keys()].some((k) => k.startsWith(MODELMESH_TLS_ENV_PREFIX))));
    for (const secret of index.ofKind('Secret')) {
      if (!secretNames.has(secret.metadata.name)) continue;
      const conn = etcdConnection(secret);
      if (!conn || !MODELMESH_ETCD_CLIENT_CERT_FIELDS.some((f) => conn[f] !== undefined && conn[f] !== '')) continue;
      if (configReloads) continue;
      const namespace = secret.metadata.namespace ?? 'default';
      const here = runtimes.filter((p) => p.namespace === namespace);
      const missing = here.filter((p) => !hasReloadStrategy(p.annotations, p.owner.metadata.annotations ?? {}));
      if (here.length > 0 && missing.length === 0) continue;
      const who = missing.length > 0
        ? `${missing.map((p) => refOf(p.owner)).join(', ')} ha${missing.length === 1 ? 's' : 've'} no reload strategy`
        : `runtimePodAnnotations in ${MODELMESH_CONFIGMAP} carry no reload strategy`;
      yield {
        object: secret,
        message: `configures an etcd TLS client certificate for ModelMesh, which does not reload it (modelmesh#148), and ${who}. Add a Reloader annotation to runtimePodAnnotations.`,
        related: [...configs, ...here.map((p) => p.owner)],
      };
    }
  },
};
