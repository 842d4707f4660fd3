import type { AppTlsBinding } from './bind';
import { CA_FILE, CERT_FILE, KEY_FILE, TLS_VOLUME, TRUST_VOLUME } from './wellknown';

/** A pod volume as Kubernetes writes it (core/v1 Volume): the Secret, or the trust bundle ConfigMap. */
export type WiringVolume =
  | { readonly name: string; readonly secret: { readonly secretName: string; readonly items?: readonly { readonly key: string; readonly path: string }[] } }
  | { readonly name: string; readonly configMap: { readonly name: string; readonly items: readonly { readonly key: string; readonly path: string }[] } };

/**
 * What wiring a workload's application TLS into its pods changes, as plain Kubernetes fields: the one description
 * `AppTls.bind` applies to a cdk8s-plus Deployment (bind.ts) and `secure-mesh synth` writes as a kustomize patch and
 * Helm values for mesh-file users (wiring-files.ts), so both wire the same pod.
 */
export interface PodTlsWiring {
  /** Deployment `metadata.annotations`: Stakater Reloader rolls the pods when the Secret or the bundle changes. */
  readonly deploymentAnnotations: Readonly<Record<string, string>>;
  /** Pod template labels the mesh's policies select. */
  readonly podLabels: Readonly<Record<string, string>>;
  /** The pods' service account: their mesh identity, which the policies and the certificate name. */
  readonly serviceAccountName: string;
  /** Pod volumes, in order: the Secret (`tls`), then the trust bundle (`trust-bundle`) when the namespace has one. */
  readonly volumes: readonly WiringVolume[];
  /** The application container's mounts (read-only), in the volumes' order. */
  readonly volumeMounts: readonly { readonly name: string; readonly mountPath: string; readonly readOnly: true }[];
  /** The application container's env vars: enabled flag, certificate, key, CA file. */
  readonly env: readonly { readonly name: string; readonly value: string }[];
}

/** The pod changes a binding means (nothing mounted in phase `mtls-off`, when there is no Secret). */
export function podTlsWiring(binding: AppTlsBinding): PodTlsWiring {
  const volumes: WiringVolume[] = [];
  const volumeMounts: { name: string; mountPath: string; readOnly: true }[] = [];
  if (binding.mountSecret) {
    const trust = binding.trust;
    // With the bundle, the Secret's own ca.crt (one issuing CA) is left out, so nothing reads it by mistake.
    volumes.push({
      name: TLS_VOLUME,
      secret: { secretName: binding.secretName, ...(trust.source === 'bundle' ? { items: [{ key: CERT_FILE, path: CERT_FILE }, { key: KEY_FILE, path: KEY_FILE }] } : {}) },
    });
    volumeMounts.push({ name: TLS_VOLUME, mountPath: binding.mountPath, readOnly: true });
    if (trust.source === 'bundle') {
      volumes.push({ name: TRUST_VOLUME, configMap: { name: trust.configMap, items: [{ key: trust.key, path: CA_FILE }] } });
      volumeMounts.push({ name: TRUST_VOLUME, mountPath: trust.mountPath, readOnly: true });
    }
  }
  return {
    deploymentAnnotations: { ...binding.annotations },
    podLabels: { ...binding.podLabels },
    serviceAccountName: binding.serviceAccount,
    volumes,
    volumeMounts,
    env: binding.env.map((e) => ({ ...e })),
  };
}
