import type { PeerSpec, PortNumber } from '../../model/definition';

/**
 * ModelMesh Serving with TLS, as plain data: the `modelmesh` section of a secure-mesh definition
 * (seeds "ModelMesh TLS" and "ModelMesh Serving security").
 */
export interface ModelMeshProps {
  /**
   * Namespace of the ModelMesh controller (and of `model-serving-config`).
   * @default "modelmesh-serving"
   */
  readonly controllerNamespace?: string;
  /**
   * Namespaces where ServingRuntimes run; each gets the TLS Secret, the network policy and the
   * runtime ServiceAccount.
   * @default - the controller namespace
   */
  readonly runtimeNamespaces?: readonly string[];
  /**
   * TLS of ModelMesh's external gRPC/REST interfaces and internal links.
   * @default - TLS with clientAuth "require" and Secret "modelmesh-serving-tls"
   */
  readonly tls?: ModelMeshTlsSettings;
  /** etcd, which runtimes and the controller use for coordination. */
  readonly etcd: ModelMeshEtcdProps;
  /**
   * Model storage endpoints the runtimes download from (IP blocks, e.g. an S3 endpoint).
   * @default []
   */
  readonly storage?: readonly ModelMeshStorageProps[];
  /**
   * IP block of the Kubernetes API server, which the controller watches.
   * @default - not opened (a warning says so)
   */
  readonly kubernetesApiCidr?: string;
  /**
   * Inference clients of the runtimes (gRPC 8033 and REST 8008).
   * @default []
   */
  readonly clients?: readonly PeerSpec[];
}

export type ModelMeshClientAuth = 'require' | 'optional';

export interface ModelMeshTlsSettings {
  /**
   * The Secret (and Certificate) with `tls.crt`, `tls.key` (PKCS8) and `ca.crt`, in the controller
   * and every runtime namespace.
   * @default "modelmesh-serving-tls"
   */
  readonly secretName?: string;
  /**
   * Client authentication: `require` (mutual TLS) or `optional`.
   * @default "require"
   */
  readonly clientAuth?: ModelMeshClientAuth;
  /**
   * A key rotation with new trust certificates, in progress.
   * @default - no rotation
   */
  readonly rotation?: ModelMeshRotationProps;
}

/** The three updates of a key rotation with new trust certificates (seed "ModelMesh TLS"). */
export type ModelMeshRotationStep = 1 | 2 | 3;

export interface ModelMeshRotationProps {
  /**
   * The step to synthesize: 1 adds the new CA to the internal trust, 2 switches to the new key pair
   * while trusting the old, 3 drops the old trust.
   */
  readonly step: ModelMeshRotationStep;
  /**
   * The step the cluster runs now (0: none started). A step may only follow the previous one: pods of
   * a rolling update must trust each other.
   */
  readonly currentStep: 0 | ModelMeshRotationStep;
  /**
   * Secret (and Certificate) of the new key pair.
   * @default - "<secretName>-next"
   */
  readonly newSecretName?: string;
  /**
   * The ClusterIssuer of the new key pair (the new CA).
   * @default - the mesh's leaf issuer
   */
  readonly newIssuer?: string;
}

export interface ModelMeshEtcdProps {
  /** IP blocks of the etcd endpoints. */
  readonly cidrs: readonly string[];
  /**
   * etcd client port.
   * @default 2379
   */
  readonly port?: PortNumber;
}

export interface ModelMeshStorageProps {
  /** IP block of the storage endpoint. */
  readonly cidr: string;
  /**
   * Ports.
   * @default - every port
   */
  readonly ports?: readonly PortNumber[];
}
