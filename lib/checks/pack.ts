/**
 * The secure-mesh rule pack: every rule bound to its stable ID, in documentation order. Add a rule by writing one file in
 * rules/ and listing it here; docs/rules.md is generated from this list (`npx tsx scripts/generate-rule-docs.ts`).
 */
import type { Rule, RuleMeta } from './rule';
import { activatorOnRequestPath } from './rules/activator-on-request-path';
import { ambientPortRestriction } from './rules/ambient-port-restriction';
import { authorizationPolicyWebhook } from './rules/authorization-policy-webhook';
import { caIssuerFromLeaf } from './rules/ca-issuer-from-leaf';
import { caUsages } from './rules/ca-usages';
import { certificateDurationMinimum } from './rules/certificate-duration-minimum';
import { certificateIdentity } from './rules/certificate-identity';
import { certificateWithoutReload } from './rules/certificate-without-reload';
import { commonNameLength } from './rules/common-name-length';
import { declaredWorkloadUnselected } from './rules/declared-workload-unselected';
import { defaultDenyBlocksMeshEgress } from './rules/default-deny-blocks-mesh-egress';
import { destinationRuleWebhook } from './rules/destination-rule-webhook';
import { duplicateIdentity } from './rules/duplicate-identity';
import { duplicateLevelPeerAuthentication } from './rules/duplicate-level-peer-authentication';
import { gatewaySecretNamespace } from './rules/gateway-secret-namespace';
import { gatewayWebhook } from './rules/gateway-webhook';
import { httpOnlyDenyWithoutPorts } from './rules/http-only-deny-without-ports';
import { identityRulesOverPlaintext } from './rules/identity-rules-over-plaintext';
import { issuerRef } from './rules/issuer-ref';
import { istioMutualWithoutSidecar } from './rules/istio-mutual-without-sidecar';
import { knativeProbesLockedOut } from './rules/knative-probes-locked-out';
import { kserveIngressConfig } from './rules/kserve-ingress-config';
import { kserveVirtualHostIsolation } from './rules/kserve-virtual-host-isolation';
import { leafOutlivesCa } from './rules/leaf-outlives-ca';
import { leafSignedBySelfSigned } from './rules/leaf-signed-by-self-signed';
import { longLivedLeafWithoutReload } from './rules/long-lived-leaf-without-reload';
import { modelmeshEtcdTlsReload } from './rules/modelmesh-etcd-tls-reload';
import { modelmeshPkcs1Key } from './rules/modelmesh-pkcs1-key';
import { modelmeshSelfSignedTls } from './rules/modelmesh-self-signed-tls';
import { peerAuthenticationSelectorInRoot } from './rules/peer-authentication-selector-in-root';
import { peerAuthenticationWebhook } from './rules/peer-authentication-webhook';
import { portLevelMtlsWithoutSelector } from './rules/port-level-mtls-without-selector';
import { portLevelMtlsServicePort } from './rules/port-level-mtls-service-port';
import { portLevelMtlsUndeclaredPort } from './rules/port-level-mtls-undeclared-port';
import { probeRewriteDisabled } from './rules/probe-rewrite-disabled';
import { restProxySkipVerify } from './rules/rest-proxy-skip-verify';
import { renewBeforeVsDuration } from './rules/renew-before-vs-duration';
import { strictServerPlaintextClient } from './rules/strict-server-plaintext-client';
import { strictWebhookService } from './rules/strict-webhook-service';
import { tooLargeForApiServer } from './rules/too-large-for-api-server';
import { tooLargeForClientSideApply } from './rules/too-large-for-client-side-apply';
import { allowAnyRequest } from './rules/allow-any-request';
import { certificateRequestWebhook } from './rules/certificate-request-webhook';
import { certificateWebhook } from './rules/certificate-webhook';
import { destinationRuleWithoutCa } from './rules/destination-rule-without-ca';
import { gatewayDuplicateCertificate } from './rules/gateway-duplicate-certificate';
import { ignoredCertManagerFields } from './rules/ignored-cert-manager-fields';
import { issuerWebhook } from './rules/issuer-webhook';
import { meshWideWeakMtls } from './rules/mesh-wide-weak-mtls';
import { networkPolicyOpenRule, networkPolicyPeerRejected } from './rules/network-policy-open-rule';
import { runsAsProxyUid } from './rules/runs-as-proxy-uid';
import { selectsNoPod } from './rules/selects-no-pod';
import { ignoredEgressProxy, multipleDefaultSidecars, overlappingSidecars } from './rules/sidecar-resources';
import { tlsSecretContent } from './rules/tls-secret-content';

