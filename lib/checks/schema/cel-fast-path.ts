/**
 * A fast path for `x-kubernetes-validations` rules: the common rule shapes of the CRDs we emit (`has()` counting,
 * mutual exclusion, `self.all(key, !key.contains("*"))`, `[has(a), has(b)].filter(x, x == true).size() == 1`, …)
 * compiled into one plain JavaScript function per rule over the object as written, without converting it to CEL
 * values or asking cel-js. At 5,000 workloads the validator evaluates ~38,000 rules; with cel-js that was about a
 * third of strict validation, and as a tree of closures (one call per AST node, ints as BigInt) still ~100 ms
 * (docs/performance.md).
 *
 * The function answers only "this rule certainly holds": it returns `true` when cel-js would evaluate the rule to
 * `true` on `toCel(value)`, and `false` whenever it is not sure (a rule that fails, an error, a construct or value it
 * does not model: numbers from the object, doubles, ordering of strings, surrogate pairs, …). The validator then
 * evaluates the rule with cel-js exactly as before, so results and messages come from cel-js alone. Each construct
 * below mirrors cel-js 8 (lib/functions.js, lib/operators.js, lib/macros.js). Anything unsure throws `NOT_SURE` out
 * of the whole evaluation: errors are not absorbed (`a && b` with an error in `a` is "not sure", where CEL may still
 * answer), which only sends more rules to cel-js.
 *
 * Only rules that type-check (cel-js `check()`) get a fast path: a type error fails for every value, and the
 * function does not model types statically.
 *
 * The function's source is generated from the AST: every name in it is ours (`v0` is `self`, `v1`… macro
 * variables), and every string from the rule is a JSON string literal, so no rule text becomes code.
 */

/** A parsed rule as cel-js builds it (`ParseResult.ast`: nodes with `op` and `args`) or as the generator stores it. */
export interface CelAst {
  readonly op: string;
  readonly args: unknown;
}

/** Thrown out of an evaluation the fast path cannot decide. */
const NOT_SURE = Symbol('not sure');
const EMPTY_MAP: Readonly<Record<string, never>> = Object.freeze({});

/** Thrown while compiling a rule the fast path does not model. Not an Error: no stack trace to capture. */
class Unsupported {
  public constructor(public readonly what: string) {}
}

/**
 * The fast path of a rule, or undefined when the rule uses something it does not model (then every evaluation goes
 * to cel-js). The returned function takes `self` as written in the object (not converted) and returns `true` only
 * when the rule certainly holds.
 */
export function compileFastPath(ast: CelAst): ((self: unknown) => boolean) | undefined {
  let body: string;
  try {
    body = expression(ast, ['self']);
  } catch (err) {
    if (err instanceof Unsupported) return undefined;
    throw err;
  }
  // Generated from our AST walk only (see the header): its own function, so V8 optimizes each rule on its own.
  const evaluate = new Function('rt', `"use strict"; return function celFastPath(v0) { return ${body} === true; };`)(RUNTIME) as (self: unknown) => boolean;
  return (self: unknown): boolean => {
    const root = fromData(self);
    if (root === NOT_SURE) return false;
    try {
      return evaluate(root);
    } catch {
      return false; // not sure (or anything unexpected): cel-js decides
    }
  };
}

// ---------------------------------------------------------------------------------------------------------------
// The values the fast path models: strings, booleans, null, lists, maps, and ints as JavaScript numbers (safe
// integers; CEL ints beyond 2^53 are "not sure").

/**
 * A value read from the object: numbers are "not sure" (toCel makes them int or double depending on the schema),
 * BigInts are ints (toCel keeps them), `undefined` is absent (so "not sure" wherever a value is needed).
 */
function fromData(v: unknown): unknown {
  switch (typeof v) {
    case 'string':
    case 'boolean':
      return v;
    case 'bigint':
      return v <= BigInt(Number.MAX_SAFE_INTEGER) && v >= BigInt(Number.MIN_SAFE_INTEGER) ? Number(v) : NOT_SURE;
    case 'object':
      return v; // null, a list, or a map (toCel turns every other object into a map of its own enumerable fields)
    default:
      return NOT_SURE;
  }
}

/**
 * A map the fast path reads: any object but a list, except one with its own `__proto__` field (JSON.parse makes
 * those): toCel assigns it into a plain object, which changes that object's prototype, and what cel-js then sees is
 * not modelled here.
 */
function isMap(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !Object.prototype.hasOwnProperty.call(v, '__proto__');
}

function notSure(): never {
  throw NOT_SURE;
}

/** Code points of a string (cel-js `size`); strings with surrogates (pairs or lone halves) are "not sure". */
function stringSize(s: string): number {
  return /[\uD800-\uDFFF]/.test(s) ? notSure() : s.length;
}

