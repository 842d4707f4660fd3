/**
 * Kubernetes label selectors (metav1.LabelSelector) and Istio `matchLabels`-only selectors.
 */
import type { Cluster } from './types';
import { asArray, asRecord, asStringArray } from './objects';

/**
 * metav1.LabelSelector semantics (k8s.io/apimachinery/pkg/apis/meta/v1 LabelSelectorAsSelector):
 * matchLabels and matchExpressions are ANDed; an empty selector `{}` matches everything.
 * Operators: In (value in values), NotIn (key absent or value not in values), Exists, DoesNotExist.
 * An unknown operator matches nothing (the API server would reject it).
 */
export function labelSelectorMatches(selector: unknown, labels: Readonly<Record<string, string>>): boolean {
  const sel = asRecord(selector) ?? {};
  const matchLabels = asRecord(sel.matchLabels) ?? {};
  for (const [k, v] of Object.entries(matchLabels)) {
    if (labels[k] !== String(v)) return false;
  }
  for (const raw of asArray(sel.matchExpressions) ?? []) {
    const expr = asRecord(raw) ?? {};
    const key = String(expr.key);
    const values = asStringArray(expr.values) ?? [];
    const has = Object.prototype.hasOwnProperty.call(labels, key);
    switch (expr.operator) {
      case 'In':
        if (!has || !values.includes(labels[key])) return false;
        break;
      case 'NotIn':
        if (has && values.includes(labels[key])) return false;
        break;
      case 'Exists':
        if (!has) return false;
        break;
      case 'DoesNotExist':
        if (has) return false;
        break;
      default:
        return false;
    }
  }
  return true;
}

/**
 * Istio workload selector (`selector.matchLabels` / `workloadSelector.matchLabels`): a subset test.
 * Returns `undefined` when the selector is absent or has no labels, which Istio treats as "no selector"
 * (`len(spec.Selector.MatchLabels) == 0`).
 */
export function istioMatchLabels(selector: unknown): Record<string, string> | undefined {
  const ml = asRecord(asRecord(selector)?.matchLabels);
  if (!ml || Object.keys(ml).length === 0) return undefined;
  return Object.fromEntries(Object.entries(ml).map(([k, v]) => [k, String(v)]));
}

export function subsetOf(matchLabels: Readonly<Record<string, string>>, labels: Readonly<Record<string, string>>): boolean {
  return Object.entries(matchLabels).every(([k, v]) => labels[k] === v);
}

/**
 * Labels of a namespace: those given in the cluster plus `kubernetes.io/metadata.name: <name>`, which the
 * API server sets on every namespace (NamespaceDefaultLabelName, Kubernetes ≥ 1.21). A namespace the
 * cluster does not list has only that label.
 */
export function namespaceLabels(cluster: Cluster, name: string): Record<string, string> {
  const ns = cluster.namespaces.find((n) => n.name === name);
  return { ...(ns?.labels ?? {}), 'kubernetes.io/metadata.name': name };
}
