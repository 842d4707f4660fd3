import { IdentityMap, type Identified } from '../identity-map';
import { apiGroup, objectRef, type K8sObject } from '../k8s-object';
import type { SecureMeshProps } from '../model/definition';
import type { Problem } from '../model/errors';
import type { ResolvedNamespace, ResolvedWorkload } from '../model/resolved';

/**
 * What in the definition an emitted object was generated for: a workload, a namespace, or a section of the definition
 * (`pki`, `istio`, `kserve`, …). A reference, not a description: an object per emitted object would cost time at 5,000
 * workloads, and the description is only needed when something collides.
 */
export type EmittedFor = ResolvedWorkload | ResolvedNamespace | string;


/**
 * The other identities an object takes on a cluster, written by controllers for it. A cert-manager Certificate writes
 * the Secret `spec.secretName` (ours are named after it, so it is their own name in another kind); a trust-manager
 * Bundle writes the ConfigMap named after it in every namespace its selector matches (among the emitted Namespaces).
 */
function writtenObjects(obj: K8sObject, labelledNamespaces: (labels: Readonly<Record<string, string>>) => readonly string[]): Identified[] {
  const spec = (obj.spec ?? {}) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  if (obj.kind === 'Certificate' && typeof spec.secretName === 'string') {
    return [{ apiVersion: 'v1', kind: 'Secret', metadata: { name: spec.secretName, namespace: obj.metadata.namespace } }];
  }
  if (obj.kind === 'Bundle' && spec.target?.configMap && spec.target.namespaceSelector?.matchLabels) {
    return labelledNamespaces(spec.target.namespaceSelector.matchLabels).map((namespace) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: obj.metadata.name, namespace } }));
  }
  return [];
}

/**
 * The backstop for identities: every object a definition synthesizes to (the mesh's and the integrations') has its
 * own (group, kind, namespace, name), and so do the Secrets and ConfigMaps controllers write for them. The model
 * refuses the names it knows to be taken (lib/model/reserved-names.ts) with the fields to change; this catches the
 * rest, whichever emitter produced it, and names what in the definition each object was generated for.
 * One lookup per object (IdentityMap): linear in the number of objects.
 */
export function duplicateIdentityProblems(objects: readonly K8sObject[], origins: readonly EmittedFor[], definition: SecureMeshProps, clusterResourceNamespace = 'cert-manager'): Problem[] {
  const namespaces = objects.filter((o) => o.kind === 'Namespace' && apiGroup(o.apiVersion) === '');
  const labelledNamespaces = (labels: Readonly<Record<string, string>>): string[] =>
    namespaces.filter((n) => Object.entries(labels).every(([k, v]) => n.metadata.labels?.[k] === v)).map((n) => n.metadata.name);
  const first = new IdentityMap<number>();
  /** Objects already reported as sharing an identity, not reported again for their CA key. */
  const collided = new Set<number>();
  const problems: Problem[] = [];
  /** Whether the identity was free. */
  const claim = (identity: Identified, i: number, writer?: K8sObject): boolean => {
    const earlier = first.setIfAbsent(identity, i);
    if (earlier === i) return true;
    collided.add(i).add(earlier);
    const obj = objects[i];
    // Reported at the user's own field where one side is a declared workload or namespace (sections read as such).
    let here = describeOrigin(origins[i], definition, obj);
    let there = describeOrigin(origins[earlier], definition, objects[earlier]);
    if (typeof origins[i] === 'string' && typeof origins[earlier] !== 'string' && there.path) [here, there] = [there, here];
    const what = writer ? `${objectRef(identity)} (written by ${objectRef(writer)})` : objectRef(obj);
    const same = here.label === there.label;
    problems.push({
      path: here.path,
      message: `${here.label} emits ${what}, ${same ? 'twice' : `which ${there.label}${there.path && there.path !== here.path ? ` (${there.path})` : ''} emits too`}: kubectl apply keeps one object per kind, namespace and name, so one would silently replace the other. Rename one of them`,
    });
    return false;
  };
  const caKeys = caKeySecrets(objects, clusterResourceNamespace);
  for (let i = 0; i < objects.length; i++) {
    const obj = objects[i];
    // A Certificate that collides already writes the other's Secret: reported once.
    if (!claim(obj, i)) continue;
    if (obj.kind === 'Certificate' || obj.kind === 'Bundle') {
      for (const written of writtenObjects(obj, labelledNamespaces)) claim(written, i, obj);
    }
  }
  for (let i = 0; caKeys && i < objects.length; i++) {
    const obj = objects[i];
    if (collided.has(i)) continue;
    // A leaf Certificate writing a Secret an issuer signs with would replace the CA key with its own.
    if (obj.kind === 'Certificate' && (obj.spec as { isCA?: boolean } | undefined)?.isCA !== true) {
      const secretName = (obj.spec as { secretName?: unknown } | undefined)?.secretName;
      const issuer = typeof secretName === 'string' ? caKeys.get({ apiVersion: 'v1', kind: 'Secret', metadata: { name: secretName, namespace: obj.metadata.namespace } }) : undefined;
      if (issuer !== undefined) {
        const here = describeOrigin(origins[i], definition, obj);
        const there = describeOrigin(origins[issuer], definition, objects[issuer]);
        problems.push({
          path: here.path || there.path,
          message: `${here.label} emits ${objectRef(obj)}, a leaf certificate writing Secret "${secretName}", which ${objectRef(objects[issuer])} (${there.label}) signs with: cert-manager would replace the CA's key with the leaf's. Choose another Secret name`,
        });
      }
    }
  }
  return problems;
}

