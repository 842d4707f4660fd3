/**
 * The library's own copy of a definition, taken once where a definition enters (`synthesizeMesh`, and so the
 * `SecureMesh` construct and the integration constructs; `resolveMesh`; `expandIntegrations`).
 *
 * Why: the resolution freezes the objects the resolved mesh keeps (selectors, labels, TLS env names, CIDR
 * exceptions). Frozen in the caller's own definition, a later write in the caller's code threw. And a definition
 * is read several times (structure check, then meaning, then emitters): a getter whose value changes between reads
 * was validated as `10.0.0.0/8` and emitted as `0.0.0.0/0`. The copy reads every property exactly once, so what is
 * validated is what is emitted, and the caller's objects are never written.
 *
 * A definition is plain data (README "The definition"): the copy keeps own enumerable string-keyed properties of
 * objects and the items of arrays; a getter is read once and becomes its value. Keys are copied as data properties,
 * `__proto__` included (a plain assignment would set the copy's prototype instead), so the checks see and refuse them.
 * A definition that refers back to itself (`a.self = a`) cannot be plain data and is refused with the field path.
 *
 * The same pass looks at every string for the characters unsafe-text.ts refuses (controls, bidirectional overrides),
 * so that check costs no second walk over a 5,000-workload definition.
 */
import { SecureMeshError, sortProblems } from './errors';
import { mayHoldUnsafeText, unsafeTextProblems } from './unsafe-text';

/** Copies made here: taking the copy of a copy returns it, so nested entry points copy once. */
const SNAPSHOTS = new WeakSet<object>();
/**
 * Nesting deeper than any definition field goes (the deepest is about 10 levels): refused rather than copied until
 * the stack runs out. A definition that refers back to itself (`a.self = a`) ends here too, and is then told apart.
 */
const MAX_DEPTH = 100;

/** Thrown by the copy when it goes deeper than MAX_DEPTH; `snapshotDefinition` then words the error. */
const TOO_DEEP = Symbol('too deep');

/** The definition as plain data owned by the library; `value` itself when it is one of these copies already. */
export function snapshotDefinition<T>(value: T): T {
  return owned(value, (v) => copy(v, 0));
}

/**
 * What both ways of owning a definition do around their walk (`take`: the copy, or the scan of a fresh tree): the
 * nesting and unsafe-text checks worded as problems, and the result remembered as the library's own.
 */
function owned<T>(value: T, take: (value: object) => unknown): T {
  if (typeof value !== 'object' || value === null || SNAPSHOTS.has(value)) return value;
  let result: T;
  suspicious = false;
  try {
    result = take(value) as T;
  } catch (error) {
    if (error === TOO_DEEP) throw new SecureMeshError([whereTooDeep(value)]);
    throw error;
  }
  if (suspicious) {
    // Some string holds a control or bidirectional character: find which fields (on the result, read once).
    const problems = unsafeTextProblems(result);
    if (problems.length > 0) throw new SecureMeshError(sortProblems(problems));
  }
  SNAPSHOTS.add(result as object);
  return result;
}

/**
 * Marks a definition the library built from one of its copies (the integrations' expansion) as its own: plain data
 * that no caller holds, whose strings come from a checked copy or from the library. `resolveMesh` then reads it
 * without a second copy (18 ms and its garbage at 5,000 workloads).
 */
export function ownedDefinition<T extends object>(value: T): T {
  SNAPSHOTS.add(value);
  return value;
}

/**
 * Takes as the library's own a definition that a reader has just built and nobody else holds (a tree from
 * `JSON.parse` or js-yaml without aliases: plain data, no getters, no shared or cyclic nodes, `__proto__` as an own data
 * property): the checks of `snapshotDefinition` (nesting depth, unsafe text) in one walk, without the copy (about
 * 20 ms and 75,000 objects of garbage at 5,000 workloads). Anything else goes through `snapshotDefinition`.
 */
export function adoptParsedDefinition<T>(value: T): T {
  return owned(value, (v) => {
    scan(v, 0);
    return v;
  });
}

/** `copy`'s checks without the copy, for `adoptParsedDefinition`. */
function scan(item: unknown, depth: number): void {
  if (typeof item === 'string') {
    if (!suspicious && mayHoldUnsafeText(item)) suspicious = true;
    return;
  }
  if (typeof item !== 'object' || item === null) return;
  if (depth >= MAX_DEPTH) throw TOO_DEEP;
  if (Array.isArray(item)) {
    for (let i = 0; i < item.length; i++) scan(item[i], depth + 1);
    return;
  }
  for (const key of Object.keys(item)) scan((item as Record<string, unknown>)[key], depth + 1);
}

/** Set by `copy` when a string may hold a character unsafe-text.ts refuses (checked in the same pass as the copy). */
let suspicious = false;

/**
 * The copy itself, kept lean (no path, no set of enclosing objects: about 75,000 objects at 5,000 workloads, copied
 * on every synth); the path is found only when the copy fails.
 */
function copy(item: unknown, depth: number): unknown {
  if (typeof item === 'string') {
    if (!suspicious && mayHoldUnsafeText(item)) suspicious = true;
    return item;
  }
  if (typeof item !== 'object' || item === null) return item;
  if (depth >= MAX_DEPTH) throw TOO_DEEP;
  if (Array.isArray(item)) {
    const length = item.length;
    const items = new Array<unknown>(length);
    for (let i = 0; i < length; i++) items[i] = copy(item[i], depth + 1);
    return items;
  }
  const record: Record<string, unknown> = {};
  for (const key of Object.keys(item)) {
    const field = copy((item as Record<string, unknown>)[key], depth + 1);
    if (key === '__proto__') Object.defineProperty(record, key, { value: field, enumerable: true, writable: true, configurable: true });
    else record[key] = field;
  }
  return record;
}

/** Why the copy went too deep: the first field whose value encloses it, or else the field nested too deep. */
function whereTooDeep(root: unknown): { path: string; message: string } {
  const keys: (string | number)[] = [];
  const enclosing = new Set<object>();
  const path = () => keys.map((k) => (typeof k === 'number' ? `[${k}]` : `.${k}`)).join('').replace(/^\./, '');
  const walk = (item: unknown): { path: string; message: string } | undefined => {
    if (typeof item !== 'object' || item === null) return undefined;
    if (enclosing.has(item)) return { path: path(), message: 'refers back to an enclosing object: a definition is plain data (a tree), write the value out' };
    if (keys.length >= MAX_DEPTH) return { path: path(), message: `is nested more than ${MAX_DEPTH} levels deep` };
    enclosing.add(item);
    const entries: [string | number, unknown][] = Array.isArray(item) ? item.map((v, i) => [i, v]) : Object.keys(item).map((k) => [k, (item as Record<string, unknown>)[k]]);
    for (const [key, value] of entries) {
      keys.push(key);
      const found = walk(value);
      keys.pop();
      if (found) return found;
    }
    enclosing.delete(item);
    return undefined;
  };
  return walk(root) ?? { path: '', message: `is nested more than ${MAX_DEPTH} levels deep` };
}
