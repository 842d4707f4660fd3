import { INJECTION_ENABLED, INJECTION_LABEL } from '../istio/wellknown';
import type { K8sObject } from '../k8s-object';
import type { ResolvedMesh, ResolvedNamespace } from '../model/resolved';
import { TRUST_BUNDLE_NAMESPACE_LABEL } from '../pki/wellknown';
import { NAMESPACE } from './kinds';
import { ENFORCEMENT_ANNOTATION, meta } from './metadata';
import { plainManifest } from './plain-manifest';

/**
 * A managed Namespace with the labels the rest depends on: sidecar injection (`istio-injection`,
 * written as `disabled` too, so the choice is visible) and the trust bundle's target label; in audit, the
 * `secure-mesh.io/enforcement: audit` annotation.
 */
export function namespaceObject(mesh: ResolvedMesh, ns: ResolvedNamespace): K8sObject | undefined {
  if (!ns.managed) return undefined;
  const labels: Record<string, string> = { ...ns.labels };
  if (mesh.istio) labels[INJECTION_LABEL] = ns.sidecar ? INJECTION_ENABLED : 'disabled';
  if (mesh.pki.trustBundle) labels[TRUST_BUNDLE_NAMESPACE_LABEL] = 'enabled';
  // Reviewers and the connectivity report read from the objects alone which namespaces only log what they would refuse.
  const annotations = ns.enforcement === 'audit' ? { [ENFORCEMENT_ANNOTATION]: ns.enforcement } : undefined;
  return plainManifest(NAMESPACE, { metadata: meta(ns.name, undefined, labels, annotations) });
}
