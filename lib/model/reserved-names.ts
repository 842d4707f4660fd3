import type { NamespaceProps } from './definition';
import type { Problem } from './errors';
import { NAMESPACE_OBJECT_NAMES, WORKLOAD_OBJECT_KINDS, type NamespaceObjectName } from './object-names';
import type { ResolvedIssuerChain, ResolvedNamespace, ResolvedPki, ResolvedWorkload } from './resolved';

/**
 * The names a definition may not give its own objects, because the mesh's objects already use them: checked while the
 * definition resolves, so the error names both definition fields before anything is emitted. `kubectl apply` keeps
 * one object per (group, kind, namespace, name), so a second object of the same identity silently replaces the first:
 * - a workload's policies are named after it (`<workload>`): a workload named like a namespace-level object
 *   (`default`, `default-deny`, `allow-same-namespace`, lib/model/object-names.ts) would replace the namespace's
 *   deny-by-default, STRICT PeerAuthentication or ISTIO_MUTUAL DestinationRule;
 * - a workload's Certificate writes the Secret `tls.secretName` (the Certificate has that name too): one that names a
 *   CA's Secret in the PKI namespace would replace the CA's certificate and key, handing the workload the CA key.
 * The integrations' objects and anything this misses are caught after emission (lib/mesh/identities.ts).
 */
export function reservedNameProblems(
  pki: ResolvedPki,
  namespaces: readonly ResolvedNamespace[],
  workloads: readonly ResolvedWorkload[],
  declared: readonly NamespaceProps[],
): Problem[] {
  const problems: Problem[] = [];
  const namespacePath = (name: string): string => {
    const i = declared.findIndex((n) => n.name === name);
    return i >= 0 ? `namespaces[${i}]` : `namespace "${name}"`;
  };
  const managed = new Set(namespaces.filter((n) => n.managed).map((n) => n.name));

  // Workload names against the namespace's own objects of the kinds a workload's policies take.
  const reserved = new Map<string, NamespaceObjectName[]>();
  for (const entry of NAMESPACE_OBJECT_NAMES) {
    if (!WORKLOAD_OBJECT_KINDS.includes(entry.kind)) continue;
    const list = reserved.get(entry.name);
    if (list) list.push(entry);
    else reserved.set(entry.name, [entry]);
  }
  for (const w of workloads) {
    const clashes = reserved.get(w.name);
    if (!clashes || !managed.has(w.namespace)) continue;
    const objects = clashes.map((c) => `${c.kind}/${w.namespace}/${c.name} (${c.role})`).join(', ');
    problems.push({
      path: `${w.source}.name`,
      message: `"${w.name}" is reserved: namespace "${w.namespace}" (${namespacePath(w.namespace)}) has its own ${objects}, and the workload's policies, named after it, would replace ${clashes.length === 1 ? 'it' : 'them'} on apply (kubectl keeps one object per kind, namespace and name) and undo the namespace's protection. Rename the workload; to keep its pods, set selector, serviceAccount and serviceName, which default to the name`,
    });
  }

  // Secrets: each CA's Secret in the PKI namespace, and each workload's certificate Secret, once.
  const claims = new Map<string, { path: string; what: string }>();
  const claim = (namespace: string, name: string, path: string, what: string, isWorkload: boolean): void => {
    const key = `${namespace}/${name}`;
    const earlier = claims.get(key);
    if (!earlier) {
      claims.set(key, { path, what });
      return;
    }
    if (isWorkload && earlier.what === WORKLOAD_SECRET) return; // two workloads: reported where they resolve (resolveTls)
    problems.push({
      path,
      message: isWorkload
        ? `Secret "${name}" in namespace "${namespace}" is ${earlier.what} (${earlier.path}); the workload's Certificate of that name would replace the CA's and write a leaf key into its Secret (or hand the workload the CA's key). Choose another secretName (it defaults to "<workload>-tls")`
        : `Secret "${name}" in namespace "${namespace}" is already ${earlier.what} (${earlier.path}); two CAs cannot share a Secret (the second would overwrite the first's key). Give it its own`,
    });
  };
  const rotating = pki.rotation !== undefined && pki.rotation.phase !== 'trust-both';
  const chains: Array<{ chain: ResolvedIssuerChain; path: string }> = [{ chain: pki, path: rotating ? 'pki.rotation.newRoot' : 'pki.root' }];
  if (pki.rotation?.otherChain) chains.push({ chain: pki.rotation.otherChain, path: rotating ? 'pki.root' : 'pki.rotation.newRoot' });
  // Old chain first, as issuerChain emits them, so the message names the later declaration.
  if (chains.length === 2 && rotating) chains.reverse();
  for (const { chain, path } of chains) {
    const root = chain.root;
    if (root.type === 'selfSigned') claim(pki.namespace, root.certificate.secretName, path, 'the root CA\'s Secret', false);
    else if (root.type === 'secret') claim(pki.namespace, root.secretName, `${path}.secretName`, 'the root CA\'s Secret', false);
    else claim(pki.namespace, root.caSecretName, `${path}.caSecretName`, 'the Vault CA bundle\'s Secret', false);
    if (chain.intermediate) claim(pki.namespace, chain.intermediate.secretName, 'pki.intermediate', 'the intermediate CA\'s Secret', false);
  }
  for (const w of workloads) {
    if (w.tls) claim(w.namespace, w.tls.secretName, `${w.source}.tls.secretName`, WORKLOAD_SECRET, true);
  }
  return problems;
}

const WORKLOAD_SECRET = 'a workload\'s certificate Secret';
