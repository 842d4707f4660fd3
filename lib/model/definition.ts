/**
 * The one secure-mesh definition: plain data, so the same shape comes from TypeScript props or from a
 * YAML/JSON mesh file. Everything the library emits is derived from it (see `resolve.ts` for the
 * defaults and `validate.ts` for the checks). `schemas/secure-mesh.schema.json` is generated from
 * these types by `scripts/generate-definition-schema.ts`: edit the types, then run `npm run schema`.
 */

/**
 * A whole number (JSON Schema `integer`): key sizes, ports and counts, which Kubernetes and the CRDs declare as
 * integers. Checked when the definition is read, so `size: 2048.5` is reported on the field written, not on a
 * generated Certificate that the API server would refuse.
 * @asType integer
 */
export type Integer = number;

/**
 * A TCP/UDP port number, 1 to 65535. In the schema, so a port of an integration section (`modelmesh.etcd.port`) is
 * refused where it is written, not on the workloads the section expands into.
 * @asType integer
 * @minimum 1
 * @maximum 65535
 */
export type PortNumber = number;

/**
 * A Go duration as cert-manager parses it, in hours, minutes or seconds, e.g. `2160h`, `90m`, `1h30m`: longer than zero
 * and at most `2562047h` (Go's int64 of nanoseconds, beyond which cert-manager and Prometheus cannot read it).
 */
export type Duration = string;

/** The top of a secure-mesh definition. */
export interface SecureMeshProps {
  /**
   * Prefix for the names of mesh-wide objects (issuers, CA certificates, the trust bundle).
   * @default "mesh"
   */
  readonly name?: string;
  /**
   * The cluster's DNS domain, used in certificate DNS names and DestinationRule hosts.
   * @default "cluster.local"
   */
  readonly clusterDomain?: string;
  /**
   * The SPIFFE trust domain of workload identities (`<trustDomain>/ns/<ns>/sa/<sa>`); must equal
   * Istio's `meshConfig.trustDomain`.
   * @default "cluster.local"
   */
  readonly trustDomain?: string;
  /**
   * The private PKI: root of trust, intermediate CA, certificate defaults and trust distribution.
   * @default - a self-signed root CA, an intermediate CA and a trust-manager Bundle
   */
  readonly pki?: PkiProps;
  /**
   * Istio settings, or `false` for a mesh secured by NetworkPolicies and application TLS only.
   * @default - Istio with root namespace `istio-system` and STRICT mutual TLS
   */
  readonly istio?: IstioProps | false;
  /**
   * The namespaces of the mesh, and the namespaces outside it that peers refer to (`managed: false`).
   * @default []
   */
  readonly namespaces?: readonly NamespaceProps[];
  /**
   * The workloads and who may call them.
   * @default []
   */
  readonly workloads?: readonly WorkloadProps[];
  /**
   * Prometheus scraping and certificate alerts, or `false` to leave monitoring out.
   * @default - monitoring off
   */
  readonly monitoring?: MonitoringProps | false;
  /**
   * Emit Kubernetes NetworkPolicies (L3/L4) next to the Istio policies (L7).
   * @default true
   */
  readonly networkPolicies?: boolean;
  /**
   * KServe InferenceServices (Knative mode) secured by the mesh: namespace isolation, the activator
   * switch, mesh-wide strict mTLS, the local gateways and the `ingress` config key.
   * @default - no KServe objects
   */
  readonly kserve?: KServeProps;
  /**
   * ModelMesh Serving TLS: certificates (PKCS8), `model-serving-config`, env vars, key rotation and
   * the network policy of its security guide.
   * @default - no ModelMesh objects
   */
  readonly modelmesh?: ModelMeshProps;
  /**
   * Mayastor's TLS switch and its certificate chain per component.
   * @default - no Mayastor objects
   */
  readonly mayastor?: MayastorProps;
  /**
   * The migration phase of application-level mutual TLS (`workloads[].tls`).
   * @default - phase "mtls-on"
   */
  readonly appTls?: AppTlsMigrationProps;
  /**
   * Whether the mesh's policies refuse connections (`enforce`) or only evaluate and log them (`audit`), for the
   * namespaces that do not set their own. See `EnforcementMode`; `secure-mesh rollout plan` writes the steps from
   * `audit` to `enforce`.
   * @default "enforce"
   */
  readonly enforcement?: EnforcementMode;
  /**
   * Acknowledged rule findings: each suppresses rule `id` on one emitted `object`, with a `reason` of at least 10
   * characters written into the object's `secure-mesh.io/suppressions` annotation (as `SecureMesh.suppress` does).
   * @default []
   */
  readonly suppressions?: readonly SuppressionProps[];
}

