import { isDeepStrictEqual } from 'util';
import type { IConstruct } from 'constructs';
import { IdentityMap } from '../identity-map';
import { objectRef, type K8sObject } from '../k8s-object';
import { SecureMeshError, type Problem } from '../model/errors';
import { firstDifference } from '../object-difference';

/**
 * Several `SecureMesh` constructs in one cdk8s App (in one chart or in several) are one deployment: `cdk8s synth`
 * writes them side by side and `kubectl apply -f dist/` applies them together, keeping one object per identity.
 * Objects two meshes both emit, such as the mesh-wide `default` PeerAuthentication in the root namespace or, for two
 * meshes of the same `name`, the ClusterIssuers, CA Certificates and trust Bundle, are therefore shared: allowed when
 * they are identical (each chart keeps its copy, so each file still applies on its own), refused when they differ
 * (STRICT in one, DISABLE in the other), naming both constructs and the first difference. A managed namespace is never
 * shared: each mesh would apply its own policies to it, and ALLOW policies add up.
 */
interface AppMeshes {
  /** The meshes registered so far: construct path and objects. */
  readonly meshes: Array<{ readonly path: string; readonly objects: readonly K8sObject[] }>;
  /** identity → the first mesh's object of that identity; built when a second mesh arrives (one mesh pays nothing). */
  index?: IdentityMap<{ readonly path: string; readonly object: K8sObject }>;
}

/** Keyed by the App (the construct tree's root), so separate Apps, e.g. one per test, never see each other. */
const meshesByApp = new WeakMap<IConstruct, AppMeshes>();

/** How many conflicting objects one error lists. */
const LISTED = 10;

/**
 * Throws a `SecureMeshError` when the mesh about to be added at `scope`/`id` emits an object that a mesh already in the
 * App emits with other content. Call before the construct joins the tree, then `registerMesh` once it has.
 */
export function requireCompatibleWithApp(scope: IConstruct, id: string, objects: readonly K8sObject[]): void {
  const app = meshesByApp.get(scope.node.root);
  if (!app) return;
  const index = indexOf(app);
  const path = meshPath(scope, id);
  const problems: Problem[] = [];
  let conflicts = 0;
  for (const object of objects) {
    const earlier = index.get(object);
    if (!earlier) continue;
    // A namespace is managed by one mesh: two meshes' policies for it would both apply (ALLOW policies add up).
    const bothManage = object.kind === 'Namespace' && object.apiVersion === 'v1';
    if (!bothManage && isDeepStrictEqual(earlier.object, object)) continue;
    conflicts++;
    if (problems.length < LISTED) {
      problems.push({
        path: objectRef(object),
        message: bothManage
          ? `emitted by ${earlier.path} and by ${path}, which both manage the namespace: the policies of both would apply to it together (their ALLOW policies add up); manage it in one mesh and declare it with managed: false in the other`
          : `emitted by ${earlier.path} and by ${path}, which differ at ${firstDifference(earlier.object, object)}`,
      });
    }
  }
  if (conflicts === 0) return;
  if (conflicts > LISTED) problems.push({ path: '', message: `and ${conflicts - LISTED} more objects` });
  throw new SecureMeshError(problems,
    `SecureMesh "${path}" emits objects that SecureMesh "${[...new Set(problems.map((p) => /emitted by (\S+) and/.exec(p.message)?.[1]).filter(Boolean))].join('", "')}" in the same app emits differently; `
    + 'kubectl apply keeps only the last of each, so one mesh would silently rewrite the other. Objects two meshes share must be identical: '
    + 'give each mesh its own name (its issuers, CA certificates and trust bundle are named after it) and its own namespaces, the same '
    + 'istio settings (the mesh-wide PeerAuthentication in the root namespace), or put meshes for different clusters in separate Apps');
}

/** Records a mesh that joined the App (after `requireCompatibleWithApp` passed). */
export function registerMesh(scope: IConstruct, id: string, objects: readonly K8sObject[]): void {
  const root = scope.node.root;
  const path = meshPath(scope, id);
  const app = meshesByApp.get(root);
  if (!app) {
    meshesByApp.set(root, { meshes: [{ path, objects }] });
    return;
  }
  const index = indexOf(app);
  app.meshes.push({ path, objects });
  for (const object of objects) index.setIfAbsent(object, { path, object });
}

function indexOf(app: AppMeshes): IdentityMap<{ readonly path: string; readonly object: K8sObject }> {
  if (!app.index) {
    app.index = new IdentityMap();
    for (const { path, objects } of app.meshes) {
      for (const object of objects) app.index.setIfAbsent(object, { path, object });
    }
  }
  return app.index;
}

function meshPath(scope: IConstruct, id: string): string {
  return scope.node.path ? `${scope.node.path}/${id}` : id;
}
