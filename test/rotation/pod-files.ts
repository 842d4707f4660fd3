import type { LocalCertManager } from '../../lib/devcerts';
import type { K8sObject } from '../../lib/k8s-object';

interface VolumeSpec {
  readonly name: string;
  readonly secret?: { readonly secretName: string; readonly items?: readonly { key: string; path: string }[] };
  readonly configMap?: { readonly name: string; readonly items?: readonly { key: string; path: string }[] };
}
interface ContainerSpec {
  readonly name: string;
  readonly env?: readonly { name: string; value?: string }[];
  readonly volumeMounts?: readonly { name: string; mountPath: string }[];
}

/**
 * The files a container of an emitted Deployment sees, as the kubelet would lay them out: each
 * volumeMount of a Secret or ConfigMap volume (with its `items`, if any) under its mountPath, the data
 * taken from a local cert-manager (Secrets: `tls.crt`, `tls.key`, `ca.crt`) and trust-manager
 * (the Bundle's ConfigMap, only in the namespaces its selector picks). A volume whose source does not
 * exist throws: the pod would never start. Nothing here knows which file a product reads: that comes
 * from the container's env (`env`).
 */
export function containerFiles(deployment: K8sObject, containerName: string, cm: LocalCertManager, objects: readonly K8sObject[]): { files: Map<string, string>; env: Map<string, string> } {
  const namespace = deployment.metadata.namespace ?? 'default';
  const pod = (deployment as unknown as { spec: { template: { spec: { volumes?: VolumeSpec[]; containers: ContainerSpec[] } } } }).spec.template.spec;
  const container = pod.containers.find((c) => c.name === containerName);
  if (!container) throw new Error(`no container ${containerName} in ${namespace}/${deployment.metadata.name}`);
  const files = new Map<string, string>();
  for (const mount of container.volumeMounts ?? []) {
    const volume = (pod.volumes ?? []).find((v) => v.name === mount.name);
    if (!volume) throw new Error(`volumeMount ${mount.name} has no volume`);
    let data: Record<string, string>;
    let items: readonly { key: string; path: string }[] | undefined;
    if (volume.secret) {
      const secret = cm.secret(namespace, volume.secret.secretName);
      if (!secret) throw new Error(`Secret ${namespace}/${volume.secret.secretName} was never issued: the pod would not start`);
      data = { 'tls.crt': secret.tlsCrt, 'tls.key': secret.tlsKey, 'ca.crt': secret.caCrt };
      items = volume.secret.items;
    } else if (volume.configMap) {
      const configMap = cm.bundleConfigMap(objects, namespace, volume.configMap.name);
      if (!configMap) throw new Error(`ConfigMap ${namespace}/${volume.configMap.name} is not written by trust-manager: the pod would not start`);
      data = configMap;
      items = volume.configMap.items;
    } else {
      throw new Error(`volume ${volume.name}: only Secret and ConfigMap volumes are laid out`);
    }
    for (const { key, path } of items ?? Object.keys(data).map((k) => ({ key: k, path: k }))) {
      if (data[key] === undefined) throw new Error(`volume ${volume.name}: key ${key} is missing: the pod would not start`);
      files.set(`${mount.mountPath}/${path}`, data[key]);
    }
  }
  const env = new Map((container.env ?? []).map((e) => [e.name, e.value ?? '']));
  return { files, env };
}

/** The content of the file a container's env var names. */
export function fileOf(view: { files: Map<string, string>; env: Map<string, string> }, envVar: string): string {
  const path = view.env.get(envVar);
  if (path === undefined) throw new Error(`env ${envVar} is not set`);
  const content = view.files.get(path);
  if (content === undefined) throw new Error(`${envVar}=${path}: no such file in the container (mounted: ${[...view.files.keys()].join(', ')})`);
  return content;
}
