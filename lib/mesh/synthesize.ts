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
import { systemNamespaceWarnings } from '../model/system-namespaces';
import { certificateAlerts } from '../monitoring/certificate-alerts';
import { namespaceBaselinePolicy } from '../network/namespace-baseline';
import { workloadNetworkPolicy } from '../network/workload-network-policy';
import { issuerChain } from '../pki/issuer-chain';
import { trustBundle } from '../pki/trust-bundle';
import { workloadCertificate } from '../pki/workload-certificate';
import { duplicateIdentityProblems, type EmittedFor } from './identities';
import { definitionOrigins, type ObjectOrigins } from './object-origins';
import { canonicalMesh, canonicalOrder } from './canonical-order';
import { withSourceAnnotations } from './source-annotation';
import { namespaceObject } from './namespaces';
import { expandIntegrations, integrationObjects, integrationRelays, type ExpandedDefinition, type ResolvedIntegrations } from '../integrations/integrations';
import { sameItems } from '../same-items';
import { snapshotDefinition } from '../model/snapshot';
import { withSuggestionBudget } from '../model/suggest';
import { applyDefinitionSuppressions } from './definition-suppressions';

/** What a definition synthesizes to, before any construct or file is involved. */
export interface MeshManifests {
  readonly mesh: ResolvedMesh;
  readonly graph: IntentGraph;
  /**
   * Every object, in the canonical order (lib/mesh/canonical-order.ts): PKI in chain order, the mesh-wide policy,
   * cluster-scoped objects, then per namespace by name (its Namespace first), by kind and name: independent of the
   * order of the definition's lists.
   */
  readonly objects: readonly K8sObject[];
  readonly warnings: readonly Problem[];
  /** The integration sections (kserve, modelmesh, mayastor, appTls) with their defaults applied. */
  readonly integrations: ResolvedIntegrations;
  /** The definition field each object comes from, by `objectRef()`: findings on these objects name it (object-origins.ts). */
  readonly origins: ObjectOrigins;
}

/**
 * The whole pipeline as plain functions: resolve the definition, build the intent graph, emit every
 * object. The `SecureMesh` construct and the CLI both call this, so they emit the same objects.
 */
export function synthesizeMesh(input: unknown): MeshManifests {
  // One bound on "did you mean" work for the whole definition, expansion included (model/suggest.ts).
  return withSuggestionBudget(() => synthesizeWithinBudget(input));
}

function synthesizeWithinBudget(input: unknown): MeshManifests {
  // The library's own copy, read once: what is validated is what is emitted, the caller's objects stay theirs.
  const props = snapshotDefinition(input);
  // Integrations first become ordinary namespaces and workloads, so they share the graph and the policies.
  const expanded = expandIntegrations(props);
  const resolved = declaresTheSame(props as SecureMeshProps, expanded.props) ? resolveStructurallyValid(expanded.props) : resolveExpanded(expanded);
  // Namespaces and workloads in a canonical order, so every object reads the same whatever the definition's order.
  const mesh = canonicalMesh(resolved);
  const graph = buildIntentGraph(mesh, integrationRelays(expanded.integrations));
  // What each object was emitted for, by index: one record serves the identity check, the source annotation, the
  // canonical order and the definition-field map.
  const emittedFor: EmittedFor[] = [];
  const emitted = emitObjects(mesh, graph, emittedFor);
  for (const o of integrationObjects(mesh, expanded.integrations, emittedFor)) emitted.push(o);
  // The definition's acknowledged findings, on the objects they name (the mesh-file form of SecureMesh.suppress);
  // objects are replaced in place, so `emittedFor` stays aligned.
  applyDefinitionSuppressions(emitted, (props as SecureMeshProps).suppressions);
  // No two objects may share an identity: kubectl apply would keep only the last (lib/mesh/identities.ts). Checked in
  // emission order, so the first of two colliding objects is the one the definition declares first.
  const duplicates = duplicateIdentityProblems(emitted, emittedFor, props as SecureMeshProps, mesh.pki.namespace);
  if (duplicates.length > 0) throw new SecureMeshError(duplicates);
  // Each object names the definition field it comes from (secure-mesh.io/source), then all take the canonical order.
  const annotated = withSourceAnnotations(emitted, emittedFor, props as SecureMeshProps, expanded.origins);
  const { objects } = canonicalOrder(annotated, emittedFor);
  // Namespace indices are the definition's (resolution order), not the canonical order's. Built when first read (a
  // finding to report): a definition that synthesizes cleanly never needs it.
  let origins: ObjectOrigins | undefined;
  const originsOf = (): ObjectOrigins => (origins ??= definitionOrigins(annotated, emittedFor, props as SecureMeshProps, resolved, expanded.origins));
  // System namespaces the user (not an integration) declared managed: checked on the definition as written.
  const system = systemNamespaceWarnings(props as SecureMeshProps, mesh);
  const warnings = [...expanded.origins.translateProblems(mesh.warnings), ...expanded.warnings, ...system];
  // The resolved mesh in the definition's order (what callers iterate, e.g. rollout steps); the objects are canonical.
  return { mesh: resolved, graph, objects, warnings, integrations: expanded.integrations, get origins() { return originsOf(); } };
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

/**
 * Every object of the mesh, in order. `origins`, when given, receives for each object what in the definition it was
 * emitted for (the same index), which the identity check names when two objects collide.
 */
export function emitObjects(mesh: ResolvedMesh, graph: IntentGraph, origins?: EmittedFor[]): K8sObject[] {
  const objects: K8sObject[] = [];
  // Emitters return undefined where their object does not apply.
  const add = (o: K8sObject | undefined, origin: EmittedFor): void => {
    if (o === undefined) return;
    objects.push(o);
    origins?.push(origin);
  };
  for (const o of issuerChain(mesh.pki)) add(o, 'pki');
  add(trustBundle(mesh.pki), 'pki.trustBundle');
  if (mesh.istio) add(meshPeerAuthentication(mesh.istio, mesh.enforcement), 'istio');
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
    add(namespaceObject(mesh, ns), ns);
    if (mesh.istio) {
      add(namespacePeerAuthentication(ns), ns);
      add(namespaceDestinationRule(mesh, ns), ns);
      add(namespaceAuthorizationPolicy(ns, meshed), ns);
      add(namespaceSidecar(mesh, graph, ns, workloads, meshed), ns);
    }
    add(namespaceBaselinePolicy(mesh, graph, ns, meshed), ns);
  }
  for (const workload of mesh.workloads) {
    const ns = graph.namespace(workload.namespace);
    add(workloadCertificate(mesh, workload), workload);
    if (mesh.istio && ns) {
      add(workloadPeerAuthentication(mesh, graph, workload), workload);
      add(workloadAuthorizationPolicy(mesh, ns, workload), workload);
      add(workloadDestinationRule(mesh, ns, workload), workload);
    }
    add(workloadNetworkPolicy(mesh, graph, workload), workload);
  }
  add(certificateAlerts(mesh), 'monitoring');
  return objects;
}
