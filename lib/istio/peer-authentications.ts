import type { PeerAuthenticationSpec } from '../../imports/security.istio.io';
import type { IntentGraph } from '../intent/graph';
import type { K8sObject } from '../k8s-object';
import type { ResolvedIstio, ResolvedMesh, ResolvedNamespace, ResolvedWorkload } from '../model/resolved';
import { PEER_AUTHENTICATION } from '../mesh/kinds';
import { matchLabels, meta } from '../mesh/metadata';
import { plainManifest, type ManifestJson } from '../mesh/plain-manifest';
import { DEFAULT_POLICY_NAME } from './wellknown';
import { auditAnnotations, emittedMtlsMode, isAudited } from './enforcement';
import type { EnforcementMode } from '../model/definition';

/**
 * Mesh-wide PeerAuthentication: `default` in the root namespace, never with a selector (Istio
 * ignores selectors there). It applies to every namespace without its own, also those the definition does not
 * manage, so a mesh in audit makes it PERMISSIVE.
 */
export function meshPeerAuthentication(istio: ResolvedIstio, enforcement: EnforcementMode = 'enforce'): K8sObject {
  return plainManifest(PEER_AUTHENTICATION, {
    metadata: meta(DEFAULT_POLICY_NAME, istio.rootNamespace, undefined, auditAnnotations(istio.mtls, enforcement)),
    spec: { mtls: { mode: emittedMtlsMode(istio.mtls, enforcement) } },
  });
}

/**
 * Namespace-wide PeerAuthentication `default`, always explicit (one per namespace: only the oldest applies).
 * PERMISSIVE instead of STRICT in audit.
 */
export function namespacePeerAuthentication(ns: ResolvedNamespace): K8sObject {
  return plainManifest(PEER_AUTHENTICATION, {
    metadata: meta(DEFAULT_POLICY_NAME, ns.name, undefined, auditAnnotations(ns.mtls, ns.enforcement)),
    spec: { mtls: { mode: emittedMtlsMode(ns.mtls, ns.enforcement) } },
  });
}

/**
 * A workload-level PeerAuthentication `<workload>` where callers without a mesh identity (no
 * sidecar, or an IP block) must reach a sidecar under STRICT: only their ports become PERMISSIVE
 * (ports are container ports, as Istio requires), the rest inherits.
 */
export function workloadPeerAuthentication(mesh: ResolvedMesh, graph: IntentGraph, workload: ResolvedWorkload): K8sObject | undefined {
  const ns = graph.namespace(workload.namespace);
  // In audit the namespace is PERMISSIVE on every port already.
  if (!mesh.istio || !ns || ns.mtls !== 'STRICT' || isAudited(ns) || !workload.sidecar) return undefined;
  const plaintext = graph.plaintextPortsOf(workload);
  if (plaintext === undefined) return undefined;
  const selector = matchLabels(workload.selector);
  let spec: ManifestJson<PeerAuthenticationSpec>;
  if (plaintext === 'all' || workload.ports.length === 0) {
    spec = { selector, mtls: { mode: 'PERMISSIVE' } };
  } else {
    const portLevelMtls: Record<string, { mode: 'PERMISSIVE' }> = {};
    for (const port of plaintext) portLevelMtls[port] = { mode: 'PERMISSIVE' };
    spec = { selector, mtls: { mode: 'UNSET' }, portLevelMtls };
  }
  return plainManifest(PEER_AUTHENTICATION, { metadata: meta(workload.name, workload.namespace), spec });
}
