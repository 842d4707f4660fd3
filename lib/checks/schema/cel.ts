/**
 * CEL (`x-kubernetes-validations`) support for the schema validator, on top of @marcbachmann/cel-js.
 *
 * The environment mimics what the Kubernetes API server offers CRD validation rules: `self` (and `oldSelf`, which we
 * never have: transition rules are skipped), the standard CEL library, the string extensions, and a few Kubernetes
 * library functions (`isURL`, `isSorted`, …) that cel-js lacks. Values are converted the way the API server types
 * them: JSON integers (schema `integer`, or integral values where the schema doesn't say `number`) become CEL `int`
 * (BigInt), schema `number` stays `double`.
 */
import type * as CelModule from '@marcbachmann/cel-js';
import { compileFastPath, type CelAst } from './cel-fast-path';

type Cel = typeof CelModule;
type Program = CelModule.ParseResult;

let cel: Cel | undefined;

/**
 * cel-js is an ES module. Node >= 20.19 (our engines floor) and tsx `require()` it directly; jest.config.js
 * has swc transform it to CommonJS for jest.
 */
function loadCel(): Cel {
  cel ??= require('@marcbachmann/cel-js') as Cel;
  return cel;
}

let env: CelModule.Environment | undefined;

function environment(): CelModule.Environment {
  if (env) return env;
  const { Environment } = loadCel();
  const e = new Environment({ unlistedVariablesAreDyn: true, homogeneousAggregateLiterals: false });
  e.registerVariable('self', 'dyn');
  e.registerVariable('oldSelf', 'dyn');
  // Kubernetes CEL library additions that cel-js doesn't ship (https://kubernetes.io/docs/reference/using-api/cel/).
  const extras: Array<[string, (...args: any[]) => unknown]> = [
    ['isURL(string): bool', (s: string) => isUrl(s)],
    ['list.isSorted(): bool', (l: unknown[]) => l.every((v, i) => i === 0 || compare(l[i - 1], v) <= 0)],
    ['string.replace(string, string): string', (s: string, a: string, b: string) => s.split(a).join(b)],
    ['string.charAt(int): string', (s: string, i: bigint) => s.charAt(Number(i))],
    ['string.reverse(): string', (s: string) => [...s].reverse().join('')],
  ];
  for (const [signature, handler] of extras) {
    try {
      e.registerFunction(signature, handler);
    } catch {
      // Already provided by this cel-js version: keep the library's implementation.
    }
  }
  env = e;
  return e;
}

function isUrl(s: string): boolean {
  try {
    const u = new URL(s);
    return u.protocol.length > 1;
  } catch {
    return false;
  }
}

function compare(a: unknown, b: unknown): number {
  if (typeof a === 'bigint' && typeof b === 'bigint') return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0;
}

/** A raw `x-kubernetes-validations` entry. */
export interface RawRule {
  readonly rule: string;
  readonly message?: string;
  readonly messageExpression?: string;
  readonly fieldPath?: string;
  readonly reason?: string;
  readonly optionalOldSelf?: boolean;
}

export interface CompiledRule {
  readonly rule: string;
  readonly message?: string;
  readonly fieldPath?: string;
  /** Transition rule (uses `oldSelf`): only evaluated on updates, so never here. */
  readonly transition: boolean;
  readonly program?: Program;
  readonly messageProgram?: Program;
  /** Set when the rule doesn't parse with cel-js: a validator limitation, not a user error. */
  readonly compileError?: string;
  /**
   * The fast path (cel-fast-path.ts): `true` only when the rule certainly holds for `self` as written in the object
   * (not converted by `toCel`); otherwise evaluate it with cel-js. Absent when the rule has none.
   */
  readonly definitelyHolds?: (self: unknown) => boolean;
}

export interface CompileOptions {
  /**
   * The rule's AST from cel-js's parser, when it was parsed and type-checked ahead of time (the precompiled kinds,
   * kind-validators.generated.js): the rule gets its fast path without loading cel-js, and is parsed only if it must
   * be evaluated by cel-js.
   */
  readonly checkedAst?: CelAst;
  /** Give the rule a fast path. @default true */
  readonly fastPath?: boolean;
}

export function compileRule(raw: RawRule, options: CompileOptions = {}): CompiledRule {
  const transition = /\boldSelf\b/.test(raw.rule);
  const fastPath = options.fastPath !== false && !transition;
  if (options.checkedAst) return new LazilyParsedRule(raw, transition, fastPath ? compileFastPath(options.checkedAst) : undefined);
  const parsed = parseRule(raw);
  const ast = fastPath && parsed.program ? checkedRuleAst(raw.rule) : undefined;
  const definitelyHolds = ast ? compileFastPath(ast) : undefined;
  return { rule: raw.rule, message: raw.message, fieldPath: raw.fieldPath, transition, ...parsed, ...(definitelyHolds ? { definitelyHolds } : {}) };
}

/**
 * The AST of a rule that parses and type-checks with our environment, or undefined. Parsed on its own (type checking
 * annotates the AST), so the program cel-js evaluates is the one `compileRule` always made.
 */
