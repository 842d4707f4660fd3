import { buildIntentGraph, type IntentGraph } from '../intent/graph';
import { namespaceAuthorizationPolicy, workloadAuthorizationPolicy } from '../istio/authorization-policies';
import { namespaceDestinationRule, workloadDestinationRule } from '../istio/destination-rules';
import { meshPeerAuthentication, namespacePeerAuthentication, workloadPeerAuthentication } from '../istio/peer-authentications';
import { namespaceSidecar } from '../istio/sidecars';
import type { K8sObject } from '../k8s-object';
import type { Problem } from '../model/errors';
import type { ResolvedMesh, ResolvedWorkload } from '../model/resolved';
import { resolveMesh } from '../model/resolve';
import { certificateAlerts } from '../monitoring/certificate-alerts';
import { namespaceBaselinePolicy } from '../network/namespace-baseline';
import { workloadNetworkPolicy } from '../network/workload-network-policy';
import { issuerChain } from '../pki/issuer-chain';
import { trustBundle } from '../pki/trust-bundle';
import { workloadCertificate } from '../pki/workload-certificate';
import { namespaceObject } from './namespaces';
import { expandIntegrations, integrationObjects, type ResolvedIntegrations } from '../integrations/integrations';

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
export function synthesizeMesh(props: unknown): MeshManifests {
  // Integrations first become ordinary namespaces and workloads, so they share the graph and the policies.
  const expanded = expandIntegrations(props);
  const mesh = resolveMesh(expanded.props);
  const graph = buildIntentGraph(mesh);
  const objects = [...emitObjects(mesh, graph), ...integrationObjects(mesh, expanded.integrations)];
  return { mesh, graph, objects, warnings: [...mesh.warnings, ...expanded.warnings], integrations: expanded.integrations };
}

export function emitObjects(mesh: ResolvedMesh, graph: IntentGraph): K8sObject[] {
  const objects: (K8sObject | undefined)[] = [];
  objects.push(...issuerChain(mesh.pki), trustBundle(mesh.pki));
  if (mesh.istio) objects.push(meshPeerAuthentication(mesh.istio));
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
    objects.push(namespaceObject(mesh, ns));
    if (mesh.istio) {
      objects.push(
        namespacePeerAuthentication(ns),
        namespaceDestinationRule(mesh, ns),
        namespaceAuthorizationPolicy(ns, meshed),
        namespaceSidecar(mesh, graph, ns, workloads, meshed),
      );
    }
    objects.push(namespaceBaselinePolicy(mesh, graph, ns, meshed));
  }
  for (const workload of mesh.workloads) {
    const ns = graph.namespace(workload.namespace);
    objects.push(workloadCertificate(mesh, workload));
    if (mesh.istio && ns) {
      objects.push(
        workloadPeerAuthentication(mesh, graph, workload),
        workloadAuthorizationPolicy(mesh, ns, workload),
        workloadDestinationRule(mesh, ns, workload),
      );
    }
    objects.push(workloadNetworkPolicy(mesh, graph, workload));
  }
  objects.push(certificateAlerts(mesh));
  return objects.filter((o): o is K8sObject => o !== undefined);
}