/**
 * - `enforce`: every layer refuses what the definition does not declare.
 * - `audit`: nothing emitted for the namespace refuses a connection: its AuthorizationPolicies are Istio dry-run
 *   policies (`istio.io/dry-run: "true"`: evaluated, logged and counted, not enforced), its PeerAuthentications are
 *   PERMISSIVE instead of STRICT, and what has no dry-run form (NetworkPolicies, the Sidecar egress scope) is left
 *   out. Callers in enforced namespaces may reach audited namespaces (the destination decides while it is audited).
 */
export type EnforcementMode = 'audit' | 'enforce';

// Integrations: their definition types live with each integration (lib/integrations/*/definition.ts).
import type { KServeProps } from '../integrations/kserve/definition';
import type { ModelMeshProps } from '../integrations/modelmesh/definition';
import type { MayastorProps } from '../integrations/mayastor/definition';
import type { AppTlsMigrationProps } from '../integrations/app-tls/definition';
import type { SuppressionProps } from './suppression-definition';
export type * from './suppression-definition';
export type * from '../integrations/kserve/definition';
export type * from '../integrations/modelmesh/definition';
export type * from '../integrations/mayastor/definition';
export type * from '../integrations/app-tls/definition';

// ---------------------------------------------------------------------------------------------
// PKI

/** How the mesh's root of trust is provided. Build one with the `RootOfTrust` factories. */
export type RootOfTrustSpec = SelfSignedRootSpec | SecretRootSpec | VaultRootSpec;

/** A self-signed root CA bootstrapped by cert-manager (SelfSigned issuer → root CA Certificate → CA ClusterIssuer). */
export interface SelfSignedRootSpec {
  readonly type: 'selfSigned';
  /** Common name of the root CA certificate (cert-manager warns when a CA has an empty subject). */
  readonly commonName: string;
  /**
   * Lifetime of the root CA.
   * @default "87600h" (10 years)
   */
  readonly duration?: Duration;
  /**
   * Renew the root this long before it expires.
   * @default "720h" (30 days)
   */
  readonly renewBefore?: Duration;
  /**
   * Key of the root CA.
   * @default - ECDSA P-384, PKCS8, rotationPolicy Never (a renewed root keeps its key, so trust holds)
   */
  readonly privateKey?: PrivateKeyProps;
}

/** A CA key pair that already exists as a Secret (`tls.crt`, `tls.key`) in the PKI namespace. */
export interface SecretRootSpec {
  readonly type: 'secret';
  /** Name of the Secret holding the CA key pair. */
  readonly secretName: string;
}

/** HashiCorp Vault PKI as the issuer of the mesh's certificates. */
export interface VaultRootSpec {
  readonly type: 'vault';
  /** Vault server URL, e.g. `https://vault.example.com:8200`. */
  readonly server: string;
  /** Path of the PKI sign endpoint, e.g. `pki_int/sign/mesh`. */
  readonly path: string;
  /** Kubernetes auth: the Vault role and the mount path. */
  readonly auth: VaultKubernetesAuth;
  /**
   * Name of a Secret in the PKI namespace with the Vault CA chain (`ca.crt`), which the trust bundle
   * distributes.
   */
  readonly caSecretName: string;
}

export interface VaultKubernetesAuth {
  /** Vault role bound to cert-manager's service account. */
  readonly role: string;
  /**
   * Mount path of the Kubernetes auth method.
   * @default "/v1/auth/kubernetes"
   */
  readonly mountPath?: string;
  /**
   * Service account whose token cert-manager presents to Vault.
   * @default "cert-manager"
   */
  readonly serviceAccount?: string;
}

export type PrivateKeyAlgorithm = 'RSA' | 'ECDSA' | 'Ed25519';
export type PrivateKeyEncoding = 'PKCS1' | 'PKCS8';
export type RotationPolicy = 'Always' | 'Never';

