import { ConfigMap, EnvValue, Secret, Volume, type Container, type Workload } from 'cdk8s-plus-28';
import type { Construct } from 'constructs';
import type { AppTlsProps } from '../../model/definition';
import type { ResolvedMesh } from '../../model/resolved';
import { bundleConfigMapIn } from '../../pki/trust-source';
import type { ResolvedAppTls } from './resolve';
import { podTlsWiring } from './pod-wiring';
import { CA_FILE, CERT_FILE, KEY_FILE, RELOADER_CONFIGMAP_ANNOTATION, RELOADER_SECRET_ANNOTATION, TRUST_MOUNT_PATH, TRUST_VOLUME } from './wellknown';

/** What binding a workload's application TLS to a pod means, as plain data. */
export interface AppTlsBinding {
  readonly secretName: string;
  readonly mountPath: string;
  /** Env vars in order: enabled flag, certificate, key, CA. */
  readonly env: readonly { readonly name: string; readonly value: string }[];
  /** Pod labels that make the mesh's policies select the pods. */
  readonly podLabels: Readonly<Record<string, string>>;
  readonly serviceAccount: string;
  /** Deployment annotations (restart on Secret change), empty for hot-reloading applications. */
  readonly annotations: Readonly<Record<string, string>>;
  /** Whether the Secret exists in this phase (not in `mtls-off`). */
  readonly mountSecret: boolean;
  /**
   * What the CA env var's file holds. `bundle`: the trust bundle ConfigMap of the workload's namespace,
   * mounted read-only at `mountPath` (every root valid during a CA rotation; the Secret volume then
   * projects only `tls.crt` and `tls.key`). `secret`: the Secret's own `ca.crt`, the one CA that issued
   * it, because there is no bundle in that namespace (`why`): a CA rotation breaks this workload.
   */
  readonly trust:
  | { readonly source: 'bundle'; readonly configMap: string; readonly key: string; readonly mountPath: string; readonly file: string }
  | { readonly source: 'secret'; readonly file: string; readonly why: string };
}

/** The binding of workload `name` in `namespace`, from the synthesized mesh and its migration phase. */
export function appTlsBinding(mesh: ResolvedMesh, appTls: ResolvedAppTls, namespace: string, name: string): AppTlsBinding {
  const workload = mesh.workloads.find((w) => w.namespace === namespace && w.name === name);
  const declared = appTls.workloads.find((w) => w.namespace === namespace && w.name === name);
  if (!workload || !declared) {
    throw new Error(`workload "${namespace}/${name}" has no application TLS in this mesh; declare tls on it under workloads`);
  }
  const tls: AppTlsProps = declared.tls;
  const secretName = tls.secretName ?? `${name}-tls`;
  const mountPath = tls.mountPath ?? '/etc/tls';
  const available = bundleConfigMapIn(mesh, namespace);
  const trust: AppTlsBinding['trust'] = available.bundle
    ? { source: 'bundle', configMap: available.bundle.name, key: available.bundle.key, mountPath: TRUST_MOUNT_PATH, file: `${TRUST_MOUNT_PATH}/${CA_FILE}` }
    : { source: 'secret', file: `${mountPath}/${CA_FILE}`, why: available.why };
  const env: { name: string; value: string }[] = [];
  if (tls.env?.enabled) env.push({ name: tls.env.enabled, value: String(appTls.enabled) });
  if (tls.env) {
    env.push({ name: tls.env.certPath, value: `${mountPath}/${CERT_FILE}` });
    env.push({ name: tls.env.keyPath, value: `${mountPath}/${KEY_FILE}` });
    env.push({ name: tls.env.caPath, value: trust.file });
  }
  const mountSecret = workload.tls !== undefined;
  const restart = (tls.reload ?? 'restart') === 'restart' && mountSecret;
  const annotations: Record<string, string> = {};
  if (restart) annotations[RELOADER_SECRET_ANNOTATION] = secretName;
  // The bundle changes at each CA rotation step: applications that read trust once must restart too.
  if (restart && trust.source === 'bundle') annotations[RELOADER_CONFIGMAP_ANNOTATION] = trust.configMap;
  return {
    secretName, mountPath, env, mountSecret, trust,
    podLabels: { ...workload.selector },
    serviceAccount: workload.serviceAccount,
    annotations,
  };
}

/**
 * Applies a binding to a cdk8s-plus workload (Deployment, StatefulSet, …) and its container, from the same plain description `secure-mesh synth`
 * writes for mesh files (pod-wiring.ts): the Secret volume and the trust bundle volume (read-only), the env vars, the
 * pod labels the policies select, and the Reloader annotations. The service account (the pods' mesh identity) is the
 * caller's to bind (mesh/bind-workload.ts `bindWorkloadIdentity`, which `AppTls.bind` and `SecureMesh.bindWorkload` use).
 */
export function bindAppTls(scope: Construct, deployment: Workload, container: Container, binding: AppTlsBinding): void {
  const wiring = podTlsWiring(binding);
  for (const [key, value] of Object.entries(wiring.podLabels)) deployment.podMetadata.addLabel(key, value);
  for (const [key, value] of Object.entries(wiring.deploymentAnnotations)) deployment.metadata.addAnnotation(key, value);
  for (const e of wiring.env) container.env.addVariable(e.name, EnvValue.fromValue(e.value));
  const id = deployment.node.id;
  for (const mount of wiring.volumeMounts) {
    const v = wiring.volumes.find((x) => x.name === mount.name)!;
    const part = v.name === TRUST_VOLUME ? 'trust' : v.name; // construct ids as before the wiring was shared
    const items = (list: readonly { key: string; path: string }[] | undefined) => list && Object.fromEntries(list.map((i) => [i.key, { path: i.path }]));
    const volume = 'secret' in v
      ? Volume.fromSecret(scope, `${id}-${part}-volume`, Secret.fromSecretName(scope, `${id}-${part}-secret`, v.secret.secretName), { name: v.name, ...(v.secret.items ? { items: items(v.secret.items) } : {}) })
      : Volume.fromConfigMap(scope, `${id}-${part}-volume`, ConfigMap.fromConfigMapName(scope, `${id}-${part}-configmap`, v.configMap.name), { name: v.name, items: items(v.configMap.items) });
    container.mount(mount.mountPath, volume, { readOnly: mount.readOnly });
  }
}
