import type { EgressRuleProps, Integer, PeerSpec } from '../../model/definition';

/**
 * KServe InferenceServices (Knative mode) in an Istio mesh, as plain data: the `kserve` section of a
 * secure-mesh definition (seed "Secure InferenceService with ServiceMesh").
 */
export interface KServeProps {
  /**
   * Namespace of the KServe controller and of its `inferenceservice-config` ConfigMap.
   * @default "kserve"
   */
  readonly namespace?: string;
  /**
   * Lock down the whole mesh: besides the STRICT PeerAuthentication in Istio's root namespace, clients
   * must send Istio mutual TLS (DestinationRules with ISTIO_MUTUAL towards the InferenceService
   * namespaces, Knative's system namespace and, when patched, Knative's local gateway; never towards
   * workloads without a sidecar). Needs `istio.mtls: "STRICT"`.
   * @default false
   */
  readonly strictMeshWideMtls?: boolean;
  /**
   * KServe's `disableIstioVirtualHost`: no top-level VirtualService, so calls go straight to the
   * predictor and its AuthorizationPolicy sees the real caller. Must be false with a `localGateway`
   * (the local gateway is only reached through the top-level virtual host).
   * @default - true, or false when `localGateway` is set
   */
  readonly disableIstioVirtualHost?: boolean;
  /**
   * Patch Knative's `knative-local-gateway` Gateway to HTTPS 8081 with ISTIO_MUTUAL, so the top-level
   * virtual host keeps working under `strictMeshWideMtls`. Applied server-side over the object
   * Knative installed.
   * @default false
   */
  readonly patchKnativeLocalGateway?: boolean;
  /**
   * A dedicated `kserve-local-gateway` for callers outside the mesh, or none.
   * @default - none
   */
  readonly localGateway?: KServeLocalGatewayProps;
  /**
   * The Istio Gateway of external hosts (`ingressGateway` of the ingress config, required by KServe).
   * @default "knative-serving/knative-ingress-gateway"
   */
  readonly ingressGateway?: string;
  /**
   * Domain of external InferenceService URLs (`ingressDomain`).
   * @default "example.com"
   */
  readonly ingressDomain?: string;
  /**
   * The other fields of the `ingress` key of `inferenceservice-config`. KServe's controller reads that key as one JSON
   * object, so the emitted key replaces the cluster's whole value: put your cluster's own settings here (e.g.
   * `urlScheme: https`), or applying the ConfigMap resets them to KServe's defaults.
   * @default - KServe v0.20.0's values (its `inferenceservice-config`)
   */
  readonly ingressConfig?: KServeIngressConfigProps;
  /**
   * The InferenceServices to secure.
   * @default []
   */
  readonly inferenceServices?: readonly InferenceServiceProps[];
}

/**
 * Fields of KServe's `ingress` config (v0.20.0 `IngressConfig`, `pkg/apis/serving/v1beta1/configmap.go`) that the mesh
 * does not derive. The mesh sets `ingressGateway`, `ingressDomain`, `disableIstioVirtualHost` and the local gateway
 * keys itself (the `kserve` section's fields).
 */
export interface KServeIngressConfigProps {
  /**
   * Scheme of the InferenceService URLs KServe reports (`status.url`).
   * @default "http"
   */
  readonly urlScheme?: 'http' | 'https';
  /**
   * Go template of an InferenceService's external host name.
   * @default "{{ .Name }}-{{ .Namespace }}.{{ .IngressDomain }}"
   */
  readonly domainTemplate?: string;
  /**
   * Ingress class of the Ingress objects KServe creates (raw deployment mode).
   * @default "istio"
   */
  readonly ingressClassName?: string;
  /**
   * Serve external traffic through the Gateway API instead of Ingress (raw deployment mode).
   * @default false
   */
  readonly enableGatewayApi?: boolean;
  /**
   * The Gateway API gateway KServe uses, `<namespace>/<name>` (raw deployment mode).
   * @default "kserve/kserve-ingress-gateway"
   */
  readonly kserveIngressGateway?: string;
  /**
   * Do not create ingress objects for InferenceServices.
   * @default false
   */
  readonly disableIngressCreation?: boolean;
  /**
   * Do not set a timeout on the HTTPRoutes KServe creates.
   * @default false
   */
  readonly disableHTTPRouteTimeout?: boolean;
  /**
   * Additional domains of InferenceService URLs (KServe's shipped ConfigMap lists two example domains here; its
   * controller's default is none).
   * @default - none (the key is left out)
   */
  readonly additionalIngressDomains?: readonly string[];
}

/** `kserve-local-gateway`: the port of entry for callers outside the mesh. */
export interface KServeLocalGatewayProps {
  /**
   * HTTP (Service port 80 → gateway 8082) or HTTPS (443 → 8445, TLS terminated with a certificate
   * from the mesh PKI).
   * @default "HTTPS"
   */
  readonly protocol?: 'HTTP' | 'HTTPS';
  /**
   * Namespace of the gateway pods; the Gateway, its Service and its TLS Secret live there.
   * @default - Istio's root namespace
   */
  readonly namespace?: string;
  /**
   * Labels of the gateway pods.
   * @default { istio: "ingressgateway" }
   */
  readonly selector?: Readonly<Record<string, string>>;
  /**
   * Name of the TLS Secret (HTTPS only).
   * @default "kserve-cluster-local-tls"
   */
  readonly credentialName?: string;
}

/** How the Knative activator relates to an InferenceService. */
export interface InferenceServiceProps {
  /** Name of the InferenceService (its predictor is `<name>-predictor`). */
  readonly name: string;
  /** Namespace; declared with namespace isolation unless the definition declares it. */
  readonly namespace: string;
  /**
   * Take the Knative activator off the request path (`target-burst-capacity: "0"` and at least one
   * replica), so the AuthorizationPolicy sees the caller's namespace. With the activator on the path,
   * every namespace can reach the model through it (knative-sandbox/net-istio#554).
   * @default false
   */
  readonly bypassActivator?: boolean;
  /**
   * Minimum replicas of the predictor.
   * @default - 1 when bypassActivator, else KServe's default
   */
  readonly minReplicas?: Integer;
  /**
   * Service account of the predictor pods (their mesh identity).
   * @default "default"
   */
  readonly serviceAccount?: string;
  /**
   * The model; when set, the InferenceService object itself is emitted.
   * @default - only the security objects are emitted
   */
  readonly model?: InferenceServiceModelProps;
  /**
   * Callers from other namespaces admitted besides the InferenceService's own namespace.
   * @default []
   */
  readonly callers?: readonly PeerSpec[];
  /**
   * Where the predictor may connect outside the mesh (model storage). Without it, the model download's egress is
   * derived from `model.storageUri`: gs://, s3://, hf:// and https:// URLs open TCP 443 (or the URL's port) to the
   * internet, private and link-local ranges excluded; an IP in the URL opens that address; pvc:// and oci:// need
   * none; other schemes and cluster-internal URLs are a warning naming the field.
   * @default - derived from `model.storageUri`, else none
   */
  readonly egress?: readonly EgressRuleProps[];
}

export interface InferenceServiceModelProps {
  /** Model format name, e.g. `sklearn`. */
  readonly format: string;
  /** Where the model is stored, e.g. `gs://kfserving-examples/models/sklearn/1.0/model`. */
  readonly storageUri: string;
}
