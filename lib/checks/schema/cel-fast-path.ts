/**
 * A fast path for `x-kubernetes-validations` rules: the common rule shapes of the CRDs we emit (`has()` counting,
 * mutual exclusion, `self.all(key, !key.contains("*"))`, `[has(a), has(b)].filter(x, x == true).size() == 1`, …)
 * compiled into plain JavaScript closures over the object as written, without converting it to CEL values or
 * asking cel-js. At 5,000 workloads the validator evaluates ~38,000 rules; with cel-js that was about a third of
 * strict validation (docs/performance.md).
 *
 * The closure answers only "this rule certainly holds": it returns `true` when cel-js would evaluate the rule to
 * `true` on `toCel(value)`, and `false` whenever it is not sure (a rule that fails, an error, a construct or value it
 * does not model: numbers from the object, doubles, ordering of strings, surrogate pairs, …). The validator then
 * evaluates the rule with cel-js exactly as before, so results and messages come from cel-js alone. Each construct
 * below mirrors cel-js 8 (lib/functions.js, lib/operators.js, lib/macros.js): errors are not absorbed (`a && b`
 * with an error in `a` is "not sure", where CEL may still answer), which only sends more rules to cel-js.
 *
 * Only rules that type-check (cel-js `check()`) get a fast path: a type error fails for every value, and the
 * closure does not model types statically.
 */

/** A parsed rule as cel-js builds it (`ParseResult.ast`: nodes with `op` and `args`) or as the generator stores it. */
export interface CelAst {
  readonly op: string;
  readonly args: unknown;
}

/** "Not sure": an error in CEL, or something the fast path does not model. */
const UNSURE = Symbol('unsure');

type Value = unknown;
/** Variables in scope: `self` first, then one per enclosing macro (`all(key, …)`). */
type Vars = Value[];
type Compiled = (vars: Vars) => Value;

const MAX_INT = 2n ** 63n - 1n;
const MIN_INT = -(2n ** 63n);
const EMPTY_MAP: Readonly<Record<string, never>> = Object.freeze({});

class Unsupported extends Error {}

/**
 * The fast path of a rule, or undefined when the rule uses something it does not model (then every evaluation goes
 * to cel-js). The returned function takes `self` as written in the object (not converted) and returns `true` only
 * when the rule certainly holds.
 */
export function compileFastPath(ast: CelAst): ((self: unknown) => boolean) | undefined {
  let body: Compiled;
  try {
    body = compile(ast, ['self']);
  } catch (err) {
    if (err instanceof Unsupported) return undefined;
    throw err;
  }
  return (self: unknown): boolean => {
    const root = fromData(self);
    return root !== UNSURE && body([root]) === true;
  };
}

/**
 * A value read from the object, as the fast path models it: strings, booleans, null, lists, maps, and ints (BigInt,
 * which toCel keeps). Numbers are "not sure" (toCel makes them int or double depending on the schema), and so is
 * `undefined` (absent).
 */
function fromData(v: unknown): Value {
  switch (typeof v) {
    case 'string':
    case 'boolean':
      return v;
    case 'bigint':
      return v <= MAX_INT && v >= MIN_INT ? v : UNSURE;
    case 'object':
      return v; // null, a list, or a map (toCel turns every other object into a map of its own enumerable fields)
    default:
      return UNSURE;
  }
}

/**
 * A map the fast path reads: any object but a list (toCel turns every other object into a map of its own enumerable
 * fields), except one with its own `__proto__` field (JSON.parse makes those): toCel assigns it into a plain object,
 * which changes that object's prototype, and what cel-js then sees is not modelled here.
 */
function isMap(v: Value): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !Object.prototype.hasOwnProperty.call(v, '__proto__');
}

/**
 * The value of `key` in a map as toCel converts it: an own enumerable field whose value is not undefined (a
 * `__proto__` key is "not sure", see `isMap`).
 */
function field(map: Record<string, unknown>, key: string): Value | undefined {
  if (key === '__proto__') return UNSURE;
  if (!Object.prototype.propertyIsEnumerable.call(map, key)) return undefined;
  const v = map[key];
  return v === undefined ? undefined : fromData(v);
}

/** Whether CEL sees `key` in a map (`has()`): whatever its value, as long as toCel keeps it. */
function present(map: Record<string, unknown>, key: string): boolean | typeof UNSURE {
  if (key === '__proto__') return UNSURE;
  return Object.prototype.propertyIsEnumerable.call(map, key) && map[key] !== undefined;
}