/** The keys CEL sees in a map: toCel drops fields whose value is undefined. */
function mapKeys(map: Record<string, unknown>): string[] {
  const keys = Object.keys(map);
  for (const k of keys) if (map[k] === undefined) return keys.filter((key) => map[key] !== undefined);
  return keys;
}

/** What a macro iterates: list elements, or map keys. */
function elements(v: unknown): unknown[] {
  if (Array.isArray(v)) {
    const out: unknown[] = [];
    for (let i = 0; i < v.length; i++) {
      const item = fromData(v[i]);
      if (item === NOT_SURE) notSure();
      out.push(item);
    }
    return out;
  }
  return isMap(v) ? mapKeys(v) : notSure();
}

/** What generated functions call (`rt.…`); each throws NOT_SURE where the fast path is not sure. */
const RUNTIME = {
  EMPTY_MAP,
  /** `o.key`: an own enumerable field whose value is not undefined (else CEL's "no such key"). */
  select(o: unknown, key: string): unknown {
    if (!isMap(o) || key === '__proto__' || !Object.prototype.propertyIsEnumerable.call(o, key)) notSure();
    const v = fromData(o[key]);
    return v === NOT_SURE ? notSure() : v;
  },
  /** `has(o.key)`: whether toCel keeps the field, whatever its value. */
  has(o: unknown, key: string): boolean {
    if (!isMap(o) || key === '__proto__') notSure();
    return Object.prototype.propertyIsEnumerable.call(o, key) && o[key] !== undefined;
  },
  bool(v: unknown): boolean {
    return typeof v === 'boolean' ? v : notSure();
  },
  int(v: unknown): number {
    return typeof v === 'number' ? v : notSure();
  },
  /** `==` on same-typed scalars; heterogeneous and aggregate equality are left to cel-js. */
  eq(a: unknown, b: unknown): boolean {
    const scalar = typeof a === 'string' || typeof a === 'boolean' || typeof a === 'number' || a === null;
    if (!scalar || (a === null ? b !== null : typeof a !== typeof b)) notSure();
    return a === b;
  },
  add(a: unknown, b: unknown): number {
    const sum = RUNTIME.int(a) + RUNTIME.int(b);
    return Number.isSafeInteger(sum) ? sum : notSure(); // cel-js: overflow error past 2^63; past 2^53, not sure
  },
  size(v: unknown): number {
    if (typeof v === 'string') return stringSize(v);
    if (Array.isArray(v)) return v.length;
    return isMap(v) ? mapKeys(v).length : notSure();
  },
  contains(s: unknown, t: unknown): boolean {
    if (typeof t !== 'string' || /[\uD800-\uDFFF]/.test(t)) notSure();
    return RUNTIME.containsText(s, t);
  },
  /** `s.contains(t)` where `t` is a literal without surrogates (checked when compiling). */
  containsText(s: unknown, t: string): boolean {
    if (typeof s !== 'string' || /[\uD800-\uDFFF]/.test(s)) notSure();
    return s.includes(t);
  },
  /** `int(x)`: ints, and plain decimals, which cel-js's BigInt() parsing reads the same way. */
  toInt(v: unknown): number {
    if (typeof v === 'number') return v;
    return typeof v === 'string' && /^(0|[1-9][0-9]{0,14})$/.test(v) ? Number(v) : notSure();
  },
  all(items: unknown, body: (item: unknown) => unknown): boolean {
    let result = true;
    for (const item of elements(items)) if (!RUNTIME.bool(body(item))) result = false;
    return result;
  },
  exists(items: unknown, body: (item: unknown) => unknown): boolean {
    let result = false;
    for (const item of elements(items)) if (RUNTIME.bool(body(item))) result = true;
    return result;
  },
  filter(items: unknown, body: (item: unknown) => unknown): unknown[] {
    const kept: unknown[] = [];
    for (const item of elements(items)) if (RUNTIME.bool(body(item))) kept.push(item);
    return kept;
  },
};

// ---------------------------------------------------------------------------------------------------------------
// AST → JavaScript expression

function isAst(v: unknown): v is CelAst {
  return typeof v === 'object' && v !== null && typeof (v as CelAst).op === 'string' && 'args' in v;
}

function node(v: unknown): CelAst {
  if (!isAst(v)) throw new Unsupported('not an AST node');
  return v;
}

function nodes(v: unknown): CelAst[] {
  if (!Array.isArray(v)) throw new Unsupported('not a list of AST nodes');
  return v.map(node);
}

/** A JSON string literal (a valid JavaScript string literal) for a string from the rule. */
function stringLiteral(v: unknown): string {
  if (typeof v !== 'string') throw new Unsupported('not a string');
  return JSON.stringify(v);
}

