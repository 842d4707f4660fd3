import type { Duration, PrivateKeyProps, SecretRootSpec, SelfSignedRootSpec, VaultKubernetesAuth, VaultRootSpec } from './definition';

export interface SelfSignedRootOptions {
  /** Common name of the root CA certificate. */
  readonly commonName: string;
  /**
   * Lifetime of the root CA.
   * @default "87600h"
   */
  readonly duration?: Duration;
  /**
   * Renew the root this long before it expires.
   * @default "720h"
   */
  readonly renewBefore?: Duration;
  /**
   * Key of the root CA.
   * @default - ECDSA P-384, PKCS8, rotationPolicy Never
   */
  readonly privateKey?: PrivateKeyProps;
}

export interface VaultRootOptions {
  /** Vault server URL. */
  readonly server: string;
  /** PKI sign path, e.g. `pki_int/sign/mesh`. */
  readonly path: string;
  /** Kubernetes auth settings. */
  readonly auth: VaultKubernetesAuth;
  /** Secret in the PKI namespace holding the Vault CA chain (`ca.crt`). */
  readonly caSecretName: string;
}

/** Factories for the mesh's root of trust (plain objects, like every part of the definition). */
export class RootOfTrust {
  /** Bootstrap a private root CA with cert-manager's SelfSigned issuer. */
  public static selfSigned(options: SelfSignedRootOptions): SelfSignedRootSpec {
    return { type: 'selfSigned', ...options };
  }

  /** Use an existing CA key pair stored in a Secret of the PKI namespace. */
  public static fromSecret(secretName: string): SecretRootSpec {
    return { type: 'secret', secretName };
  }

  /** Sign with a HashiCorp Vault PKI mount. */
  public static vault(options: VaultRootOptions): VaultRootSpec {
    return { type: 'vault', ...options };
  }

  private constructor() {}
}