export const RULES: readonly Rule[] = [
  // Istio
  probeRewriteDisabled,
  portLevelMtlsWithoutSelector,
  portLevelMtlsServicePort,
  portLevelMtlsUndeclaredPort,
  strictServerPlaintextClient,
  identityRulesOverPlaintext,
  gatewaySecretNamespace,
  istioMutualWithoutSidecar,
  peerAuthenticationSelectorInRoot,
  duplicateLevelPeerAuthentication,
  authorizationPolicyWebhook,
  destinationRuleWebhook,
  gatewayWebhook,
  httpOnlyDenyWithoutPorts,
  peerAuthenticationWebhook,
  strictWebhookService,
  allowAnyRequest,
  meshWideWeakMtls,
  multipleDefaultSidecars,
  overlappingSidecars,
  ignoredEgressProxy,
  selectsNoPod,
  runsAsProxyUid,
  destinationRuleWithoutCa,
  gatewayDuplicateCertificate,
  // Knative / KServe
  activatorOnRequestPath,
  knativeProbesLockedOut,
  kserveIngressConfig,
  kserveVirtualHostIsolation,
  // NetworkPolicy
  defaultDenyBlocksMeshEgress,
  ambientPortRestriction,
  networkPolicyOpenRule,
  networkPolicyPeerRejected,
  declaredWorkloadUnselected,
  // cert-manager
  certificateWithoutReload,
  renewBeforeVsDuration,
  leafSignedBySelfSigned,
  certificateDurationMinimum,
  commonNameLength,
  certificateIdentity,
  caUsages,
  issuerRef,
  leafOutlivesCa,
  caIssuerFromLeaf,
  longLivedLeafWithoutReload,
  certificateWebhook,
  issuerWebhook,
  certificateRequestWebhook,
  ignoredCertManagerFields,
  // ModelMesh
  modelmeshPkcs1Key,
  restProxySkipVerify,
  modelmeshSelfSignedTls,
  modelmeshEtcdTlsReload,
  // Kubernetes API
  tooLargeForClientSideApply,
  tooLargeForApiServer,
  duplicateIdentity,
  tlsSecretContent,
];

/** Findings the engine itself reports: schema validation and suppression problems. They have IDs and docs like rules. */
export const SCHEMA_VIOLATION: RuleMeta = {
  id: 'SM-SC-001',
  severity: 'error',
  title: 'The object does not match its schema (CRD schema, CEL rule or Kubernetes core definition)',
  explanation:
    'Strict validation against the pinned CRD schemas (cert-manager v1.21.1, trust-manager v0.24.0, Istio 1.30.3, KServe ' +
    'v0.20.0, prometheus-operator v0.93.0) and Kubernetes 1.28 definitions: types, enums, required fields, patterns, ' +
    '`x-kubernetes-validations` CEL rules, and unknown fields (which an API server with strict field validation rejects and ' +
    'otherwise silently drops). Fix the field the message names.',
  sources: ['lib/checks/schema'],
};
export const UNKNOWN_KIND: RuleMeta = {
  id: 'SM-SC-002',
  severity: 'info',
  title: 'No schema is known for this kind, so it was not schema-checked',
  explanation: 'The object\'s apiVersion/kind has no vendored schema. Rules still read it; only the schema check is skipped. Check the apiVersion for typos.',
  sources: ['lib/checks/schema'],
};
export const BAD_SUPPRESSION: RuleMeta = {
  id: 'SM-SP-001',
  severity: 'error',
  title: 'A suppression without a reason of at least 10 characters, or for an unknown rule',
  explanation:
    'Every suppression in the `secure-mesh.io/suppressions` annotation must name a rule ID of this pack and give a reason ' +
    'reviewers can read (at least 10 characters), one `SM-XX-NNN: reason` per line. A bad suppression suppresses nothing.',
  sources: ['cdk-nag nag-suppression-helper.ts'],
};

export const ENGINE_RULES: readonly RuleMeta[] = [SCHEMA_VIOLATION, UNKNOWN_KIND, BAD_SUPPRESSION];

/** Every documented ID: rules, then engine findings. */
export function allRuleMeta(): RuleMeta[] {
  return [...RULES, ...ENGINE_RULES].map(({ id, severity, title, explanation, sources }) => ({ id, severity, title, explanation, sources }));
}

export function ruleMeta(id: string): RuleMeta | undefined {
  return allRuleMeta().find((r) => r.id === id);
}