const BINARY: Readonly<Record<string, (l: string, r: string) => string>> = {
  '&&': (l, r) => `(rt.bool(${l}) && rt.bool(${r}))`,
  '||': (l, r) => `(rt.bool(${l}) || rt.bool(${r}))`,
  '==': (l, r) => `rt.eq(${l}, ${r})`,
  '!=': (l, r) => `!rt.eq(${l}, ${r})`,
  // Ints only: string ordering in CEL is by code point, not by UTF-16 unit as in JavaScript.
  '<': (l, r) => `(rt.int(${l}) < rt.int(${r}))`,
  '<=': (l, r) => `(rt.int(${l}) <= rt.int(${r}))`,
  '>': (l, r) => `(rt.int(${l}) > rt.int(${r}))`,
  '>=': (l, r) => `(rt.int(${l}) >= rt.int(${r}))`,
  '+': (l, r) => `rt.add(${l}, ${r})`,
};

/** One node as a JavaScript expression; `scope` names the variables in scope (`v<i>`), innermost last. */
function expression(ast: CelAst, scope: readonly string[]): string {
  const args = ast.args;
  const binary = BINARY[ast.op];
  if (binary) {
    const [l, r] = nodes(args);
    return binary(expression(l, scope), expression(r, scope));
  }
  switch (ast.op) {
    case 'value':
      return literal(args);
    case 'id': {
      const slot = scope.lastIndexOf(String(args));
      if (slot < 0) throw new Unsupported(`variable ${String(args)}`);
      return `v${slot}`;
    }
    case '.': {
      const [obj, key] = args as [unknown, unknown];
      return `rt.select(${expression(node(obj), scope)}, ${stringLiteral(key)})`;
    }
    case '?:': {
      const [c, a, b] = nodes(args);
      return `(rt.bool(${expression(c, scope)}) ? ${expression(a, scope)} : ${expression(b, scope)})`;
    }
    case '!_':
      return `!rt.bool(${expression(node(args), scope)})`;
    case 'list':
      return `[${nodes(args).map((n) => expression(n, scope)).join(', ')}]`;
    case 'map':
      if (Array.isArray(args) && args.length === 0) return 'rt.EMPTY_MAP';
      throw new Unsupported('map literal with entries');
    case 'call':
      return call(args, scope);
    case 'rcall':
      return method(args, scope);
    default:
      throw new Unsupported(`operator ${ast.op}`);
  }
}

function literal(v: unknown): string {
  if (typeof v === 'string') return stringLiteral(v);
  if (typeof v === 'boolean' || v === null) return String(v);
  // Ints are BigInt in cel-js; doubles, uints and bytes are left to it.
  if (typeof v === 'bigint' && v <= BigInt(Number.MAX_SAFE_INTEGER) && v >= BigInt(Number.MIN_SAFE_INTEGER)) return `(${String(v)})`;
  throw new Unsupported('literal');
}

/** `has(x.f)`, `size(x)`, `int(x)`. */
function call(args: unknown, scope: readonly string[]): string {
  const [name, rawArgs] = args as [unknown, unknown];
  const params = nodes(rawArgs);
  if (name === 'has' && params.length === 1 && params[0].op === '.') {
    const [obj, key] = params[0].args as [unknown, unknown];
    return `rt.has(${expression(node(obj), scope)}, ${stringLiteral(key)})`;
  }
  if (name === 'size' && params.length === 1) return `rt.size(${expression(params[0], scope)})`;
  if (name === 'int' && params.length === 1) return `rt.toInt(${expression(params[0], scope)})`;
  throw new Unsupported(`function ${String(name)}`);
}

/** `x.size()`, `s.contains(t)`, and the macros `all`, `exists`, `filter`. */
function method(args: unknown, scope: readonly string[]): string {
  const [name, receiverAst, rawArgs] = args as [unknown, unknown, unknown];
  const receiver = expression(node(receiverAst), scope);
  const params = nodes(rawArgs);
  if (name === 'size' && params.length === 0) return `rt.size(${receiver})`;
  if (name === 'contains' && params.length === 1) {
    const arg = params[0];
    if (arg.op === 'value' && typeof arg.args === 'string' && !/[\uD800-\uDFFF]/.test(arg.args)) return `rt.containsText(${receiver}, ${stringLiteral(arg.args)})`;
    return `rt.contains(${receiver}, ${expression(arg, scope)})`;
  }
  if ((name === 'all' || name === 'exists' || name === 'filter') && params.length === 2 && params[0].op === 'id') {
    const inner = [...scope, String(params[0].args)];
    return `rt.${name}(${receiver}, (v${scope.length}) => ${expression(params[1], inner)})`;
  }
  throw new Unsupported(`method ${String(name)}`);
}
