/**
 * PeerAuthentication precedence for arbitrary manifests (Istio 1.30 `ComposePeerAuthentication`,
 * pilot/pkg/security/authn/policy_applier.go, and `getConfigsForWorkload`, pilot/pkg/model/authentication.go).
 * The one implementation the rule pack (lib/checks/rules) and the connectivity report (lib/report/mtls.ts) share;
 * the independent evaluator in test/evaluator keeps its own copy on purpose, as a second reading to test against.
 *
 * - One policy per level: mesh (selector-less, in the root namespace), namespace (selector-less, elsewhere) and
 *   workload (a selector matching the pod's labels; a selector in the root namespace is ignored, peer_authentication.proto).
 * - When several policies compete for a level, the oldest wins, in Istio's config order (lib/report/objects.ts `byAge`).
 * - The mode is the workload's, else the namespace's, else the mesh's (UNSET inherits), else PERMISSIVE; the workload
 *   policy's `portLevelMtls[port]` overrides it on that port.
 */
import type { K8sObject } from '../k8s-object';
import { byAge } from '../report/objects';
import { asRecord, selectorsOverlap } from './object-index';
import { userKeyed } from '../own-key';

/** An effective PeerAuthentication mode. */
export type MtlsMode = 'STRICT' | 'PERMISSIVE' | 'DISABLE';

/**
 * Where the PeerAuthentications of a namespace are found. The rule pack's ObjectIndex is one; the report keeps its
 * own (it reads only `security.istio.io` objects and files objects without a namespace under `default`).
 */
export interface PeerAuthenticationLookup {
  inNamespace(kind: 'PeerAuthentication', namespace: string): readonly K8sObject[];
}

/** The policies that decide a pod's mode, one per level. */
export interface PeerAuthenticationLevels {
  readonly mesh?: K8sObject;
  readonly namespace?: K8sObject;
  readonly workload?: K8sObject;
}

/** The mode a pod is served with, and what set it (`level` undefined: no policy sets a mode, Istio's PERMISSIVE default). */
export interface EffectiveMode {
  readonly mode: MtlsMode;
  readonly level?: 'mesh' | 'namespace' | 'workload' | 'port';
  readonly policy?: K8sObject;
}

function modeOf(mtls: unknown): MtlsMode | undefined {
  const mode = asRecord(mtls).mode;
  return mode === 'STRICT' || mode === 'PERMISSIVE' || mode === 'DISABLE' ? mode : undefined;
}

/** The mode a PeerAuthentication sets at its level, or undefined for UNSET (inherit). */
export function paMode(pa: K8sObject): MtlsMode | undefined {
  return modeOf(asRecord(pa.spec).mtls);
}

/** Port-level modes of a workload PeerAuthentication: `{ "8080": "PERMISSIVE" }` (UNSET entries left out). */
export function paPortModes(pa: K8sObject): Record<string, MtlsMode> {
  const out = userKeyed<MtlsMode>();
  for (const [port, v] of Object.entries(asRecord(asRecord(pa.spec).portLevelMtls))) {
    const mode = modeOf(v);
    if (mode) out[port] = mode;
  }
  return out;
}

/** `spec.selector.matchLabels` as strings, or undefined when it is absent or empty (Istio: no selector). */
export function paSelector(pa: K8sObject): Record<string, string> | undefined {
  const labels = asRecord(asRecord(asRecord(pa.spec).selector).matchLabels);
  const keys = Object.keys(labels);
  if (keys.length === 0) return undefined;
  const out = userKeyed<string>();
  for (const k of keys) out[k] = String(labels[k]);
  return out;
}

/** The policy Istio applies among several at one level: the oldest in its config order. */
export function oldest(policies: readonly K8sObject[]): K8sObject | undefined {
  let best: K8sObject | undefined;
  for (const p of policies) if (!best || byAge(p, best) < 0) best = p;
  return best;
}

/** Selector-less PeerAuthentications of a namespace (mesh-level when it is the root namespace). */
export function levelPolicies(lookup: PeerAuthenticationLookup, namespace: string): K8sObject[] {
  return lookup.inNamespace('PeerAuthentication', namespace).filter((pa) => !paSelector(pa));
}

/**
 * The policy of each level for pods of `namespace` with `labels`; without labels, the namespace-wide levels only
 * (what pods without a workload policy get).
 */
export function levelsFor(
  lookup: PeerAuthenticationLookup, rootNamespace: string, namespace: string, labels?: Readonly<Record<string, string>>,
): PeerAuthenticationLevels {
  const mesh = oldest(levelPolicies(lookup, rootNamespace));
  if (namespace === rootNamespace) return { mesh };
  const candidates = labels === undefined ? [] : lookup.inNamespace('PeerAuthentication', namespace).filter((pa) => {
    const selector = paSelector(pa);
    return selector !== undefined && Object.keys(selector).every((k) => labels[k] === selector[k]);
  });
  return { mesh, namespace: oldest(levelPolicies(lookup, namespace)), workload: oldest(candidates) };
}

/** The mode the levels give on `port` (a container port; omitted: the pod-wide mode). */
export function effectiveMode(levels: PeerAuthenticationLevels, port?: number | string): EffectiveMode {
  let result: EffectiveMode = { mode: 'PERMISSIVE' };
  for (const level of ['mesh', 'namespace', 'workload'] as const) {
    const pa = levels[level];
    const mode = pa && paMode(pa);
    if (pa && mode) result = { mode, level, policy: pa };
  }
  const workload = levels.workload;
  if (workload && port !== undefined) {
    const mode = modeOf(asRecord(asRecord(workload.spec).portLevelMtls)[String(port)]);
    if (mode) result = { mode, level: 'port', policy: workload };
  }
  return result;
}

/**
 * The namespace-wide mode Istio applies in `namespace`: its own selector-less policy, else the mesh policy in the root
 * namespace, else PERMISSIVE (Istio's default) when a mesh policy is known. `undefined` when the manifests contain no
 * PeerAuthentication that decides it (the cluster may have one).
 */
export function namespaceMode(lookup: PeerAuthenticationLookup, rootNamespace: string, namespace: string): { mode: MtlsMode; policy?: K8sObject } | undefined {
  const levels = levelsFor(lookup, rootNamespace, namespace);
  const effective = effectiveMode(levels);
  if (effective.policy) return { mode: effective.mode, policy: effective.policy };
  const known = levels.namespace ?? levels.mesh;
  return known ? { mode: 'PERMISSIVE', policy: known } : undefined;
}

/**
 * Every mode the pods selected by `selector` in `namespace` may be served with (namespace level, plus any workload
 * policy that can select the same pods, port-level modes included), with the policy that sets it.
 */
export function possibleModes(
  lookup: PeerAuthenticationLookup, rootNamespace: string, namespace: string, selector: Readonly<Record<string, string>> | undefined,
): { mode: MtlsMode; policy?: K8sObject; port?: string }[] {
  const out: { mode: MtlsMode; policy?: K8sObject; port?: string }[] = [];
  const base = namespaceMode(lookup, rootNamespace, namespace);
  if (base) out.push(base);
  if (namespace === rootNamespace) return out;
  for (const pa of lookup.inNamespace('PeerAuthentication', namespace)) {
    const paLabels = paSelector(pa);
    if (!paLabels || !selectorsOverlap(paLabels, selector)) continue;
    const mode = paMode(pa);
    if (mode) out.push({ mode, policy: pa });
    for (const [port, m] of Object.entries(paPortModes(pa))) out.push({ mode: m, policy: pa, port });
  }
  return out;
}
