/** Label selectors: Kubernetes `metav1.LabelSelector`, Istio `matchLabels`, and an index for fast lookup. */
import { asArray, asRecord, asStrings } from './objects';

export type Labels = Readonly<Record<string, string>>;

/** A label selector read once, as a test on a pod's labels. */
export type LabelMatcher = (labels: Labels) => boolean;

/** One `matchExpressions` entry; an unknown operator matches nothing (the API server rejects it). */
function expressionMatches(operator: unknown, values: readonly string[], key: string, labels: Labels): boolean {
  const has = Object.prototype.hasOwnProperty.call(labels, key);
  return operator === 'In' ? has && values.includes(labels[key]) :
    operator === 'NotIn' ? !(has && values.includes(labels[key])) :
    operator === 'Exists' ? has :
    operator === 'DoesNotExist' ? !has : false;
}

/** metav1.LabelSelector (`LabelSelectorAsSelector`): matchLabels AND matchExpressions; `{}` matches all. */
export function selectorMatches(selector: unknown, labels: Labels): boolean {
  const sel = asRecord(selector) ?? {};
  for (const [k, v] of Object.entries(asRecord(sel.matchLabels) ?? {})) {
    if (labels[k] !== String(v)) return false;
  }
  for (const raw of asArray(sel.matchExpressions) ?? []) {
    const expr = asRecord(raw) ?? {};
    if (!expressionMatches(expr.operator, asStrings(expr.values) ?? [], String(expr.key), labels)) return false;
  }
  return true;
}

/** `selectorMatches` with the selector read once: for selectors tested against many pods. */
export function compileSelector(selector: unknown): LabelMatcher {
  const sel = asRecord(selector) ?? {};
  const required = Object.entries(asRecord(sel.matchLabels) ?? {}).map(([k, v]) => [k, String(v)] as const);
  const expressions = (asArray(sel.matchExpressions) ?? []).map((raw) => {
    const expr = asRecord(raw) ?? {};
    return { key: String(expr.key), values: asStrings(expr.values) ?? [], operator: expr.operator };
  });
  if (expressions.length === 0 && required.length === 0) return () => true;
  if (expressions.length === 0 && required.length === 1) {
    const [[key, value]] = required;
    return (labels) => labels[key] === value;
  }
  return (labels) => {
    for (const [k, v] of required) if (labels[k] !== v) return false;
    for (const { key, values, operator } of expressions) if (!expressionMatches(operator, values, key, labels)) return false;
    return true;
  };
}

/** `matchLabels` of a selector as strings, or undefined when it has none. */
export function matchLabelsOf(selector: unknown): Record<string, string> | undefined {
  const ml = asRecord(asRecord(selector)?.matchLabels);
  if (!ml || Object.keys(ml).length === 0) return undefined;
  return Object.fromEntries(Object.entries(ml).map(([k, v]) => [k, String(v)]));
}

/** A selector that is only `matchLabels` (no expressions): what we can turn into a workload. */
export function plainMatchLabels(selector: unknown): Record<string, string> | undefined {
  const sel = asRecord(selector);
  if (!sel || (asArray(sel.matchExpressions) ?? []).length > 0) return undefined;
  return matchLabelsOf(sel);
}

export function subsetOf(matchLabels: Labels, labels: Labels): boolean {
  for (const k in matchLabels) if (labels[k] !== matchLabels[k]) return false;
  return true;
}

/**
 * Items filed under one `key=value` of their selector (or under "all" when they have none), so that
 * finding the items whose selector may match a pod costs one lookup per pod label instead of a scan.
 * Callers still verify the full selector.
 */
export class SelectorIndex<T> {
  private readonly all: T[] = [];
  private readonly byLabel = new Map<string, T[]>();

  public add(matchLabels: Labels | undefined, item: T): void {
    const keys = matchLabels ? Object.keys(matchLabels).sort() : [];
    if (keys.length === 0) {
      this.all.push(item);
      return;
    }
    const key = `${keys[0]}=${matchLabels![keys[0]]}`;
    const list = this.byLabel.get(key);
    if (list) list.push(item);
    else this.byLabel.set(key, [item]);
  }

  /** Items that may select a pod with `labels`, in insertion order per bucket. */
  public candidates(labels: Labels): T[] {
    const out = [...this.all];
    for (const [k, v] of Object.entries(labels)) {
      const list = this.byLabel.get(`${k}=${v}`);
      if (list) out.push(...list);
    }
    return out;
  }
}

/**
 * Pods (items with labels) filed under each of their `key=value` pairs, so that a selector finds its
 * pods through its rarest label.
 */
export class PodIndex<T extends { labels: Labels }> {
  private readonly items: T[] = [];
  private readonly byLabel = new Map<string, T[]>();

  public add(item: T): void {
    this.items.push(item);
    for (const [k, v] of Object.entries(item.labels)) {
      const key = `${k}=${v}`;
      const list = this.byLabel.get(key);
      if (list) list.push(item);
      else this.byLabel.set(key, [item]);
    }
  }

  public get size(): number {
    return this.items.length;
  }

  /** Whether some item has every label of `matchLabels` (non-empty): `select({ matchLabels }).length > 0`, without the list. */
  public hasMatch(matchLabels: Labels): boolean {
    return this.poolFor(matchLabels).some((item) => subsetOf(matchLabels, item.labels));
  }

  /** Items selected by a metav1.LabelSelector. */
  public select(selector: unknown): T[] {
    const ml = matchLabelsOf(selector);
    // Read once, then tested on each pod of the pool (`compileSelector` answers as `selectorMatches` does).
    const matches = compileSelector(selector);
    return (ml ? this.poolFor(ml) : this.items).filter((item) => matches(item.labels));
  }

  /** The items filed under the rarest of these labels: a superset of those that have them all. */
  private poolFor(matchLabels: Labels): readonly T[] {
    let pool = this.items;
    for (const k in matchLabels) {
      const list = this.byLabel.get(`${k}=${matchLabels[k]}`) ?? [];
      if (list.length < pool.length) pool = list;
    }
    return pool;
  }
}
