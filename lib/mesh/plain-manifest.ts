import type { IntOrString } from 'cdk8s-plus-28/lib/imports/k8s';
import type { PrometheusRuleSpecGroupsRulesExpr } from '../../imports/monitoring.coreos.com';
import type { K8sObject } from '../k8s-object';

/**
 * Props keys that the generated `toJson_*` functions write under another JSON key: the importer camel-cases CRD field
 * names (`isCA` → `isCa`), and `<L1>.manifest(props)` writes them back. Only keys of fields the emitters write are
 * listed; test/mesh/manifest.test.ts fails when an emitted field is missing here, because the generated code would
 * then write it under a different key.
 */
export const JSON_KEY_OF_PROP = { isCa: 'isCA' } as const;

type JsonKeyOfProp = typeof JSON_KEY_OF_PROP;

/** The generated union wrappers the emitted kinds use (`IntOrString.fromNumber(53)`): the generated code writes their `value`. */
type UnionWrapper = IntOrString | PrometheusRuleSpecGroupsRulesExpr;

/**
 * The JSON that `<L1>.manifest(props)` writes for props of type `P`, as a type: keys renamed as in `JSON_KEY_OF_PROP`,
 * union wrappers as their value, string enums as their values (`'ISTIO_MUTUAL'` for
 * `DestinationRuleSpecTrafficPolicyTlsMode.ISTIO_UNDERSCORE_MUTUAL`). Object literals are checked against it like
 * against the props (unknown keys and wrong enum values do not compile), so the emitters write the JSON directly
 * and stay checked against the CRD, without loading the generated classes or cdk8s at run time.
 */
export type ManifestJson<P> =
  P extends UnionWrapper ? P['value']
    : P extends string ? `${P}`
      : P extends readonly (infer Item)[] ? ManifestJson<Item>[]
        : P extends object ? { [K in keyof P as K extends keyof JsonKeyOfProp ? JsonKeyOfProp[K] : K]: ManifestJson<P[K]> }
          : P;

/** A kind the mesh emits: its apiVersion and kind, and (as a type only) the props of its generated L1 class. */
export interface EmittedKind<Props> {
  readonly apiVersion: string;
  readonly kind: string;
  /** Never set: carries the props type, so `plainManifest(kind, json)` checks `json` against that kind's props. */
  readonly props?: Props;
}

/**
 * An object of `kind` from its JSON: what `<L1>.manifest(props)` returns for the equivalent props (test/mesh/manifest.test.ts
 * proves it for every kind in lib/mesh/kinds.ts), without the generated `toJson_*` functions, which rebuild every
 * object with reduce + spread per key (most of emitting a 5,000-workload mesh, docs/performance.md).
 *
 * `json` becomes part of the object as it is: emitters build it fresh per object (no member shared with the
 * resolved mesh or another object) and without `undefined` members, as the generated code would write it.
 */
export function plainManifest<Props>(kind: EmittedKind<Props>, json: NoInfer<ManifestJson<Props>>): K8sObject {
  return { apiVersion: kind.apiVersion, kind: kind.kind, ...(json as object) } as K8sObject;
}
