/**
 * Sentinel's Python services with application-level mutual TLS (Sentinel mTLS implementation guide),
 * as one definition. `npm run synth` writes it to `dist/sentinel.k8s.yaml`.
 *
 * Migration is an explicit phase (`appTls.phase`): "mtls-off" (no certificates, MTLS_ENABLED=false,
 * Istio PERMISSIVE) → "certificates-issued" (certificates mounted, still MTLS_ENABLED=false) →
 * "mtls-on" (MTLS_ENABLED=true, STRICT). Set `currentPhase` to what runs now: skipping a phase is refused.
 */
import { Chart } from 'cdk8s';
import { Deployment, ImagePullPolicy, ServiceAccount } from 'cdk8s-plus-28';
import type { Construct } from 'constructs';
import { Peer, RootOfTrust, SecureMesh, type SecureMeshProps } from '../lib';
import { AppTls, AppTlsPreset } from '../lib/integrations';

const NS = 'sentinel-system';

export const sentinelDefinition: SecureMeshProps = {
  name: 'sentinel',
  // The guide's CA: a self-signed root in cert-manager's namespace; service certificates come from
  // an intermediate CA (never from the root directly).
  pki: { root: RootOfTrust.selfSigned({ commonName: 'Sentinel CA' }), intermediate: true },
  istio: { rootNamespace: 'istio-system', mtls: 'STRICT' },
  namespaces: [{ name: NS }],
  workloads: [
    {
      // The server: accepts only the pipeline controller and the InfraMind adapter, on 8000.
      name: 'control-api', namespace: NS,
      ports: [{ name: 'https', port: 8000 }],
      // 90-day RSA 2048 certificate renewed 15 days before expiry, usages server auth, client auth,
      // digital signature, key encipherment; mounted at /etc/sentinel/certs; MTLS_* env vars.
      tls: AppTlsPreset.sentinel(),
      ingress: [{ from: [Peer.workload('pipeline-controller'), Peer.workload('infra-adapter')], ports: [8000] }],
    },
    { name: 'pipeline-controller', namespace: NS, tls: AppTlsPreset.sentinel() },
    { name: 'infra-adapter', namespace: NS, tls: AppTlsPreset.sentinel() },
    {
      name: 'node-agent', namespace: NS,
      tls: AppTlsPreset.sentinel({ extraDnsNames: [`*.${NS}.svc.cluster.local`] }),
    },
  ],
  // Alerts: a certificate expiring within 7 days (ignoring the 0 of not-yet-issued ones), and one
  // not Ready for 5 minutes (renewal failing).
  monitoring: { certificateAlerts: { expiringWithin: '168h', notReadyFor: '5m' } },
  appTls: { phase: 'mtls-on', currentPhase: 'certificates-issued' },
};

export class SentinelChart extends Chart {
  public readonly mesh: SecureMesh;

  public constructor(scope: Construct, id = 'sentinel', definition: SecureMeshProps = sentinelDefinition) {
    super(scope, id, { disableResourceNameHashes: true });
    this.mesh = new SecureMesh(this, 'mesh', definition);

    // Each service's Deployment gets its certificate: the Secret at /etc/sentinel/certs, MTLS_ENABLED
    // and the three paths, the labels its policies select, its service account (its identity), and
    // `secret.reloader.stakater.com/reload` so Stakater Reloader restarts it when cert-manager renews
    // the Secret (Python's ssl does not re-read certificates).
    for (const w of definition.workloads ?? []) {
      const deployment = new Deployment(this, w.name, {
        metadata: { name: w.name, namespace: w.namespace },
        serviceAccount: ServiceAccount.fromServiceAccountName(this, `${w.name}-sa`, w.serviceAccount ?? w.name),
        automountServiceAccountToken: false,
        containers: [{
          name: w.name, image: `ghcr.io/sentinel/${w.name}:0.4.0`, imagePullPolicy: ImagePullPolicy.IF_NOT_PRESENT,
          ...(w.ports?.[0] ? { portNumber: w.ports[0].port } : {}),
          securityContext: { user: 1000, group: 1000 },
        }],
      });
      AppTls.bind(this.mesh, deployment, deployment.containers[0], w);
    }
  }
}
