import type { ResolvedMesh } from '../../model/resolved';
import { bundleConfigMapIn, type BundleConfigMap } from '../../pki/trust-source';
import type { ModelMeshClientAuth, ModelMeshRotationStep } from './definition';
import type { ResolvedModelMesh } from './resolve';
import {
  MM_INTERNAL_TRUST_CERTS, MM_TLS_CLIENT_AUTH, MM_TLS_KEY_CERT_PATH, MM_TLS_PRIVATE_KEY_PATH, MM_TLS_TRUST_CERT_PATH, NEXT_TLS_MOUNT_PATH,
  NEXT_TLS_VOLUME, TLS_MOUNT_PATH, TLS_VOLUME, TRUST_BUNDLE_FILE, TRUST_BUNDLE_MOUNT_PATH, TRUST_BUNDLE_VOLUME,
} from './wellknown';

/** What a ModelMesh container needs for TLS: env vars, Secret volumes and their mounts (plain data). */
export interface ModelMeshContainerTls {
  readonly env: readonly { readonly name: string; readonly value: string }[];
  readonly volumes: readonly { readonly name: string; readonly secretName: string }[];
  readonly volumeMounts: readonly { readonly name: string; readonly mountPath: string; readonly readOnly: true }[];
  /**
   * The trust bundle ConfigMap, mounted read-only and listed in `MM_TLS_TRUST_CERT_PATH`, so the
   * container trusts every root valid during a CA rotation (its own Secret holds one issuing CA).
   * @default - none: pki.trustBundle is off
   */
  readonly trustBundle?: { readonly volume: string; readonly configMap: string; readonly key: string; readonly mountPath: string; readonly file: string };
}

/** One step of a key rotation with new trust certificates, as the CLI prints it. */
export interface ModelMeshRotationStepPlan extends ModelMeshContainerTls {
  readonly step: ModelMeshRotationStep;
  readonly description: string;
}

export interface ModelMeshTlsFiles {
  readonly secretName: string;
  readonly clientAuth: ModelMeshClientAuth;
  /** Secret of the new key pair during a rotation. */
  readonly newSecretName?: string;
  /** The trust bundle ConfigMap in ModelMesh's namespaces, when pki.trustBundle is on. */
  readonly trustBundle?: BundleConfigMap;
}

/**
 * The container TLS of a rotation step (0: no rotation). The key pair comes from the current Secret
 * until step 2; `MM_INTERNAL_TRUST_CERTS` trusts the new CA in step 1 and the old one in step 2, so
 * old and new pods keep talking during each rolling update; step 3 drops the old Secret.
 */
export function modelMeshContainerTls(files: ModelMeshTlsFiles, step: 0 | ModelMeshRotationStep = 0): ModelMeshContainerTls {
  const current = { name: TLS_VOLUME, secretName: files.secretName, mountPath: TLS_MOUNT_PATH };
  const next = { name: NEXT_TLS_VOLUME, secretName: files.newSecretName ?? `${files.secretName}-next`, mountPath: NEXT_TLS_MOUNT_PATH };
  const keyPair = step >= 2 ? next : current;
  const mounted = step === 0 ? [current] : step === 3 ? [next] : [current, next];
  const env: { name: string; value: string }[] = [
    { name: MM_TLS_KEY_CERT_PATH, value: `${keyPair.mountPath}/tls.crt` },
    { name: MM_TLS_PRIVATE_KEY_PATH, value: `${keyPair.mountPath}/tls.key` },
    // ModelMesh reads the mode case-insensitively; its docs write REQUIRE / OPTIONAL.
    { name: MM_TLS_CLIENT_AUTH, value: files.clientAuth.toUpperCase() },
    // As ModelMesh Serving's controller writes it (tls.crt, ca.crt), plus the trust bundle: ModelMesh
    // splits the list at commas and netty reads every certificate of each PEM file.
    { name: MM_TLS_TRUST_CERT_PATH, value: [`${keyPair.mountPath}/tls.crt`, `${keyPair.mountPath}/ca.crt`, ...(files.trustBundle ? [`${TRUST_BUNDLE_MOUNT_PATH}/${TRUST_BUNDLE_FILE}`] : [])].join(',') },
  ];
  if (step === 1) env.push({ name: MM_INTERNAL_TRUST_CERTS, value: `${next.mountPath}/ca.crt` });
  if (step === 2) env.push({ name: MM_INTERNAL_TRUST_CERTS, value: `${current.mountPath}/ca.crt` });
  const bundle = files.trustBundle;
  return {
    env,
    volumes: mounted.map((v) => ({ name: v.name, secretName: v.secretName })),
    volumeMounts: mounted.map((v) => ({ name: v.name, mountPath: v.mountPath, readOnly: true as const })),
    ...(bundle ? { trustBundle: { volume: TRUST_BUNDLE_VOLUME, configMap: bundle.name, key: bundle.key, mountPath: TRUST_BUNDLE_MOUNT_PATH, file: `${TRUST_BUNDLE_MOUNT_PATH}/${TRUST_BUNDLE_FILE}` } } : {}),
  };
}

const STEP_DESCRIPTIONS: Readonly<Record<ModelMeshRotationStep, string>> = {
  1: 'Trust the new CA for internal links (MM_INTERNAL_TRUST_CERTS), still serving the current key pair.',
  2: 'Switch to the new key pair, trusting the old CA for internal links while old pods remain.',
  3: 'Drop the old trust and the old Secret: only the new key pair remains.',
};

/** The whole rotation, step by step, in order: what each rolling update applies. */
export function modelMeshRotationPlan(files: ModelMeshTlsFiles): ModelMeshRotationStepPlan[] {
  return ([1, 2, 3] as const).map((step) => ({ step, description: STEP_DESCRIPTIONS[step], ...modelMeshContainerTls(files, step) }));
}

/** The files of a resolved `modelmesh` section (every ModelMesh namespace is managed, so all or none get the bundle). */
export function modelMeshTlsFiles(m: ResolvedModelMesh, mesh: Pick<ResolvedMesh, 'pki' | 'namespaces'>): ModelMeshTlsFiles {
  const { bundle } = bundleConfigMapIn(mesh, m.controllerNamespace);
  return { secretName: m.secretName, clientAuth: m.clientAuth, newSecretName: m.rotation?.newSecretName, ...(bundle ? { trustBundle: bundle } : {}) };
}
