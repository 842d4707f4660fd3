import type { KubeNamespaceProps, KubeNetworkPolicyProps } from 'cdk8s-plus-28/lib/imports/k8s';
import type { CertificateProps, ClusterIssuerProps } from '../../imports/cert-manager.io';
import type { PrometheusRuleProps } from '../../imports/monitoring.coreos.com';
import type { DestinationRuleProps, SidecarProps } from '../../imports/networking.istio.io';
import type { AuthorizationPolicyProps, PeerAuthenticationProps } from '../../imports/security.istio.io';
import type { BundleProps } from '../../imports/trust.cert-manager.io';
import { NETWORKING_API, SECURITY_API } from '../istio/wellknown';
import { CERT_MANAGER_API, TRUST_MANAGER_API } from '../pki/wellknown';
import type { EmittedKind } from './plain-manifest';

/**
 * The kinds the mesh's emitters write, each with the props type of its generated L1 class (cdk8s-plus-28's k8s
 * bindings, imports/). Types only are imported, so emitting loads neither the generated classes nor cdk8s;
 * test/mesh/manifest.test.ts checks each apiVersion and kind against the class's `GVK`.
 */
export const NAMESPACE: EmittedKind<KubeNamespaceProps> = { apiVersion: 'v1', kind: 'Namespace' };
export const NETWORK_POLICY: EmittedKind<KubeNetworkPolicyProps> = { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy' };
export const CERTIFICATE: EmittedKind<CertificateProps> = { apiVersion: CERT_MANAGER_API, kind: 'Certificate' };
export const CLUSTER_ISSUER: EmittedKind<ClusterIssuerProps> = { apiVersion: CERT_MANAGER_API, kind: 'ClusterIssuer' };
export const BUNDLE: EmittedKind<BundleProps> = { apiVersion: TRUST_MANAGER_API, kind: 'Bundle' };
export const PEER_AUTHENTICATION: EmittedKind<PeerAuthenticationProps> = { apiVersion: SECURITY_API, kind: 'PeerAuthentication' };
export const AUTHORIZATION_POLICY: EmittedKind<AuthorizationPolicyProps> = { apiVersion: SECURITY_API, kind: 'AuthorizationPolicy' };
export const DESTINATION_RULE: EmittedKind<DestinationRuleProps> = { apiVersion: NETWORKING_API, kind: 'DestinationRule' };
export const SIDECAR: EmittedKind<SidecarProps> = { apiVersion: NETWORKING_API, kind: 'Sidecar' };
export const PROMETHEUS_RULE: EmittedKind<PrometheusRuleProps> = { apiVersion: 'monitoring.coreos.com/v1', kind: 'PrometheusRule' };
