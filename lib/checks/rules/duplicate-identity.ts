import { isDeepStrictEqual } from 'util';
import { IdentityMap } from '../../identity-map';
import { objectRef, type K8sObject } from '../../k8s-object';
import { firstDifference } from '../../object-difference';
import type { Rule, Violation } from '../rule';

/**
 * Two different objects of one identity (API group, kind, namespace, name), anywhere in the manifests read (across
 * files too), or two Certificates writing one Secret. Identical copies are not reported: applying the same object twice
 * leaves one object as written (several charts of one app may each carry the mesh-wide PeerAuthentication).
 */
export const duplicateIdentity: Rule = {
  id: 'SM-KA-003',
  severity: 'error',
  title: 'Two different objects with one identity (group, kind, namespace, name): only the last applied survives',
  explanation:
    '`kubectl apply` (and server-side apply, and GitOps tools) keys objects by API group, kind, namespace and name: a second ' +
    'object of the same identity does not add to the first, it replaces it, silently and in file order. A workload policy ' +
    'named like the namespace\'s `default-deny` leaves the namespace open; a leaf Certificate named like a CA\'s writes a leaf ' +
    'key into the CA Secret; two meshes\' `default` PeerAuthentications in the root namespace leave whichever was applied last. ' +
    'Likewise two Certificates writing one Secret (`spec.secretName`) overwrite each other\'s key. Identical copies are not ' +
    'reported, and the other rules judge the copy that is applied last, as the cluster keeps it. Fix: rename one of the objects (for secure-mesh output: rename the workload or `tls.secretName` the message ' +
    'names, or give each mesh its own `name` and namespaces), or remove the copy you did not mean to apply.',
  sources: ['kubectl apply (k8s.io/kubectl pkg/cmd/apply): objects are identified by group, kind, namespace and name', 'cert-manager Certificate spec.secretName'],
  *check({ index, manifests, identitiesRepeat }): Iterable<Violation> {
    // When the engine already knows that no identity repeats (the usual case: asApplied looked), only the Secrets
    // written remain to compare: no second map of every object's identity, and only the Certificates are read (then
    // `index` holds exactly the manifests, in their order).
    const compareIdentities = manifests === undefined || identitiesRepeat !== false;
    const first = new IdentityMap<K8sObject>();
    const secretWriters = new IdentityMap<K8sObject>();
    for (const obj of compareIdentities ? manifests ?? index.objects : index.ofKind('Certificate')) {
      if (!obj?.metadata || typeof obj.kind !== 'string' || typeof obj.metadata.name !== 'string') continue;
      const found = compareIdentities ? first.setIfAbsent(obj, obj) : obj;
      const earlier = found === obj ? undefined : found;
      if (earlier && !isDeepStrictEqual(earlier, obj)) {
        yield { object: obj, message: `has the identity of an earlier ${objectRef(earlier)} with different content (${firstDifference(earlier, obj)}): applied together, one silently replaces the other. Rename one of them or drop the one you did not mean.`, related: [earlier] };
        continue;
      }
      const secretName = obj.kind === 'Certificate' ? (obj.spec as { secretName?: unknown } | undefined)?.secretName : undefined;
      if (typeof secretName !== 'string' || earlier) continue;
      const writer = secretWriters.setIfAbsent({ apiVersion: 'v1', kind: 'Secret', metadata: { name: secretName, namespace: obj.metadata.namespace } }, obj);
      if (writer !== obj) yield { object: obj, message: `writes Secret "${secretName}", which ${objectRef(writer)} writes too: cert-manager would overwrite one key pair with the other. Give each Certificate its own secretName.`, related: [writer] };
    }
  },
};