export function checkedRuleAst(rule: string): CelAst | undefined {
  const { program } = parseRule({ rule });
  return program?.check().valid === true ? (program.ast as CelAst) : undefined;
}

function parseRule(raw: RawRule): { program?: Program; messageProgram?: Program; compileError?: string } {
  try {
    const program = environment().parse(raw.rule);
    let messageProgram: Program | undefined;
    if (raw.messageExpression) {
      try {
        messageProgram = environment().parse(raw.messageExpression);
      } catch {
        messageProgram = undefined; // fall back to `message` / the rule text
      }
    }
    return { program, messageProgram };
  } catch (err) {
    return { compileError: firstLine(err) };
  }
}

/** A rule with a checked AST: cel-js is loaded and the rule parsed only when something asks for the program. */
class LazilyParsedRule implements CompiledRule {
  public readonly rule: string;
  public readonly message?: string;
  public readonly fieldPath?: string;
  public readonly definitelyHolds?: (self: unknown) => boolean;
  private parsed?: ReturnType<typeof parseRule>;

  public constructor(private readonly raw: RawRule, public readonly transition: boolean, definitelyHolds: ((self: unknown) => boolean) | undefined) {
    this.rule = raw.rule;
    this.message = raw.message;
    this.fieldPath = raw.fieldPath;
    if (definitelyHolds) this.definitelyHolds = definitelyHolds;
  }

  public get program(): Program | undefined {
    return this.parse().program;
  }

  public get messageProgram(): Program | undefined {
    return this.parse().messageProgram;
  }

  public get compileError(): string | undefined {
    return this.parse().compileError;
  }

  private parse(): ReturnType<typeof parseRule> {
    return (this.parsed ??= parseRule(this.raw));
  }
}

export type RuleOutcome =
  | { readonly ok: true }
  /** The rule evaluated to false, or failed at run time the way it would on an API server (e.g. no such key). */
  | { readonly ok: false; readonly kind: 'cel'; readonly message: string }
  /** We could not evaluate the rule (unsupported function, parse error): our bug, not the object's. */
  | { readonly ok: false; readonly kind: 'other'; readonly message: string };

/** Error codes that mean "this CEL implementation lacks something", as opposed to a runtime error in the rule. */
const OUR_BUG_CODES = new Set(['no_matching_overload', 'unknown_function', 'unsupported_type', 'unknown_variable']);

export function evaluateRule(rule: CompiledRule, self: unknown): RuleOutcome {
  if (rule.compileError !== undefined || !rule.program) {
    return { ok: false, kind: 'other', message: `CEL rule could not be compiled by the validator (${rule.compileError}): ${rule.rule}` };
  }
  let result: unknown;
  try {
    result = rule.program({ self });
  } catch (err) {
    const code = (err as { code?: string })?.code;
    if (code && OUR_BUG_CODES.has(code)) {
      return { ok: false, kind: 'other', message: `CEL rule could not be evaluated by the validator (${firstLine(err)}): ${rule.rule}` };
    }
    return { ok: false, kind: 'cel', message: `${firstLine(err)} evaluating rule: ${rule.rule}` };
  }
  if (result === true) return { ok: true };
  if (result !== false) {
    return { ok: false, kind: 'other', message: `CEL rule returned ${typeof result}, not bool: ${rule.rule}` };
  }
  return { ok: false, kind: 'cel', message: ruleMessage(rule, self) };
}

function ruleMessage(rule: CompiledRule, self: unknown): string {
  if (rule.messageProgram) {
    try {
      const m = rule.messageProgram({ self });
      if (typeof m === 'string' && m.trim() !== '') return m;
    } catch {
      // fall through
    }
  }
  if (rule.message) return rule.message;
  return `failed rule: ${rule.rule}`;
}

function firstLine(err: unknown): string {
  const msg = err instanceof Error ? err.message : String(err);
  return msg.split('\n')[0];
}

/** The subset of a structural schema node that value conversion looks at. */
export interface SchemaLike {
  readonly type?: string;
  readonly properties?: Readonly<Record<string, SchemaLike>>;
  readonly additionalProperties?: SchemaLike | boolean;
  readonly items?: SchemaLike;
}

/** Convert a JSON value to what CEL sees for it under `schema` (ints as BigInt, doubles as number). */
export function toCel(value: unknown, schema?: SchemaLike): unknown {
  switch (typeof value) {
    case 'number':
      if (schema?.type === 'number') return value;
      return Number.isInteger(value) ? BigInt(value) : value;
    case 'object': {
      if (value === null) return null;
      if (Array.isArray(value)) {
        // A fresh array from this realm: cel-js recognises lists by constructor, and `value` may come from another
        // realm (jest sandbox vs. structuredClone/YAML parsers), where Array.prototype.map would keep that realm.
        const list: unknown[] = [];
        for (const v of value) list.push(toCel(v, schema?.items));
        return list;
      }
      const out: Record<string, unknown> = {};
      const props = schema?.properties;
      const extra = typeof schema?.additionalProperties === 'object' ? schema.additionalProperties : undefined;
      for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
        if (v === undefined) continue;
        out[k] = toCel(v, props?.[k] ?? extra);
      }
      return out;
    }
    default:
      return value;
  }
}
