import type { Finding } from '../checks/finding';
import { formatPackError } from '../checks/pack-errors';
import { formatViolation, type SchemaViolation } from '../checks/schema';
import { capEchoes, quoted } from '../model/echo';
import type { ObjectOrigin } from './object-origins';

/** Where findings look an object's origin up: the map of one synthesis, or a chart's merged maps. */
export interface OriginLookup {
  get(ref: string): ObjectOrigin | undefined;
}

/**
 * Findings on our own output, told in the user's terms. The rule pack and the schemas judge emitted objects, so their
 * messages name objects the user never wrote (`DestinationRule/shop/job … set mode ISTIO_MUTUAL`) and advice that
 * cannot be applied to a definition. Synthesis knows which definition field each object comes from
 * (object-origins.ts): each refusal names that field (located in the mesh file for the CLI) and, where a rule's cause
 * can be read off the definition, says what to change there.
 */

/** How definition paths are shown: as they are for the library, in the mesh file (`spec.…`, file:line) for the CLI. */
export interface DefinitionPaths {
  /** Where a field is, heading a refusal: `workloads[1]`, or `mesh.yaml:8:7: spec.workloads[1]`. */
  readonly locate: (path: string) => string;
  /** A field named inside a sentence: `namespaces[0]`, or `spec.namespaces[0]`. */
  readonly name: (path: string) => string;
}

const AS_IS: DefinitionPaths = { locate: (path) => path, name: (path) => path };

/** `workloads[1] (name "job", namespace "shop")`, located; undefined for an object synthesis did not emit. */
function definitionField(ref: string, origins: OriginLookup, paths: DefinitionPaths): { field: string; origin: ObjectOrigin } | undefined {
  const origin = origins.get(ref);
  if (!origin) return undefined;
  const added = origin.written ? '' : ', added by that integration section';
  return { field: `${paths.locate(origin.path)}${origin.label ? ` (${origin.label}${added})` : ''}`, origin };
}

/**
 * A rule finding as synthesis reports it. On an object synthesis emitted, with advice the rule can give in definition
 * terms: the definition field and that advice first, the object-level finding after it as evidence. Without such
 * advice: the finding, then the definition field it comes from. On other objects (added next to the mesh): as is.
 */
export function findingInDefinitionTerms(f: Finding, origins: OriginLookup, paths: DefinitionPaths = AS_IS): string {
  const line = formatPackError(f);
  const at = definitionField(f.object, origins, paths);
  if (!at) return line;
  const advice = ADVICE[f.ruleId]?.(at.origin, paths.name);
  if (advice) return `[${f.ruleId}] ${at.field}: ${advice}\n      found on the generated ${line.slice(f.ruleId.length + 3)}`;
  return `${line}\n      definition field: ${at.field}`;
}

/** A schema violation of an emitted object, with the definition field it comes from. */
export function violationInDefinitionTerms(v: SchemaViolation, origins: OriginLookup, paths: DefinitionPaths = AS_IS): string {
  const line = capEchoes(formatViolation(v));
  const at = definitionField(v.object, origins, paths);
  return at ? `${line}\n      definition field: ${at.field}` : line;
}

/**
 * Advice in definition terms, per rule, from what the definition says about the object's origin. A rule without an
 * entry still gets the definition field.
 */
const ADVICE: Readonly<Record<string, (origin: ObjectOrigin, name: (path: string) => string) => string | undefined>> = {
  // SM-IS-009: a DestinationRule sends plaintext to a host STRICT covers. We write DISABLE exactly where the
  // destination has no sidecar (istio/destination-rules.ts), so the definition asks for a sidecar-less destination
  // inside STRICT mTLS: a pod without a sidecar can only be called in plaintext, which STRICT refuses.
  'SM-IS-009': (origin, name) => {
    const w = origin.workload;
    if (w && !w.sidecar && origin.written) {
      const ns = origin.namespacePath ? `namespace ${quoted(w.namespace)} (${name(origin.namespacePath)})` : `namespace ${quoted(w.namespace)}`;
      const cause = w.hostNetwork ? 'runs on the host network (hostNetwork: true), so it has no sidecar' : 'runs without a sidecar (sidecar: false)';
      const join = w.hostNetwork ? 'run it off the host network (remove hostNetwork: true) so it gets a sidecar' : 'remove sidecar: false so it joins the mesh';
      return `the workload ${cause} in ${ns}, whose mTLS mode is STRICT: its callers can only send it plaintext, which STRICT refuses. Either ${join}, or set mtls: PERMISSIVE on ${ns} to accept plaintext there, or move the workload to a namespace without STRICT`;
    }
    const n = origin.namespace;
    if (n && !n.sidecar && origin.written) {
      return `the namespace has no sidecars (sidecarInjection: false) but its mTLS mode is STRICT (its mtls, or istio.mtls when unset): its callers are told to send plaintext, which STRICT refuses. Set mtls: PERMISSIVE or DISABLE on it (without sidecars nothing there enforces STRICT), or set sidecarInjection: true`;
    }
    // An integration's namespace (or workload) without sidecars under the mesh's STRICT: a declaration of the namespace
    // in the definition takes precedence over the integration's (integrations/expansion.ts ensureNamespace).
    if (n && !origin.written) {
      return `it runs without sidecars in namespace ${quoted(n.name)}, whose mTLS mode is STRICT, so its callers can only send plaintext, which STRICT refuses. Declare the namespace under namespaces with the mode it needs, e.g. { name: ${quoted(n.name)}, sidecarInjection: false, mtls: PERMISSIVE }`;
    }
    if (w && !w.sidecar && !origin.written) {
      return `it runs without a sidecar in namespace ${quoted(w.namespace)}, whose mTLS mode is STRICT, so its callers can only send plaintext, which STRICT refuses. Set mtls: PERMISSIVE on namespace ${quoted(w.namespace)} under namespaces`;
    }
    return undefined;
  },
};
