/**
 * Mayastor with TLS between its components (OEP 3855), as one definition. `npm run synth` writes it
 * to `dist/mayastor.k8s.yaml`.
 *
 * The TLS switch decides everything: off, components talk plain HTTP and nothing is issued; on, a
 * self-signed root → CA Issuer → a Certificate per component (api-rest, agent-core, io-engine, etcd
 * client and peer), each Secret mounted into its component.
 */
import { Chart } from 'cdk8s';
import { Deployment, ImagePullPolicy } from 'cdk8s-plus-28';
import type { Construct } from 'constructs';
import { RootOfTrust } from '../lib';
import { MayastorTls, type MayastorTlsProps } from '../lib/integrations';

export const mayastorDefinition: MayastorTlsProps = {
  name: 'storage',
  pki: { root: RootOfTrust.selfSigned({ commonName: 'storage root CA' }) },
  // Mayastor's io-engine, CSI node and HA node agents run on the host network: they cannot run an
  // Istio sidecar, and NetworkPolicies do not select them. The `mayastor` namespace is declared
  // outside the sidecar mesh; those components are workloads with hostNetwork: true, left out of mesh
  // policies, and still get their certificates.
  istio: false,
  mayastor: { tls: true, release: 'mayastor', namespace: 'mayastor' },
};

export class MayastorChart extends Chart {
  public readonly security: MayastorTls;

  public constructor(scope: Construct, id = 'mayastor', definition: MayastorTlsProps = mayastorDefinition) {
    super(scope, id, { disableResourceNameHashes: true });
    this.security = new MayastorTls(this, 'mesh', definition);

    // With the Helm chart, pass `security.helmValues()` (the switch and etcd's client/peer TLS) and
    // the per-component volume, mount and flags of `security.componentTls()`. Here the api-rest
    // Deployment shows the same data applied to a cdk8s-plus container: its certificate mounted at
    // /etc/tls and served with --tls-cert-file / --tls-key-file on 8080.
    const apiRest = new Deployment(this, 'api-rest', {
      metadata: { name: 'mayastor-api-rest', namespace: 'mayastor' },
      podMetadata: { labels: { app: 'api-rest', 'app.kubernetes.io/instance': 'mayastor' } },
      automountServiceAccountToken: false,
      containers: [{
        name: 'api-rest', image: 'openebs/mayastor-api-rest:v2.7.1', imagePullPolicy: ImagePullPolicy.IF_NOT_PRESENT,
        portNumber: 8080,
        args: ['--http=[::]:8081', '--https=[::]:8080', ...this.security.args('mayastor-api-rest')],
        securityContext: { user: 1000, group: 1000 },
      }],
    });
    this.security.bind(apiRest, apiRest.containers[0], 'mayastor-api-rest');
  }
}
