/**
 * KServe InferenceServices secured by the mesh: the walkthrough of KServe's "Secure InferenceService
 * with ServiceMesh" as one definition. `npm run synth` writes it to `dist/kserve.k8s.yaml`.
 *
 * Apply with server-side apply, so the `inferenceservice-config` ConfigMap keeps its other keys and
 * the patched `knative-local-gateway` takes over only its servers:
 *
 *   kubectl apply --server-side --field-manager=secure-mesh -f dist/kserve.k8s.yaml
 *   kubectl -n kserve rollout restart deployment kserve-controller-manager
 */
import { Chart } from 'cdk8s';
import type { Construct } from 'constructs';
import { RootOfTrust } from '../lib';
import { KServeMeshSecurity, type KServeMeshSecurityProps } from '../lib/integrations';

export const kserveDefinition: KServeMeshSecurityProps = {
  name: 'kserve',
  pki: { root: RootOfTrust.selfSigned({ commonName: 'kserve root CA' }) },

  // 1. Mesh-wide strict mTLS: the `default` PeerAuthentication in istio-system is STRICT, and clients
  //    must send Istio mutual TLS (DestinationRules with ISTIO_MUTUAL, only towards sidecars).
  istio: { rootNamespace: 'istio-system', mtls: 'STRICT' },

  namespaces: [
    // 2. The namespace of the models: namespace isolation (only its own workloads may call), STRICT,
    //    labelled `istio-injection: enabled`. (Left out, the kserve section would declare it so.)
    { name: 'user1', isolation: 'namespace', mtls: 'STRICT' },
    // Knative's activator and autoscaler must run sidecars to reach models under STRICT.
    { name: 'knative-serving', managed: false, sidecarInjection: true },
    // Where the test client of the walkthrough runs (a different namespace: it must be refused).
    { name: 'default', managed: false, sidecarInjection: true },
  ],

  kserve: {
    // 3. Under strict mesh-wide mTLS the top-level virtual host routes through knative-local-gateway:
    //    keep it (a `kserve-local-gateway` needs it) and patch Knative's gateway to ISTIO_MUTUAL on 8081.
    //    Leaving it unpatched is refused: inference would be blocked.
    strictMeshWideMtls: true,
    disableIstioVirtualHost: false,
    patchKnativeLocalGateway: true,

    // 4. Callers outside the mesh use a dedicated gateway over HTTPS (443 → 8445), with a certificate
    //    from our PKI in istio-system for the cluster-local names they call.
    localGateway: { protocol: 'HTTPS' },

    // The storage initializer downloads each model before the predictor starts: its egress (TCP 443 to the
    // internet, private ranges excluded) is derived from `storageUri`; declare `egress` to choose it yourself.
    inferenceServices: [
      // 5. Without the activator on the path (target burst capacity "0", at least one replica): the
      //    AuthorizationPolicy sees the caller's namespace, so another namespace gets 403.
      {
        name: 'sklearn-iris', namespace: 'user1', bypassActivator: true,
        model: { format: 'sklearn', storageUri: 'gs://kfserving-examples/models/sklearn/1.0/model' },
      },
      // 6. With the activator on the path: any namespace can reach it through the activator (a known
      //    Knative limitation); the synthesis warns about it.
      {
        name: 'sklearn-iris-burst', namespace: 'user1',
        model: { format: 'sklearn', storageUri: 'gs://kfserving-examples/models/sklearn/1.0/model' },
      },
    ],
  },

  // 7. The two findings this walkthrough always has, acknowledged so `secure-mesh validate --fail-on warning` passes:
  //    each reason lands in the object's `secure-mesh.io/suppressions` annotation for reviewers.
  suppressions: [
    {
      id: 'SM-KN-001', object: 'InferenceService/user1/sklearn-iris-burst',
      reason: 'demonstrates the activator on the request path; isolated models set bypassActivator (sklearn-iris)',
    },
    {
      id: 'SM-KS-005', object: 'ConfigMap/kserve/inferenceservice-config',
      reason: 'kserve-local-gateway needs the top-level virtual host; every caller that reaches the gateway may call the user1 models',
    },
  ],
};

export class KServeChart extends Chart {
  public readonly security: KServeMeshSecurity;

  public constructor(scope: Construct, id = 'kserve') {
    super(scope, id, { disableResourceNameHashes: true });
    this.security = new KServeMeshSecurity(this, 'mesh', kserveDefinition);
  }
}
