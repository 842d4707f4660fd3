import { k8s } from 'cdk8s-plus-28';
import { Certificate, CertificateSpecUsages } from '../../../imports/cert-manager.io';
import { DestinationRule, DestinationRuleSpecTrafficPolicyTlsMode, Gateway, GatewaySpecServersTlsMode } from '../../../imports/networking.istio.io';
import type { K8sObject } from '../../k8s-object';
import { formatDuration } from '../../model/duration';
import type { ResolvedMesh } from '../../model/resolved';
import { manifest, meta } from '../../mesh/metadata';
import { privateKeySpec } from '../../pki/private-key';
import { INGRESS_GATEWAY_LABELS } from '../../istio/wellknown';
import { APPLY_ANNOTATION, SERVER_SIDE_APPLY } from './ingress-config';
import { knativeLocalGatewayHost, type ResolvedKServe } from './resolve';
import {
  DISABLE_GATEWAY_PORT_TRANSLATION_LABEL, KNATIVE_LOCAL_GATEWAY, KNATIVE_LOCAL_GATEWAY_HTTPS_PORT, KNATIVE_SERVING_NAMESPACE, KSERVE_LOCAL_GATEWAY,
  KSERVE_LOCAL_GATEWAY_HTTP, KSERVE_LOCAL_GATEWAY_HTTPS,
} from './wellknown';

/**
 * Knative's `knative-local-gateway` patched to HTTPS 8081 with ISTIO_MUTUAL, so that under strict
 * mesh-wide mTLS the top-level virtual host still reaches it. Knative installed this object: apply
 * server-side, taking ownership of `spec.servers` (the `secure-mesh.io/apply` annotation says how, as on the
 * `inferenceservice-config` ConfigMap).
 */
export function patchedKnativeLocalGateway(k: ResolvedKServe): K8sObject | undefined {
  if (!k.patchKnativeLocalGateway) return undefined;
  return manifest(Gateway, {
    metadata: meta(KNATIVE_LOCAL_GATEWAY, KNATIVE_SERVING_NAMESPACE, undefined, { [APPLY_ANNOTATION]: SERVER_SIDE_APPLY }),
    spec: {
      selector: { ...INGRESS_GATEWAY_LABELS },
      servers: [{
        hosts: ['*'],
        port: { name: 'https', number: KNATIVE_LOCAL_GATEWAY_HTTPS_PORT, protocol: 'HTTPS' },
        tls: { mode: GatewaySpecServersTlsMode.ISTIO_UNDERSCORE_MUTUAL },
      }],
    },
  });
}

/**
 * Client side of strict mesh-wide mTLS beyond the managed namespaces (their `default`
 * DestinationRules already require ISTIO_MUTUAL): Knative's system namespace, whose activator and
 * autoscaler run sidecars, and the patched local gateway. Nothing towards workloads without a sidecar.
 */
export function strictDestinationRules(k: ResolvedKServe): K8sObject[] {
  if (!k.strictMeshWideMtls) return [];
  const rule = (name: string, host: string) => manifest(DestinationRule, {
    metadata: meta(name, k.rootNamespace),
    spec: { host, exportTo: ['*'], trafficPolicy: { tls: { mode: DestinationRuleSpecTrafficPolicyTlsMode.ISTIO_UNDERSCORE_MUTUAL } } },
  });
  return [
    rule(`kserve-${KNATIVE_SERVING_NAMESPACE}`, `*.${KNATIVE_SERVING_NAMESPACE}.svc.${k.clusterDomain}`),
    ...(k.patchKnativeLocalGateway ? [rule(`kserve-${KNATIVE_LOCAL_GATEWAY}`, knativeLocalGatewayHost(k))] : []),
  ];
}

/**
 * `kserve-local-gateway`: the Gateway and Service for callers outside the mesh, and for HTTPS the
 * Secret issued by the mesh PKI in the gateway pods' namespace (Istio reads `credentialName` there).
 */
export function kserveLocalGateway(mesh: ResolvedMesh, k: ResolvedKServe): K8sObject[] {
  const lg = k.localGateway;
  if (!lg) return [];
  const https = lg.protocol === 'HTTPS';
  const ports = https ? KSERVE_LOCAL_GATEWAY_HTTPS : KSERVE_LOCAL_GATEWAY_HTTP;
  const objects: K8sObject[] = [];
  objects.push(manifest(Gateway, {
    metadata: meta(KSERVE_LOCAL_GATEWAY, lg.namespace),
    spec: {
      selector: { ...lg.selector },
      servers: [{
        hosts: ['*'],
        port: { name: https ? 'https' : 'http', number: ports.gatewayPort, protocol: https ? 'HTTPS' : 'HTTP' },
        ...(https ? { tls: { mode: GatewaySpecServersTlsMode.SIMPLE, credentialName: lg.credentialName } } : {}),
      }],
    },
  }));
  objects.push(manifest(k8s.KubeService, {
    // HTTP: the Gateway's 8082 is the pod port itself, not a Service port to translate (seed 001).
    metadata: meta(KSERVE_LOCAL_GATEWAY, lg.namespace, https ? {} : { [DISABLE_GATEWAY_PORT_TRANSLATION_LABEL]: 'true' }),
    spec: {
      selector: { ...lg.selector },
      ports: [{
        name: https ? 'https' : 'http', protocol: 'TCP', port: ports.servicePort, targetPort: k8s.IntOrString.fromNumber(ports.gatewayPort),
      }],
    },
  }));
  if (https) {
    const d = mesh.pki.certificateDefaults;
    objects.push(manifest(Certificate, {
      metadata: meta(lg.credentialName, lg.namespace),
      spec: {
        secretName: lg.credentialName,
        dnsNames: [...lg.dnsNames],
        usages: [CertificateSpecUsages.SERVER_AUTH, CertificateSpecUsages.DIGITAL_SIGNATURE, CertificateSpecUsages.KEY_ENCIPHERMENT],
        duration: formatDuration(d.duration),
        renewBefore: formatDuration(d.renewBefore),
        privateKey: privateKeySpec(d.privateKey),
        issuerRef: { ...mesh.pki.leafIssuer },
      },
    }));
  }
  return objects;
}
