import type { Relay } from '../intent/relay';
import type { K8sObject } from '../k8s-object';
import type { SecureMeshProps } from '../model/definition';
import { SecureMeshError, sortProblems, type Problem } from '../model/errors';
import type { ResolvedMesh } from '../model/resolved';
import { resolveMesh } from '../model/resolve';
import { structuralProblems } from '../model/validate-structure';
import { ownedDefinition, snapshotDefinition } from '../model/snapshot';
import { expandAppTls, type ResolvedAppTls } from './app-tls/resolve';
import { Expansion } from './expansion';
import type { FieldOrigins } from './origins';
import { expandKServe, type ResolvedKServe } from './kserve/resolve';
import { expandMayastor, type ResolvedMayastor } from './mayastor/resolve';
import { expandModelMesh, type ResolvedModelMesh } from './modelmesh/resolve';

/** The integration sections of a definition with their defaults applied. */
export interface ResolvedIntegrations {
  readonly kserve?: ResolvedKServe;
  readonly modelmesh?: ResolvedModelMesh;
  readonly mayastor?: ResolvedMayastor;
  readonly appTls: ResolvedAppTls;
}

export interface ExpandedDefinition {
  /** The definition with the integrations' namespaces and workloads added, integration sections removed. */
  readonly props: SecureMeshProps;
  readonly integrations: ResolvedIntegrations;
  readonly warnings: readonly Problem[];
  /** Which definition field each namespace and workload the integrations added comes from (origins.ts). */
  readonly origins: FieldOrigins;
}

/**
 * Turns the integration sections into ordinary namespaces and workloads of the definition (so they go
 * through the same resolution, intent graph, policies and checks) plus resolved integration data for
 * their own objects. Problems of the sections and of the rest of the definition are raised together
 * as one `SecureMeshError`.
 */
export function expandIntegrations(definition: unknown): ExpandedDefinition {
  const input = snapshotDefinition(definition); // read once, the caller's objects untouched (model/snapshot.ts)
  const structural = structuralProblems(input, 'SecureMeshProps');
  if (structural.length > 0) throw new SecureMeshError(sortProblems(structural));
  const props = input as SecureMeshProps;
  const x = new Expansion(props);
  const integrations: ResolvedIntegrations = {
    appTls: expandAppTls(x, props.appTls),
    kserve: props.kserve ? expandKServe(x, props.kserve) : undefined,
    modelmesh: props.modelmesh ? expandModelMesh(x, props.modelmesh) : undefined,
    mayastor: props.mayastor ? expandMayastor(x, props.mayastor) : undefined,
  };
  if (x.problems.size > 0) {
    // Report the rest of the definition's problems in the same error.
    let rest: readonly Problem[] = [];
    try {
      resolveMesh(x.result());
    } catch (error) {
      if (!(error instanceof SecureMeshError)) throw error;
      rest = x.origins.translateProblems(error.problems);
    }
    throw new SecureMeshError(sortProblems([...x.problems.toArray(), ...rest]));
  }
  return { props: ownedDefinition(x.result()), integrations, warnings: x.warnings, origins: x.origins };
}

/** The pods the integrations put between callers and their workloads (Knative's activator and gateways), for the intent graph. */
export function integrationRelays(integrations: ResolvedIntegrations): readonly Relay[] {
  return integrations.kserve?.relays ?? [];
}

/**
 * The integrations' own objects (InferenceServices, ConfigMaps, gateways, certificates), after the mesh's. Their
 * modules build objects with the generated L1 classes, which load cdk8s and cdk8s-plus-28 (~0.1 s): they are required
 * only for a definition with that section, so synthesizing a mesh without integrations never loads cdk8s.
 */
export function integrationObjects(mesh: ResolvedMesh, integrations: ResolvedIntegrations, origins?: unknown[]): K8sObject[] {
  const objects: K8sObject[] = [];
  // `origins` receives the section each object comes from, for the identity check (lib/mesh/identities.ts).
  const add = (section: string, list: readonly K8sObject[]): void => {
    for (const o of list) {
      objects.push(o);
      origins?.push(section);
    }
  };
  if (integrations.kserve) {
    const { kserveObjects } = require('./kserve/objects') as typeof import('./kserve/objects');
    add('kserve', kserveObjects(mesh, integrations.kserve));
  }
  if (integrations.modelmesh) {
    const { modelMeshObjects } = require('./modelmesh/objects') as typeof import('./modelmesh/objects');
    add('modelmesh', modelMeshObjects(mesh, integrations.modelmesh));
  }
  if (integrations.mayastor) {
    const { mayastorObjects } = require('./mayastor/objects') as typeof import('./mayastor/objects');
    add('mayastor', mayastorObjects(mesh, integrations.mayastor));
  }
  return objects;
}
