import type { EnforcementMode, MtlsMode } from '../model/definition';
import type { ResolvedMesh } from '../model/resolved';
import { ENFORCEMENT_ANNOTATION } from '../mesh/metadata';
import { DRY_RUN_ANNOTATION } from './wellknown';

/**
 * What `enforcement: audit` changes in the Istio layer, in one place: AuthorizationPolicies become dry runs and
 * STRICT becomes PERMISSIVE (a dry run of STRICT does not exist; PERMISSIVE accepts mTLS and plaintext alike, so the
 * ISTIO_MUTUAL our DestinationRules send still works while plaintext callers are no longer refused).
 */
export function isAudited(x: { readonly enforcement: EnforcementMode }): boolean {
  return x.enforcement === 'audit';
}

/** The server-side mTLS mode emitted for a declared mode: STRICT refuses plaintext, so audit relaxes it. */
export function emittedMtlsMode<M extends MtlsMode | 'UNSET'>(mode: M, enforcement: EnforcementMode): M | 'PERMISSIVE' {
  return enforcement === 'audit' && mode === 'STRICT' ? 'PERMISSIVE' : mode;
}

/**
 * A PeerAuthentication that audit relaxed from STRICT says so (`secure-mesh.io/enforcement: audit`), so reviewers and
 * the rule pack (SM-IS-028) tell a deliberate rollout step from a weak mesh-wide mode.
 */
export function auditAnnotations(mode: MtlsMode | 'UNSET', enforcement: EnforcementMode): Record<string, string> | undefined {
  return enforcement === 'audit' && mode === 'STRICT' ? { [ENFORCEMENT_ANNOTATION]: 'audit' } : undefined;
}

/** Annotations of an ALLOW/DENY AuthorizationPolicy in a namespace with this enforcement (undefined: none). */
export function dryRunAnnotations(enforcement: EnforcementMode, annotations?: Record<string, string>): Record<string, string> | undefined {
  if (enforcement !== 'audit') return annotations;
  return { ...(annotations ?? {}), [DRY_RUN_ANNOTATION]: 'true' };
}

/** Go's `strconv.ParseBool` true values, with which Istio reads the dry-run annotation. */
const PARSE_BOOL_TRUE: ReadonlySet<string> = new Set(['1', 't', 'T', 'TRUE', 'true', 'True']);

/**
 * Whether an AuthorizationPolicy (ours or anyone's) is a dry run, which refuses nothing: an ALLOW or DENY policy
 * whose `istio.io/dry-run` annotation parses as true (pilot `isDryRun`; other actions reject the annotation).
 * Checks and reports that judge what is enforced skip these.
 */
export function isDryRunPolicy(ap: { readonly metadata: { readonly annotations?: Readonly<Record<string, string>> }; readonly spec?: unknown }): boolean {
  const value = ap.metadata.annotations?.[DRY_RUN_ANNOTATION];
  if (value === undefined || !PARSE_BOOL_TRUE.has(value)) return false;
  const action = (ap.spec as { action?: unknown } | undefined)?.action ?? 'ALLOW';
  return action === 'ALLOW' || action === 'DENY';
}

const auditedCache = new WeakMap<ResolvedMesh, readonly string[]>();

/**
 * The managed namespaces in audit, in definition order (once per mesh: every namespace's policies ask). Enforced
 * namespaces open their egress towards them (NetworkPolicy and Sidecar scope), so an enforced caller's own egress
 * does not refuse what an audited destination only logs.
 */
export function auditedNamespaces(mesh: ResolvedMesh): readonly string[] {
  let names = auditedCache.get(mesh);
  if (!names) {
    names = mesh.namespaces.filter((n) => n.managed && isAudited(n)).map((n) => n.name);
    auditedCache.set(mesh, names);
  }
  return names;
}
