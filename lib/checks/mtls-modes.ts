import type { K8sObject } from '../k8s-object';
import { asRecord, matchLabelsOf, selectorsOverlap, type ObjectIndex } from './object-index';

/** An effective PeerAuthentication mode. */
export type MtlsMode = 'STRICT' | 'PERMISSIVE' | 'DISABLE';

/** The mode a PeerAuthentication sets at its level, or undefined for UNSET (inherit). */
export function paMode(pa: K8sObject): MtlsMode | undefined {
  const mode = asRecord(asRecord(pa.spec).mtls).mode;
  return mode === 'STRICT' || mode === 'PERMISSIVE' || mode === 'DISABLE' ? mode : undefined;
}

/** Port-level modes of a workload PeerAuthentication: `{ "8080": "PERMISSIVE" }` (UNSET entries left out). */
export function paPortModes(pa: K8sObject): Record<string, MtlsMode> {
  const out: Record<string, MtlsMode> = {};
  for (const [port, v] of Object.entries(asRecord(asRecord(pa.spec).portLevelMtls))) {
    const mode = asRecord(v).mode;
    if (mode === 'STRICT' || mode === 'PERMISSIVE' || mode === 'DISABLE') out[port] = mode;
  }
  return out;
}

/**
 * Istio applies one PeerAuthentication per level; when several exist the oldest (`creationTimestamp`) wins, and for
 * manifests that don't carry one, the first in the input stands in for the oldest.
 */
export function oldest(policies: readonly K8sObject[]): K8sObject | undefined {
  let best: K8sObject | undefined;
  for (const p of policies) {
    if (!best) best = p;
    else {
      const a = String(best.metadata.creationTimestamp ?? '');
      const b = String(p.metadata.creationTimestamp ?? '');
      if (a && b && b < a) best = p;
    }
  }
  return best;
}

/** Selector-less PeerAuthentications of a namespace (mesh-level when it is the root namespace). */
export function levelPolicies(index: ObjectIndex, namespace: string): K8sObject[] {
  return index.inNamespace('PeerAuthentication', namespace).filter((pa) => !matchLabelsOf(asRecord(pa.spec).selector));
}

/**
 * The namespace-wide mode Istio applies in `namespace`: its own selector-less policy, else the mesh policy in the root
 * namespace, else PERMISSIVE (Istio's default) when a mesh policy is known. `undefined` when the manifests contain no
 * PeerAuthentication that decides it (the cluster may have one).
 */
export function namespaceMode(index: ObjectIndex, rootNamespace: string, namespace: string): { mode: MtlsMode; policy?: K8sObject } | undefined {
  const own = oldest(levelPolicies(index, namespace));
  const ownMode = own && paMode(own);
  if (own && ownMode) return { mode: ownMode, policy: own };
  const mesh = oldest(levelPolicies(index, rootNamespace));
  const meshMode = mesh && paMode(mesh);
  if (mesh && meshMode) return { mode: meshMode, policy: mesh };
  if (mesh || own) return { mode: 'PERMISSIVE', policy: own ?? mesh };
  return undefined;
}

/**
 * Every mode the pods selected by `selector` in `namespace` may be served with (namespace level, plus any workload
 * policy that can select the same pods, port-level modes included), with the policy that sets it.
 */
export function possibleModes(
  index: ObjectIndex, rootNamespace: string, namespace: string, selector: Readonly<Record<string, string>> | undefined,
): { mode: MtlsMode; policy?: K8sObject; port?: string }[] {
  const out: { mode: MtlsMode; policy?: K8sObject; port?: string }[] = [];
  const base = namespaceMode(index, rootNamespace, namespace);
  if (base) out.push(base);
  if (namespace === rootNamespace) return out;
  for (const pa of index.inNamespace('PeerAuthentication', namespace)) {
    const paSelector = matchLabelsOf(asRecord(pa.spec).selector);
    if (!paSelector || !selectorsOverlap(paSelector, selector)) continue;
    const mode = paMode(pa);
    if (mode) out.push({ mode, policy: pa });
    for (const [port, m] of Object.entries(paPortModes(pa))) out.push({ mode: m, policy: pa, port });
  }
  return out;
}