/** The keys CEL sees in a map (toCel drops fields whose value is undefined), or UNSURE. */
function mapKeys(map: Record<string, unknown>): string[] {
  const keys: string[] = [];
  for (const k of Object.keys(map)) if (map[k] !== undefined) keys.push(k);
  return keys;
}

/** Code points of a string (cel-js `size`), or UNSURE for strings with surrogates (pairs or lone halves). */
function stringSize(s: string): bigint | typeof UNSURE {
  return /[\uD800-\uDFFF]/.test(s) ? UNSURE : BigInt(s.length);
}

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

/** Compiles one node; `scope` names the variables (`vars` at run time) innermost last. */
function compile(ast: CelAst, scope: readonly string[]): Compiled {
  const args = ast.args;
  switch (ast.op) {
    case 'value':
      return compileLiteral(args);
    case 'id': {
      const slot = scope.lastIndexOf(String(args));
      if (slot < 0) throw new Unsupported(`variable ${String(args)}`);
      return (vars) => vars[slot];
    }
    case '.': {
      const [objAst, key] = args as [unknown, unknown];
      if (typeof key !== 'string') throw new Unsupported('field name');
      const obj = compile(node(objAst), scope);
      return (vars) => {
        const o = obj(vars);
        if (!isMap(o)) return UNSURE;
        return field(o, key) ?? UNSURE; // absent: CEL's "no such key" error
      };
    }
    case '?:': {
      const [c, a, b] = nodes(args);
      const cond = compile(c, scope);
      const then = compile(a, scope);
      const otherwise = compile(b, scope);
      return (vars) => {
        const v = cond(vars);
        return v === true ? then(vars) : v === false ? otherwise(vars) : UNSURE;
      };
    }
    case '!_': {
      const operand = compile(node(args), scope);
      return (vars) => {
        const v = operand(vars);
        return typeof v === 'boolean' ? !v : UNSURE;
      };
    }
    case '&&':
    case '||': {
      const [l, r] = nodes(args).map((n) => compile(n, scope));
      const shortCircuit = ast.op === '||'; // the value of the left side that decides alone
      return (vars) => {
        const left = l(vars);
        if (left === shortCircuit) return left;
        if (left !== !shortCircuit) return UNSURE;
        const right = r(vars);
        return typeof right === 'boolean' ? right : UNSURE;
      };
    }
    case '==':
    case '!=': {
      const [l, r] = nodes(args).map((n) => compile(n, scope));
      const negate = ast.op === '!=';
      return (vars) => {
        const a = l(vars);
        const b = r(vars);
        if (a === UNSURE || b === UNSURE) return UNSURE;
        // Same-typed scalars only: heterogeneous and aggregate equality are left to cel-js.
        const scalar = typeof a === 'string' || typeof a === 'boolean' || typeof a === 'bigint' || a === null;
        if (!scalar || (a === null ? b !== null : typeof a !== typeof b)) return UNSURE;
        return (a === b) !== negate;
      };
    }
    case '<':
    case '<=':
    case '>':
    case '>=': {
      const [l, r] = nodes(args).map((n) => compile(n, scope));
      const op = ast.op;
      return (vars) => {
        const a = l(vars);
        const b = r(vars);
        // Ints only: string ordering in CEL is by code point, not by UTF-16 unit as in JavaScript.
        if (typeof a !== 'bigint' || typeof b !== 'bigint') return UNSURE;
        return op === '<' ? a < b : op === '<=' ? a <= b : op === '>' ? a > b : a >= b;
      };
    }
    case '+': {
      const [l, r] = nodes(args).map((n) => compile(n, scope));
      return (vars) => {
        const a = l(vars);
        const b = r(vars);
        if (typeof a !== 'bigint' || typeof b !== 'bigint') return UNSURE;
        const sum = a + b;
        return sum > MAX_INT || sum < MIN_INT ? UNSURE : sum; // cel-js: overflow error
      };
    }
    case 'list': {
      const items = nodes(args).map((n) => compile(n, scope));
      return (vars) => {
        const out: Value[] = [];
        for (const item of items) {
          const v = item(vars);
          if (v === UNSURE) return UNSURE;
          out.push(v);
        }
        return out;
      };
    }
    case 'map':
      if (Array.isArray(args) && args.length === 0) return () => EMPTY_MAP;
      throw new Unsupported('map literal with entries');
    case 'call':
      return compileCall(args, scope);
    case 'rcall':
      return compileMethod(args, scope);
    default:
      throw new Unsupported(`operator ${ast.op}`);
  }
}