export interface PrivateKeyProps {
  /**
   * Key algorithm.
   * @default "ECDSA"
   */
  readonly algorithm?: PrivateKeyAlgorithm;
  /**
   * Key size: RSA 2048–8192, ECDSA 256/384/521, ignored for Ed25519.
   * @default - 256 for ECDSA, 2048 for RSA
   */
  readonly size?: Integer;
  /**
   * Private key encoding. PKCS8 is what Java/netty (ModelMesh) and rustls accept; cert-manager's own
   * default is PKCS1.
   * @default "PKCS8"
   */
  readonly encoding?: PrivateKeyEncoding;
  /**
   * Whether a renewal generates a new key.
   * @default "Always"
   */
  readonly rotationPolicy?: RotationPolicy;
}

export interface CertificateDefaultsProps {
  /**
   * Lifetime of workload certificates.
   * @default "2160h" (90 days)
   */
  readonly duration?: Duration;
  /**
   * Renew this long before expiry.
   * @default "360h" (15 days)
   */
  readonly renewBefore?: Duration;
  /**
   * Key of workload certificates.
   * @default - ECDSA P-256, PKCS8, rotationPolicy Always
   */
  readonly privateKey?: PrivateKeyProps;
}

export interface IntermediateProps {
  /**
   * Common name of the intermediate CA.
   * @default - "<name> intermediate CA"
   */
  readonly commonName?: string;
  /**
   * Lifetime of the intermediate CA.
   * @default "8760h" (1 year)
   */
  readonly duration?: Duration;
  /**
   * Renew the intermediate this long before it expires.
   * @default "720h" (30 days)
   */
  readonly renewBefore?: Duration;
  /**
   * Key of the intermediate CA.
   * @default - ECDSA P-256, PKCS8, rotationPolicy Always
   */
  readonly privateKey?: PrivateKeyProps;
}

export interface TrustBundleProps {
  /**
   * Name of the trust-manager Bundle, and so of the ConfigMap it writes into every mesh namespace.
   * @default - "<name>-trust"
   */
  readonly name?: string;
  /**
   * Key of the CA certificates in the target ConfigMaps.
   * @default "ca.crt"
   */
  readonly key?: string;
  /**
   * Extra trusted CA certificates (PEM), e.g. the previous root while a CA rotation is in progress.
   * @default []
   */
  readonly additionalCertificates?: readonly string[];
}

export interface PkiProps {
  /**
   * Root of trust.
   * @default - RootOfTrust.selfSigned({ commonName: "<name> root CA" })
   */
  readonly root?: RootOfTrustSpec;
  /**
   * An intermediate CA between the root and the leaves (service certificates are then never signed
   * by the root directly), or `false` to sign leaves with the root.
   * @default true (false for Vault, whose PKI mount already is an intermediate)
   */
  readonly intermediate?: boolean | IntermediateProps;
  /**
   * Defaults for every workload certificate.
   * @default - 2160h lifetime, renewed 360h before expiry, ECDSA P-256 PKCS8 keys rotated on renewal
   */
  readonly certificateDefaults?: CertificateDefaultsProps;
  /**
   * trust-manager Bundle distributing the CA certificate(s) to every mesh namespace, or `false`.
   * @default true
   */
  readonly trustBundle?: boolean | TrustBundleProps;
  /**
   * Namespace where cert-manager keeps the secrets of ClusterIssuers (its cluster resource namespace)
   * and where trust-manager reads Bundle sources (its trust namespace). Both must be this namespace.
   * @default "cert-manager"
   */
  readonly namespace?: string;
  /**
   * A root CA rotation in progress: the new root and how far the rotation has come. `rotationPlan('ca', …)`
   * (CLI: `secure-mesh rotate plan ca`) writes the three steps.
   * @default - no rotation in progress
   */
  readonly rotation?: CaRotationProps;
}

/**
 * The phases of a root CA rotation with overlapping trust (cert-manager / istio-csr CA rotation recipe):
 * - `trust-both`: the new chain is issued and the trust bundle carries both roots; leaves still come from the old chain.
 * - `issue-from-new`: leaves are re-issued by the new chain; both roots stay trusted while pods roll.
 * - `drop-old`: the old chain is gone and only the new root is trusted (the steady state until the next rotation).
 */
export type CaRotationPhase = 'trust-both' | 'issue-from-new' | 'drop-old';