/**
 * The Secrets issuers sign with (`spec.ca.secretName`; a ClusterIssuer reads cert-manager's cluster resource namespace,
 * an Issuer its own) and Vault's CA bundle, each with the index of its issuer; undefined when there are none.
 */
function caKeySecrets(objects: readonly K8sObject[], clusterResourceNamespace: string): IdentityMap<number> | undefined {
  let keys: IdentityMap<number> | undefined;
  for (let i = 0; i < objects.length; i++) {
    const obj = objects[i];
    if (obj.kind !== 'ClusterIssuer' && obj.kind !== 'Issuer') continue;
    const spec = (obj.spec ?? {}) as { ca?: { secretName?: unknown }; vault?: { caBundleSecretRef?: { name?: unknown } } };
    const namespace = obj.kind === 'ClusterIssuer' ? clusterResourceNamespace : obj.metadata.namespace;
    for (const name of [spec.ca?.secretName, spec.vault?.caBundleSecretRef?.name]) {
      if (typeof name === 'string') (keys ??= new IdentityMap()).setIfAbsent({ apiVersion: 'v1', kind: 'Secret', metadata: { name, namespace } }, i);
    }
  }
  return keys;
}

/** A definition path and a readable description of what an object was emitted for. */
export function describeOrigin(origin: EmittedFor | undefined, definition: SecureMeshProps, obj?: K8sObject): { path: string; label: string } {
  if (origin === undefined) return { path: '', label: 'the mesh' };
  if (typeof origin === 'string') return { path: origin, label: `the ${origin} section` };
  if ('serviceAccount' in origin) {
    // Integration workloads come after the definition's own (lib/integrations/expansion.ts): their index is past the end.
    const index = Number(/^workloads\[(\d+)\]$/.exec(origin.source)?.[1] ?? -1);
    const declared = index >= 0 && index < (definition.workloads ?? []).length;
    return declared
      ? { path: `${origin.source}.${obj?.kind === 'Certificate' ? 'tls.secretName' : 'name'}`, label: `workload "${origin.name}" in namespace "${origin.namespace}"` }
      : { path: '', label: `the integration workload "${origin.name}" in namespace "${origin.namespace}"` };
  }
  const index = (definition.namespaces ?? []).findIndex((n) => n.name === origin.name);
  return index >= 0
    ? { path: `namespaces[${index}].name`, label: `namespace "${origin.name}"` }
    : { path: '', label: `namespace "${origin.name}" (declared by an integration)` };
}
