import { EnvValue, Secret, Volume, type Container, type Deployment } from 'cdk8s-plus-28';
import type { Construct } from 'constructs';
import type { AppTlsProps } from '../../model/definition';
import type { ResolvedMesh } from '../../model/resolved';
import type { ResolvedAppTls } from './resolve';
import { CA_FILE, CERT_FILE, KEY_FILE, RELOADER_SECRET_ANNOTATION } from './wellknown';

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
  const env: { name: string; value: string }[] = [];
  if (tls.env?.enabled) env.push({ name: tls.env.enabled, value: String(appTls.enabled) });
  if (tls.env) {
    env.push({ name: tls.env.certPath, value: `${mountPath}/${CERT_FILE}` });
    env.push({ name: tls.env.keyPath, value: `${mountPath}/${KEY_FILE}` });
    env.push({ name: tls.env.caPath, value: `${mountPath}/${CA_FILE}` });
  }
  const mountSecret = workload.tls !== undefined;
  const restart = (tls.reload ?? 'restart') === 'restart' && mountSecret;
  return {
    secretName, mountPath, env, mountSecret,
    podLabels: { ...workload.selector },
    serviceAccount: workload.serviceAccount,
    annotations: restart ? { [RELOADER_SECRET_ANNOTATION]: secretName } : {},
  };
}

/**
 * Applies a binding to a cdk8s-plus Deployment and its container: the Secret volume (read-only),
 * the env vars, the pod labels the policies select, and the Reloader annotation.
 */
export function bindAppTls(scope: Construct, deployment: Deployment, container: Container, binding: AppTlsBinding): void {
  for (const [key, value] of Object.entries(binding.podLabels)) deployment.podMetadata.addLabel(key, value);
  for (const [key, value] of Object.entries(binding.annotations)) deployment.metadata.addAnnotation(key, value);
  for (const e of binding.env) container.env.addVariable(e.name, EnvValue.fromValue(e.value));
  if (binding.mountSecret) {
    const volume = Volume.fromSecret(scope, `${deployment.node.id}-tls-volume`, Secret.fromSecretName(scope, `${deployment.node.id}-tls-secret`, binding.secretName), { name: 'tls' });
    container.mount(binding.mountPath, volume, { readOnly: true });
  }
}