export interface CaRotationProps {
  /** The root of trust rotated to; a self-signed one needs its own common name. */
  readonly newRoot: RootOfTrustSpec;
  readonly phase: CaRotationPhase;
  /**
   * Suffix of the new chain's object names (`<name>-root-<suffix>`, `<name>-intermediate-ca-<suffix>`, …)
   * and of its intermediate's common name, so both chains coexist.
   * @default "b"
   */
  readonly suffix?: string;
}

// ---------------------------------------------------------------------------------------------
// Istio

export type MtlsMode = 'STRICT' | 'PERMISSIVE' | 'DISABLE';

export interface IstioProps {
  /**
   * Istio's root namespace (`meshConfig.rootNamespace`), where mesh-wide policies live.
   * @default "istio-system"
   */
  readonly rootNamespace?: string;
  /**
   * Mesh-wide mutual TLS mode (the `default` PeerAuthentication in the root namespace).
   * @default "STRICT"
   */
  readonly mtls?: MtlsMode;
  /**
   * Emit DestinationRules that make clients send Istio mutual TLS explicitly (and plaintext to
   * workloads without a sidecar), instead of relying on automatic mTLS alone.
   * @default true
   */
  readonly clientTls?: boolean;
  /**
   * Namespace of istiod, which every sidecar must reach on port 15012.
   * @default - the root namespace
   */
  readonly istiodNamespace?: string;
  /**
   * Emit an Istio `Sidecar` per isolated namespace that limits each proxy's configuration to the
   * services its namespace may call (from the ingress rules) plus Istio's own namespace, instead of
   * every service of the mesh.
   * @default true
   */
  readonly sidecarScoping?: boolean;
}

// ---------------------------------------------------------------------------------------------
// Namespaces

/**
 * - `workload`: deny by default; each workload admits exactly its ingress rules.
 * - `namespace`: deny by default, but workloads of the same namespace may call each other.
 * - `none`: no default deny; only workloads that declare ingress rules are restricted.
 */
export type IsolationMode = 'workload' | 'namespace' | 'none';

export interface NamespaceProps {
  /** Namespace name (DNS-1123 label). */
  readonly name: string;
  /**
   * Whether this definition manages the namespace (emits its policies). Unmanaged namespaces are
   * only referred to as peers, e.g. `knative-serving` or `monitoring`.
   * @default true
   */
  readonly managed?: boolean;
  /**
   * Label the namespace for Istio sidecar injection (`istio-injection: enabled`). For unmanaged
   * namespaces, whether their pods have sidecars.
   * @default - true for managed namespaces when Istio is on, false otherwise
   */
  readonly sidecarInjection?: boolean;
  /**
   * Mutual TLS mode of the namespace (its `default` PeerAuthentication). PERMISSIVE is for migration.
   * @default - the mesh-wide mode
   */
  readonly mtls?: MtlsMode;
  /**
   * What is allowed when nothing is declared.
   * @default "workload"
   */
  readonly isolation?: IsolationMode;
  /**
   * Extra labels on the Namespace object.
   * @default {}
   */
  readonly labels?: Readonly<Record<string, string>>;
  /**
   * Whether this namespace's policies refuse connections (`enforce`) or only log what they would refuse (`audit`).
   * Only for managed namespaces.
   * @default - the mesh-wide `enforcement`
   */
  readonly enforcement?: EnforcementMode;
}

// ---------------------------------------------------------------------------------------------
// Workloads

/** Application protocol of a port: decides whether HTTP paths and methods can be enforced. */
export type PortProtocol = 'HTTP' | 'HTTP2' | 'GRPC' | 'HTTPS' | 'TLS' | 'TCP';

export interface PortProps {
  /**
   * Port name. When `protocol` is not set, a name of the form `<protocol>[-<suffix>]` (as Istio reads
   * Service port names, e.g. `http-api`, `grpc`) sets it.
   * @default - no name
   */
  readonly name?: string;
  /** Container port number (Istio and NetworkPolicies match container ports, not Service ports). */
  readonly port: PortNumber;
  /**
   * Application protocol.
   * @default - from the name prefix, else "TCP"
   */
  readonly protocol?: PortProtocol;
}

/** Who a rule talks about. Build one with the `Peer` factories. */
export type PeerSpec = WorkloadPeerSpec | NamespacePeerSpec | CidrPeerSpec | SystemPeerSpec;

