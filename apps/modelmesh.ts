/**
 * ModelMesh Serving with TLS, from the ModelMesh TLS guide and ModelMesh Serving's security
 * considerations, as one definition. `npm run synth` writes it to `dist/modelmesh.k8s.yaml`.
 *
 *   kubectl apply --server-side --field-manager=secure-mesh -f dist/modelmesh.k8s.yaml
 */
import { Chart } from 'cdk8s';
import { Deployment, ImagePullPolicy, ServiceAccount } from 'cdk8s-plus-28';
import type { Construct } from 'constructs';
import { RootOfTrust } from '../lib';
import { ModelMeshTls, type ModelMeshTlsProps } from '../lib/integrations';

export const modelmeshDefinition: ModelMeshTlsProps = {
  name: 'modelmesh',
  pki: { root: RootOfTrust.selfSigned({ commonName: 'modelmesh root CA' }) },
  // ModelMesh terminates TLS itself: its namespaces stay outside the sidecar mesh (declared
  // automatically with sidecarInjection: false), secured by its own TLS and NetworkPolicies.
  istio: false,
  modelmesh: {
    controllerNamespace: 'modelmesh-serving',
    runtimeNamespaces: ['modelmesh-serving'],
    // 1. TLS with client authentication. The Certificate (PKCS8: netty refuses PKCS1) is issued in the
    //    controller and every runtime namespace under the same Secret name; `model-serving-config`
    //    points ModelMesh at it.
    tls: { secretName: 'modelmesh-serving-tls', clientAuth: 'require' },
    // 2. The network policy of the security guide: etcd and model storage are the only egress.
    etcd: { cidrs: ['9.10.11.12/32'] },
    storage: [{ cidr: '13.12.11.10/32', ports: [8081] }],
    kubernetesApiCidr: '10.96.0.1/32',
  },
};

/** A key rotation in progress, step 2 of 3: what `tls.rotation` adds (see test/integrations). */
export const rotationStep2: ModelMeshTlsProps = {
  ...modelmeshDefinition,
  modelmesh: { ...modelmeshDefinition.modelmesh, tls: { ...modelmeshDefinition.modelmesh.tls, rotation: { step: 2, currentStep: 1 } } },
};

export class ModelMeshChart extends Chart {
  public readonly security: ModelMeshTls;

  public constructor(scope: Construct, id = 'modelmesh', definition: ModelMeshTlsProps = modelmeshDefinition) {
    super(scope, id, { disableResourceNameHashes: true });
    this.security = new ModelMeshTls(this, 'mesh', definition);

    // 3. A ModelMesh container you manage yourself (the controller sets these on the runtimes it
    //    creates): bind() adds MM_TLS_* env vars, the Secret mounted at /opt/kserve/mmesh/tls, and the
    //    security context of the guide (drop ALL capabilities, non-root), under the `modelmesh`
    //    ServiceAccount, which has no roles.
    const deployment = new Deployment(this, 'modelmesh-standalone', {
      metadata: { name: 'modelmesh-standalone', namespace: 'modelmesh-serving' },
      podMetadata: { labels: { 'modelmesh-service': 'modelmesh-serving' } },
      serviceAccount: ServiceAccount.fromServiceAccountName(this, 'modelmesh-sa', 'modelmesh'),
      automountServiceAccountToken: false,
      containers: [{
        name: 'mm', image: 'kserve/modelmesh:v0.12.0', imagePullPolicy: ImagePullPolicy.IF_NOT_PRESENT,
        portNumber: 8033, securityContext: { user: 1000620000, group: 1000620000 },
      }],
    });
    this.security.bind(deployment, deployment.containers[0]);
  }
}
