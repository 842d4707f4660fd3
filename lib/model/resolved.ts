import type {
  CaRotationPhase, EnforcementMode, HttpMethod, IsolationMode, MtlsMode, PortProtocol, PrivateKeyAlgorithm, PrivateKeyEncoding,
  ReloadStrategy, RotationPolicy, SystemPeerName, TlsEnvProps, VaultKubernetesAuth,
} from './definition';
import type { Problem } from './errors';

/**
 * The definition after every default is applied once (`resolve.ts`): plain, frozen data that the
 * intent graph and the emitters read. Durations are in seconds; nothing here is optional by accident.
 */
export interface ResolvedMesh {
  readonly name: string;
  readonly clusterDomain: string;
  readonly trustDomain: string;
  readonly pki: ResolvedPki;
  /** Undefined when Istio is off. */
  readonly istio?: ResolvedIstio;
  /** Managed and unmanaged namespaces, in definition order. */
  readonly namespaces: readonly ResolvedNamespace[];
  readonly workloads: readonly ResolvedWorkload[];
  /** Undefined when monitoring is off. */
  readonly monitoring?: ResolvedMonitoring;
  readonly networkPolicies: boolean;
  /** Mesh-wide enforcement (the root namespace's policies and the default of every namespace). */
  readonly enforcement: EnforcementMode;
  /** Things that are allowed but deserve a reviewer's attention. */
  readonly warnings: readonly Problem[];
}

export interface ResolvedPrivateKey {
  readonly algorithm: PrivateKeyAlgorithm;
  /** Undefined for Ed25519 (no size). */
  readonly size?: number;
  readonly encoding: PrivateKeyEncoding;
  readonly rotationPolicy: RotationPolicy;
}

export interface ResolvedCaCertificate {
  readonly name: string;
  readonly secretName: string;
  readonly commonName: string;
  readonly duration: number;
  readonly renewBefore: number;
  readonly privateKey: ResolvedPrivateKey;
}

export type ResolvedRoot =
  | { readonly type: 'selfSigned'; readonly bootstrapIssuer: string; readonly certificate: ResolvedCaCertificate }
  | { readonly type: 'secret'; readonly secretName: string }
  | { readonly type: 'vault'; readonly server: string; readonly path: string; readonly auth: Required<VaultKubernetesAuth>; readonly caSecretName: string };

export interface IssuerRef {
  readonly name: string;
  readonly kind: 'ClusterIssuer' | 'Issuer';
  readonly group: 'cert-manager.io';
}

export interface ResolvedPki {
  /** cert-manager's cluster resource namespace and trust-manager's trust namespace. */
  readonly namespace: string;
  readonly root: ResolvedRoot;
  /** The ClusterIssuer backed by the root. */
  readonly rootIssuer: IssuerRef;
  /** Lifetime of the root CA in seconds, when the definition knows it (self-signed roots). */
  readonly rootDuration?: number;
  readonly intermediate?: ResolvedCaCertificate & { readonly issuer: IssuerRef };
  /** The issuer of every workload certificate. */
  readonly leafIssuer: IssuerRef;
  readonly certificateDefaults: { readonly duration: number; readonly renewBefore: number; readonly privateKey: ResolvedPrivateKey };
  readonly trustBundle?: ResolvedTrustBundle;
  /** A root CA rotation in progress; the fields above describe the chain that issues leaves now. */
  readonly rotation?: ResolvedCaRotation;
}

/** One chain of CAs: a root and, optionally, an intermediate. */
export type ResolvedIssuerChain = Pick<ResolvedPki, 'root' | 'rootIssuer' | 'rootDuration' | 'intermediate'>;

export interface ResolvedCaRotation {
  readonly phase: CaRotationPhase;
  /** The chain that exists next to the active one: the new chain in `trust-both`, the old one in `issue-from-new`, none in `drop-old`. */
  readonly otherChain?: ResolvedIssuerChain;
}