/** A workload of this definition. */
export interface WorkloadPeerSpec {
  /** Name of the workload. */
  readonly workload: string;
  /**
   * Namespace of the workload.
   * @default - the namespace of the workload that declares the rule
   */
  readonly namespace?: string;
}

/** Every pod of a namespace (declared in `namespaces`, managed or not). */
export interface NamespacePeerSpec {
  readonly namespace: string;
}

/** An IP block, e.g. callers outside the cluster or outside the mesh. */
export interface CidrPeerSpec {
  readonly cidr: string;
  /**
   * Addresses inside `cidr` that are excluded.
   * @default []
   */
  readonly except?: readonly string[];
}

/** Well-known callers of the platform, defined once (see `lib/model/system-peers.ts`). */
export type SystemPeerName = 'prometheus' | 'knative-serving' | 'istio-ingressgateway';

export interface SystemPeerSpec {
  readonly system: SystemPeerName;
}

export type HttpMethod = 'GET' | 'HEAD' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'OPTIONS' | 'CONNECT' | 'TRACE';

export interface IngressRuleProps {
  /** The caller, or several callers admitted on the same terms. */
  readonly from: PeerSpec | readonly PeerSpec[];
  /**
   * Container ports (numbers or names of the workload's ports) the callers may reach.
   * @default - every port of the workload
   */
  readonly ports?: readonly (PortNumber | string)[];
  /**
   * HTTP paths (exact, `prefix*` or `*suffix`); only on HTTP ports; enforced by Istio only.
   * @default - every path
   */
  readonly paths?: readonly string[];
  /**
   * HTTP methods; only on HTTP ports; enforced by Istio only.
   * @default - every method
   */
  readonly methods?: readonly HttpMethod[];
}

export interface EgressRuleProps {
  /** A destination outside the definition's workloads: an IP block or an unmanaged namespace. */
  readonly to: CidrPeerSpec | NamespacePeerSpec;
  /**
   * Destination ports (TCP).
   * @default - every port
   */
  readonly ports?: readonly PortNumber[];
}

/** The environment variables through which an application finds its certificate files. */
export interface TlsEnvProps {
  /**
   * Variable set to "true" when TLS is on.
   * @default - none
   */
  readonly enabled?: string;
  /** Variable holding the certificate chain path (`tls.crt`). */
  readonly certPath: string;
  /** Variable holding the private key path (`tls.key`). */
  readonly keyPath: string;
  /** Variable holding the CA bundle path (`ca.crt`). */
  readonly caPath: string;
}

/**
 * How a workload picks up a renewed certificate.
 * - `hot`: the application re-reads the files itself.
 * - `restart`: a pod-template annotation tied to the Secret rolls the pods (Python's ssl and Java
 *   keystores read the files once).
 */
export type ReloadStrategy = 'hot' | 'restart';

/** Named `workloads[].tls` presets: `sentinel` is `AppTlsPreset.sentinel()` (lib/integrations/app-tls/preset.ts). */
export type AppTlsPresetName = 'sentinel';

export interface AppTlsProps {
  /**
   * Start from a named preset; the other fields here override it (as `AppTlsPreset.sentinel(overrides)` does).
   * `sentinel`: 90-day RSA 2048 certificates renewed 15 days before expiry, mounted at `/etc/sentinel/certs`, paths in
   * `MTLS_CERT_PATH`, `MTLS_KEY_PATH`, `MTLS_CA_CERT_PATH`, `MTLS_ENABLED`, pods restarted on renewal.
   * @default - no preset: the fields as written
   */
  readonly preset?: AppTlsPresetName;
  /**
   * The container that gets the mounts and env vars in the wiring `secure-mesh synth` writes for this workload
   * (`<out>/<name>.app-tls/`: a kustomize patch and Helm values). `AppTls.bind` takes the container as an argument.
   * @default - the container named like the workload
   */
  readonly container?: string;
  /**
   * Secret (and Certificate) name.
   * @default - "<workload>-tls"
   */
  readonly secretName?: string;
  /**
   * Where the certificate files are mounted.
   * @default "/etc/tls"
   */
  readonly mountPath?: string;
  /**
   * Environment variables pointing the application at the files.
   * @default - none
   */
  readonly env?: TlsEnvProps;
  /**
   * DNS names in addition to `<svc>`, `<svc>.<ns>`, `<svc>.<ns>.svc` and `<svc>.<ns>.svc.<clusterDomain>`.
   * @default []
   */
  readonly extraDnsNames?: readonly string[];
  /**
   * Lifetime of the certificate.
   * @default - pki.certificateDefaults.duration
   */
  readonly duration?: Duration;
  /**
   * Renew this long before expiry.
   * @default - pki.certificateDefaults.renewBefore
   */
  readonly renewBefore?: Duration;
  /**
   * Key settings, merged over pki.certificateDefaults.privateKey.
   * @default - pki.certificateDefaults.privateKey
   */
  readonly privateKey?: PrivateKeyProps;
  /**
   * How the workload picks up renewed certificates.
   * @default "restart"
   */
  readonly reload?: ReloadStrategy;
}

