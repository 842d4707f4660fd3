import type { K8sObject } from '../k8s-object';
import type { ObjectIndex } from './object-index';

/** How bad a finding is: `error` breaks traffic or is rejected by a webhook, `warning` is likely wrong, `info` is worth knowing. */
export type Severity = 'error' | 'warning' | 'info';

export const SEVERITIES: readonly Severity[] = ['error', 'warning', 'info'];

/** Rank for `failOn` comparisons: a finding counts when its rank is at least the threshold's. */
export function severityRank(s: Severity): number {
  return s === 'error' ? 3 : s === 'warning' ? 2 : 1;
}

/** What a rule is, independent of any objects: the source of docs/rules.md, SARIF rule metadata and plugin output. */
export interface RuleMeta {
  /** Stable, searchable ID: `SM-<AREA>-<NNN>` (areas: IS Istio, CM cert-manager, NP NetworkPolicy, KN Knative, KS KServe, MM ModelMesh, MS Mayastor, KA Kubernetes API, SC schema, SP suppressions). */
  readonly id: string;
  readonly severity: Severity;
  /** One line: what is wrong (cdk-nag's `info`). */
  readonly title: string;
  /** Why it breaks and how to fix it (cdk-nag's `explanation`); Markdown allowed. */
  readonly explanation: string;
  /** Upstream threads and docs the rule is derived from. */
  readonly sources: readonly string[];
}

/** One problem a rule found: the object it is reported on, a message naming the objects involved, and those objects. */
export interface Violation {
  readonly object: K8sObject;
  readonly message: string;
  /** Other objects taking part (shown in the output, located in SARIF). */
  readonly related?: readonly K8sObject[];
}

/** Options every rule may read. */
export interface PackOptions {
  /**
   * Istio's `meshConfig.rootNamespace`: where mesh-wide policies live.
   * @default "istio-system"
   */
  readonly rootNamespace?: string;
}

export interface RuleContext {
  /** The objects as `kubectl apply` leaves them: one per identity (group, kind, namespace, name), the last applied. */
  readonly index: ObjectIndex;
  /** Every object as read, repeated identities included (SM-KA-003); other rules read `index`. */
  readonly manifests?: readonly K8sObject[];
  /**
   * Whether two of `manifests` share an identity, as `asApplied` found while building `index` (`false`: none does, so
   * SM-KA-003 has no identity to compare). Undefined when not known: rules then look for themselves.
   */
  readonly identitiesRepeat?: boolean;
  readonly rootNamespace: string;
}

/** A rule: metadata plus one small pure function over the indexed objects. */
export interface Rule extends RuleMeta {
  check(ctx: RuleContext): Iterable<Violation>;
}
