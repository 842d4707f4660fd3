import { buildIntentGraph, type IntentGraph } from '../intent/graph';
import { namespaceAuthorizationPolicy, workloadAuthorizationPolicy } from '../istio/authorization-policies';
import { namespaceDestinationRule, workloadDestinationRule } from '../istio/destination-rules';
import { meshPeerAuthentication, namespacePeerAuthentication, workloadPeerAuthentication } from '../istio/peer-authentications';
import { namespaceSidecar } from '../istio/sidecars';
import type { K8sObject } from '../k8s-object';
import { SecureMeshError, type Problem } from '../model/errors';
import type { SecureMeshProps } from '../model/definition';
import type { ResolvedMesh, ResolvedWorkload } from '../model/resolved';
import { resolveMesh, resolveStructurallyValid } from '../model/resolve';
import { certificateAlerts } from '../monitoring/certificate-alerts';
import { namespaceBaselinePolicy } from '../network/namespace-baseline';
import { workloadNetworkPolicy } from '../network/workload-network-policy';
import { issuerChain } from '../pki/issuer-chain';
import { trustBundle } from '../pki/trust-bundle';
import { workloadCertificate } from '../pki/workload-certificate';
import { namespaceObject } from './namespaces';
import { expandIntegrations, integrationObjects, integrationRelays, type ExpandedDefinition, type ResolvedIntegrations } from '../integrations/integrations';
import { sameItems } from '../same-items';
import { snapshotDefinition } from '../model/snapshot';
import { applyDefinitionSuppressions } from './definition-suppressions';

/** What a definition synthesizes to, before any construct or file is involved. */
export interface MeshManifests {
  readonly mesh: ResolvedMesh;
  readonly graph: IntentGraph;
  /** Every object, in a fixed order: PKI, mesh-wide policy, then per namespace, then per workload. */
  readonly objects: readonly K8sObject[];
  readonly warnings: readonly Problem[];
  /** The integration sections (kserve, modelmesh, mayastor, appTls) with their defaults applied. */
  readonly integrations: ResolvedIntegrations;
}

/**
 * The whole pipeline as plain functions: resolve the definition, build the intent graph, emit every
 * object. The `SecureMesh` construct and the CLI both call this, so they emit the same objects.
 */
export function synthesizeMesh(input: unknown): MeshManifests {
  // The library's own copy, read once: what is validated is what is emitted, the caller's objects stay theirs.
  const props = snapshotDefinition(input);
  // Integrations first become ordinary namespaces and workloads, so they share the graph and the policies.
  const expanded = expandIntegrations(props);
  const mesh = declaresTheSame(props as SecureMeshProps, expanded.props) ? resolveStructurallyValid(expanded.props) : resolveExpanded(expanded);
  const graph = buildIntentGraph(mesh, integrationRelays(expanded.integrations));
  const objects = emitObjects(mesh, graph);
  for (const o of integrationObjects(mesh, expanded.integrations)) objects.push(o);
  // The definition's acknowledged findings, on the objects they name (the mesh-file form of SecureMesh.suppress).
  applyDefinitionSuppressions(objects, (props as SecureMeshProps).suppressions);
  const warnings = [...expanded.origins.translateProblems(mesh.warnings), ...expanded.warnings];
  return { mesh, graph, objects, warnings, integrations: expanded.integrations };
}

/**
 * Whether the expansion declares exactly the namespaces and workloads of the definition (the same objects: no
 * integration added or rewrote one). Its other fields are the definition's too, less the integration sections, so
 * its structure is the definition's, which `expandIntegrations` has just checked.
 */
function declaresTheSame(definition: SecureMeshProps, expanded: SecureMeshProps): boolean {
  return sameItems(definition.namespaces ?? [], expanded.namespaces ?? []) && sameItems(definition.workloads ?? [], expanded.workloads ?? []);
}

/**
 * Resolves a definition the integrations added to: its problems name the fields the user wrote
 * (`kserve.inferenceServices[0].callers[0]`), not the expanded entries (`workloads[0].ingress[3].from[0]`).
 */
function resolveExpanded(expanded: ExpandedDefinition): ResolvedMesh {
  try {
    return resolveMesh(expanded.props);
  } catch (error) {
    if (!(error instanceof SecureMeshError) || expanded.origins.size === 0) throw error;
    throw new SecureMeshError(expanded.origins.translateProblems(error.problems));
  }
}

export function emitObjects(mesh: ResolvedMesh, graph: IntentGraph): K8sObject[] {
  const objects: K8sObject[] = [];
  // Emitters return undefined where their object does not apply.
  const add = (o: K8sObject | undefined): void => {
    if (o !== undefined) objects.push(o);
  };
  for (const o of issuerChain(mesh.pki)) add(o);
  add(trustBundle(mesh.pki));
  if (mesh.istio) add(meshPeerAuthentication(mesh.istio));
  const workloadsByNamespace = new Map<string, ResolvedWorkload[]>();
  for (const w of mesh.workloads) {
    const list = workloadsByNamespace.get(w.namespace);
    if (list) list.push(w);
    else workloadsByNamespace.set(w.namespace, [w]);
  }
  for (const ns of mesh.namespaces) {
    if (!ns.managed) continue;
    const workloads = workloadsByNamespace.get(ns.name) ?? [];
    // Sidecars run here when the namespace is injected or any of its workloads opts in.
    const meshed = ns.sidecar || workloads.some((w) => w.sidecar);
    add(namespaceObject(mesh, ns));
    if (mesh.istio) {
      add(namespacePeerAuthentication(ns));
      add(namespaceDestinationRule(mesh, ns));
      add(namespaceAuthorizationPolicy(ns, meshed));
      add(namespaceSidecar(mesh, graph, ns, workloads, meshed));
    }
    add(namespaceBaselinePolicy(mesh, graph, ns, meshed));
  }
  for (const workload of mesh.workloads) {
    const ns = graph.namespace(workload.namespace);
    add(workloadCertificate(mesh, workload));
    if (mesh.istio && ns) {
      add(workloadPeerAuthentication(mesh, graph, workload));
      add(workloadAuthorizationPolicy(mesh, ns, workload));
      add(workloadDestinationRule(mesh, ns, workload));
    }
    add(workloadNetworkPolicy(mesh, graph, workload));
  }
  add(certificateAlerts(mesh));
  return objects;
}