export interface WorkloadProps {
  /** Workload name (DNS-1123 label); also its Service name unless `serviceName` is set. */
  readonly name: string;
  /** Namespace of the workload; must be a managed namespace of the definition. */
  readonly namespace: string;
  /**
   * Pod labels that select the workload.
   * @default - { app: <name> }
   */
  readonly selector?: Readonly<Record<string, string>>;
  /**
   * Service account of the pods: the workload's mesh identity.
   * @default - the workload name
   */
  readonly serviceAccount?: string;
  /**
   * Name of the Service in front of the workload (certificate DNS names, DestinationRule hosts).
   * @default - the workload name
   */
  readonly serviceName?: string;
  /**
   * Container ports.
   * @default []
   */
  readonly ports?: readonly PortProps[];
  /**
   * Whether the pods run an Istio sidecar.
   * @default - the namespace's sidecarInjection
   */
  readonly sidecar?: boolean;
  /**
   * The pods run on the host network: they cannot join a sidecar mesh and most NetworkPolicy
   * implementations do not apply to them, so mesh policies leave them out (certificates are still issued).
   * @default false
   */
  readonly hostNetwork?: boolean;
  /**
   * An application-level certificate (the workload terminates TLS itself).
   * @default - none
   */
  readonly tls?: AppTlsProps;
  /**
   * Who may call this workload.
   * @default []
   */
  readonly ingress?: readonly IngressRuleProps[];
  /**
   * Destinations outside the definition's workloads this workload may call (calls to declared
   * workloads are opened by their ingress rules).
   * @default []
   */
  readonly egress?: readonly EgressRuleProps[];
}

// ---------------------------------------------------------------------------------------------
// Monitoring

export interface PrometheusProps {
  /**
   * Namespace of Prometheus.
   * @default "monitoring"
   */
  readonly namespace?: string;
  /**
   * Labels of the Prometheus pods.
   * @default { "app.kubernetes.io/name": "prometheus" }
   */
  readonly podLabels?: Readonly<Record<string, string>>;
  /**
   * Service account of Prometheus (its mesh identity when it runs a sidecar).
   * @default "prometheus"
   */
  readonly serviceAccount?: string;
}

export interface CertificateAlertsProps {
  /**
   * Alert when a certificate expires within this time.
   * @default "168h" (7 days)
   */
  readonly expiringWithin?: Duration;
  /**
   * Alert when a certificate has not been Ready for this long (renewal failing).
   * @default "5m"
   */
  readonly notReadyFor?: Duration;
}

export interface MonitoringProps {
  /**
   * Where Prometheus runs; it is admitted to the sidecars' metrics ports 15020 and 15090.
   * @default - namespace "monitoring", labels { "app.kubernetes.io/name": "prometheus" }
   */
  readonly prometheus?: PrometheusProps;
  /**
   * PrometheusRule alerts on certificate expiry and failing renewal, or `false`.
   * @default - alerts on, 168h and 5m
   */
  readonly certificateAlerts?: CertificateAlertsProps | false;
  /**
   * Labels on the emitted PrometheusRule, so the Prometheus operator's `ruleSelector` picks it up. kube-prometheus-stack
   * selects rules labelled `release: <its Helm release name>` (its default `ruleSelectorNilUsesHelmValues: true`), e.g.
   * `{ release: "kube-prometheus-stack" }`. The `app.kubernetes.io/managed-by` label is always set.
   * @default {} (no extra labels: the rule is loaded only by a Prometheus whose ruleSelector is empty or matches managed-by)
   */
  readonly ruleLabels?: Readonly<Record<string, string>>;
}