export interface ResolvedTrustBundle {
  readonly name: string;
  readonly key: string;
  /** Secrets in the PKI namespace whose `ca.crt` is trusted. */
  readonly sourceSecrets: readonly string[];
  readonly additionalCertificates: readonly string[];
}

export interface ResolvedIstio {
  readonly rootNamespace: string;
  readonly istiodNamespace: string;
  readonly mtls: MtlsMode;
  readonly clientTls: boolean;
  readonly sidecarScoping: boolean;
}

export interface ResolvedNamespace {
  readonly name: string;
  readonly managed: boolean;
  /** Whether pods in this namespace run Istio sidecars. */
  readonly sidecar: boolean;
  /** Effective mutual TLS mode of the namespace (managed namespaces under Istio). */
  readonly mtls: MtlsMode;
  readonly isolation: IsolationMode;
  readonly labels: Readonly<Record<string, string>>;
  /** `audit`: the namespace's policies only log what they would refuse (see `EnforcementMode`). */
  readonly enforcement: EnforcementMode;
}

export interface ResolvedPort {
  readonly name?: string;
  readonly port: number;
  readonly protocol: PortProtocol;
}

export interface ResolvedTls {
  readonly secretName: string;
  readonly mountPath: string;
  readonly env?: TlsEnvProps;
  readonly dnsNames: readonly string[];
  readonly commonName?: string;
  readonly duration: number;
  readonly renewBefore: number;
  readonly privateKey: ResolvedPrivateKey;
  readonly reload: ReloadStrategy;
}

/** A caller as both enforcement layers need it. */
export type ResolvedPeer =
  | { readonly kind: 'workload'; readonly namespace: string; readonly name: string; readonly selector: Readonly<Record<string, string>>; readonly serviceAccount: string; readonly sidecar: boolean }
  | { readonly kind: 'namespace'; readonly namespace: string; readonly sidecar: boolean }
  | { readonly kind: 'cidr'; readonly cidr: string; readonly except: readonly string[] }
  | { readonly kind: 'system'; readonly name: SystemPeerName; readonly namespace: string; readonly podLabels?: Readonly<Record<string, string>>; readonly serviceAccount?: string; readonly sidecar: boolean };

export interface ResolvedIngressRule {
  readonly from: readonly ResolvedPeer[];
  /** Container ports; empty means every port. */
  readonly ports: readonly number[];
  readonly paths: readonly string[];
  readonly methods: readonly HttpMethod[];
  /** Where the rule came from, for messages: `workloads[2].ingress[0]`. */
  readonly source: string;
}

export interface ResolvedEgressRule {
  readonly to: { readonly kind: 'cidr'; readonly cidr: string; readonly except: readonly string[] } | { readonly kind: 'namespace'; readonly namespace: string };
  readonly ports: readonly number[];
  readonly source: string;
}

export interface ResolvedWorkload {
  readonly name: string;
  readonly namespace: string;
  readonly selector: Readonly<Record<string, string>>;
  readonly serviceAccount: string;
  readonly serviceName: string;
  readonly ports: readonly ResolvedPort[];
  readonly sidecar: boolean;
  readonly hostNetwork: boolean;
  readonly tls?: ResolvedTls;
  readonly ingress: readonly ResolvedIngressRule[];
  readonly egress: readonly ResolvedEgressRule[];
  /** `workloads[i]`, for messages. */
  readonly source: string;
}

export interface ResolvedMonitoring {
  readonly prometheus: { readonly namespace: string; readonly podLabels: Readonly<Record<string, string>>; readonly serviceAccount: string; readonly sidecar: boolean };
  readonly certificateAlerts?: { readonly expiringWithin: number; readonly notReadyFor: number };
  /** Extra labels of the PrometheusRule (the operator's ruleSelector). */
  readonly ruleLabels: Readonly<Record<string, string>>;
}

/** `namespace/name`: how workloads are keyed. */
export function workloadKey(w: { readonly namespace: string; readonly name: string }): string {
  return `${w.namespace}/${w.name}`;
}
