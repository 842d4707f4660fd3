/**
 * The import never widens: over random manifests (namespaces with and without sidecars and labels, workloads with
 * named ports and service accounts, NetworkPolicies with pod/namespace selectors by labels, matchExpressions, ipBlocks
 * and named ports, ingress and egress; AuthorizationPolicies ALLOW and DENY with principals, namespaces, ports and
 * paths; PeerAuthentications per namespace and per workload), the imported mesh, synthesized and applied, never lets
 * through a request the manifests refused. Judged by the independent evaluator.
 */
import fc from 'fast-check';
import { importMesh } from '../../lib/adopt/import-mesh';
import { synthesizeMesh } from '../../lib/mesh/synthesize';
import { clusterOf, compareClusters, podsOf } from './evaluator-pairs';
import { randomManifests } from './random-manifests';
import { fcParams, propertyTimeout } from '../property/runs';

const REPLACED = new Set(['NetworkPolicy', 'AuthorizationPolicy', 'PeerAuthentication', 'DestinationRule', 'Sidecar']);

test('the imported mesh never allows a request the manifests refused (random manifests, independent evaluator)', () => {
  fc.assert(fc.property(randomManifests, (objects) => {
    const { meshFile } = importMesh(objects);
    const emitted = synthesizeMesh(meshFile.spec).objects;
    const after = [...objects.filter((o) => !REPLACED.has(o.kind)), ...emitted];
    const { widened } = compareClusters(clusterOf(objects), clusterOf(after), podsOf(objects));
    expect(widened).toEqual([]);
  }), fcParams(60));
}, propertyTimeout(60));

test('learnt from traffic, the mesh never allows a request the manifests refused, even when every pair was "seen"', () => {
  fc.assert(fc.property(randomManifests, fc.array(fc.tuple(fc.nat(), fc.nat(), fc.constantFrom('http', 'grpc', 'tcp')), { maxLength: 12 }), (objects, picks) => {
    const pods = podsOf(objects);
    const traffic = picks.map(([a, b, protocol]) => ({ from: pods[a % pods.length].id, to: pods[b % pods.length].id, count: 1 + a, protocols: [protocol], services: [] }))
      .filter((c, i, all) => c.from !== c.to && all.findIndex((d) => d.from === c.from && d.to === c.to) === i);
    const { meshFile } = importMesh(objects, { traffic });
    const after = [...objects.filter((o) => !REPLACED.has(o.kind)), ...synthesizeMesh(meshFile.spec).objects];
    expect(compareClusters(clusterOf(objects), clusterOf(after), pods).widened).toEqual([]);
  }), fcParams(40));
}, propertyTimeout(40));