function compileLiteral(v: unknown): Compiled {
  // Ints are BigInt in cel-js; doubles, uints and bytes are left to it.
  if (typeof v === 'string' || typeof v === 'boolean' || typeof v === 'bigint' || v === null) return () => v;
  throw new Unsupported('literal');
}

/** `has(x.f)`, `size(x)`, `int(x)`. */
function compileCall(args: unknown, scope: readonly string[]): Compiled {
  const [name, rawArgs] = args as [unknown, unknown];
  const params = nodes(rawArgs);
  if (name === 'has' && params.length === 1 && params[0].op === '.') {
    const [objAst, key] = params[0].args as [unknown, unknown];
    if (typeof key !== 'string') throw new Unsupported('has() field');
    const obj = compile(node(objAst), scope);
    return (vars) => {
      const o = obj(vars);
      return isMap(o) ? present(o, key) : UNSURE;
    };
  }
  if (name === 'size' && params.length === 1) return sizeOf(compile(params[0], scope));
  if (name === 'int' && params.length === 1) {
    const arg = compile(params[0], scope);
    return (vars) => {
      const v = arg(vars);
      if (typeof v === 'bigint') return v;
      // Plain decimals only, which cel-js's BigInt() parsing reads the same way.
      return typeof v === 'string' && /^(0|[1-9][0-9]{0,17})$/.test(v) ? BigInt(v) : UNSURE;
    };
  }
  throw new Unsupported(`function ${String(name)}`);
}

function sizeOf(arg: Compiled): Compiled {
  return (vars) => {
    const v = arg(vars);
    if (typeof v === 'string') return stringSize(v);
    if (Array.isArray(v)) return BigInt(v.length);
    if (isMap(v)) return BigInt(mapKeys(v).length);
    return UNSURE;
  };
}

/** `x.size()`, `s.contains(t)`, and the macros `all`, `exists`, `filter`. */
function compileMethod(args: unknown, scope: readonly string[]): Compiled {
  const [name, receiverAst, rawArgs] = args as [unknown, unknown, unknown];
  const receiver = compile(node(receiverAst), scope);
  const params = nodes(rawArgs);
  if (name === 'size' && params.length === 0) return sizeOf(receiver);
  if (name === 'contains' && params.length === 1) {
    const arg = compile(params[0], scope);
    return (vars) => {
      const s = receiver(vars);
      const t = arg(vars);
      if (typeof s !== 'string' || typeof t !== 'string') return UNSURE;
      if (/[\uD800-\uDFFF]/.test(s) || /[\uD800-\uDFFF]/.test(t)) return UNSURE;
      return s.includes(t);
    };
  }
  if ((name === 'all' || name === 'exists' || name === 'filter') && params.length === 2 && params[0].op === 'id') {
    const variable = String(params[0].args);
    const body = compile(params[1], [...scope, variable]);
    const slot = scope.length;
    return (vars) => {
      const items = elementsOf(receiver(vars));
      if (items === UNSURE) return UNSURE;
      const kept: Value[] = [];
      let decided: boolean | undefined;
      // One frame for the whole loop: the body (and any macro in it, which makes its own) is done with it per item.
      const inner = vars.slice(0, slot);
      for (const item of items) {
        inner[slot] = item;
        const v = body(inner);
        if (typeof v !== 'boolean') return UNSURE; // an error: CEL may still decide, cel-js will tell
        if (name === 'filter') {
          if (v) kept.push(item);
        } else if (v === (name === 'exists')) {
          decided = v;
        }
      }
      if (name === 'filter') return kept;
      return decided ?? name === 'all';
    };
  }
  throw new Unsupported(`method ${String(name)}`);
}

/** What a macro iterates: list elements, or map keys. */
function elementsOf(v: Value): Value[] | typeof UNSURE {
  if (Array.isArray(v)) {
    const out: Value[] = [];
    for (let i = 0; i < v.length; i++) {
      const item = fromData(v[i]);
      if (item === UNSURE) return UNSURE;
      out.push(item);
    }
    return out;
  }
  if (isMap(v)) return mapKeys(v);
  return UNSURE;
}
