/**
 * PeerAuthentication (security.istio.io v1 / v1beta1): the effective server-side mTLS mode of a workload
 * port, following `ComposePeerAuthentication` (pilot/pkg/security/authn/policy_applier.go) and
 * `getConfigsForWorkload` (pilot/pkg/model/authentication.go).
 */
import type { K8sObject } from '../../lib/k8s-object';
import type { Cluster, MtlsMode, Pod } from './types';
import { rootNamespaceOf } from './types';
import { asRecord, byAge, namespaceOf, objectsOf, ref, specOf } from './objects';
import { istioMatchLabels, subsetOf } from './label-selector';

/** `mtls.mode` as a definite mode, or undefined for UNSET / absent / unknown ("inherit from parent"). */
function modeOf(mtls: unknown): MtlsMode | undefined {
  const mode = asRecord(mtls)?.mode;
  return mode === 'STRICT' || mode === 'PERMISSIVE' || mode === 'DISABLE' ? mode : undefined;
}

export interface PeerAuthenticationLevels {
  mesh?: K8sObject;
  namespace?: K8sObject;
  workload?: K8sObject;
}

/**
 * The single policy chosen at each level for `pod`:
 * - candidates are PAs in the pod's namespace and in the root namespace (getConfigsForWorkload), whose
 *   selector is empty or a subset of the pod labels;
 * - selector-less (no selector or `matchLabels: {}`) in the root namespace → mesh level;
 * - selector-less elsewhere → namespace level;
 * - with selector and `cfg.Namespace != rootNamespace` → workload level. A selector-bearing PA in the
 *   root namespace is ignored, even for pods in the root namespace (proto: "ignored when deployed in
 *   the root namespace").
 * Only one policy per level: the oldest by creationTimestamp (`Before`), ties broken by name ascending
 * (Istio sorts configs by creation time, then name, then namespace). Absent timestamps count as equal.
 */
export function peerAuthenticationLevels(cluster: Cluster, pod: Pod): PeerAuthenticationLevels {
  const root = rootNamespaceOf(cluster);
  const candidates = objectsOf(cluster.objects, 'security.istio.io', 'PeerAuthentication')
    .filter((pa) => namespaceOf(pa) === pod.namespace || namespaceOf(pa) === root)
    .sort(byAge);
  const levels: PeerAuthenticationLevels = {};
  for (const pa of candidates) {
    const ml = istioMatchLabels(specOf(pa).selector);
    if (ml === undefined) {
      if (namespaceOf(pa) === root) levels.mesh ??= pa;
      else levels.namespace ??= pa;
    } else if (namespaceOf(pa) !== root && subsetOf(ml, pod.labels)) {
      levels.workload ??= pa;
    }
  }
  return levels;
}

/**
 * Effective mode for `pod` on container `port`: start PERMISSIVE (no PA at all → PERMISSIVE), then
 * mesh → namespace → workload, each overriding its parent unless UNSET/absent; finally the workload
 * policy's `portLevelMtls[port]` (keyed by the container port), where UNSET inherits the workload result.
 * portLevelMtls on a selector-less PA is invalid and ignored (only the workload level is consulted).
 *
 * This is the configured mode; whether it is enforced depends on the pod having a sidecar (see mtls.ts).
 */
export function effectiveMtlsMode(cluster: Cluster, pod: Pod, port: number): MtlsMode {
  return explainMtlsMode(cluster, pod, port).mode;
}

export function explainMtlsMode(cluster: Cluster, pod: Pod, port: number): { mode: MtlsMode; reason: string } {
  const levels = peerAuthenticationLevels(cluster, pod);
  let mode: MtlsMode = 'PERMISSIVE';
  let reason = 'no PeerAuthentication applies: PERMISSIVE';
  for (const level of ['mesh', 'namespace', 'workload'] as const) {
    const pa = levels[level];
    if (!pa) continue;
    const m = modeOf(specOf(pa).mtls);
    if (m) {
      mode = m;
      reason = `${ref(pa)} (${level} level): ${m}`;
    }
  }
  if (levels.workload) {
    const portLevel = asRecord(specOf(levels.workload).portLevelMtls);
    const entry = portLevel?.[String(port)];
    if (entry !== undefined) {
      const m = modeOf(entry);
      if (m) {
        mode = m;
        reason = `${ref(levels.workload)} portLevelMtls[${port}]: ${m}`;
      }
    }
  }
  return { mode, reason };
}
