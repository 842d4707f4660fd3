/**
 * Fast reading of a mesh file's value and the positions of its nodes, with js-yaml (about 15× faster than the
 * `yaml` package's `parseDocument` on a 2.5 MB, 5,000-workload mesh file: 0.2 s against 2.6–3.6 s). The `yaml`
 * Document stays the reference (mesh-file-loader.ts): this module answers only when it is sure to give the same
 * value and the same positions, and returns `undefined` otherwise, so the caller falls back to `yaml`.
 *
 * Why the value is the same: scalars are resolved with the YAML 1.2 core schema exactly as `yaml` 2.9 does
 * (its own patterns, schema/core/*.js and schema/common/null.js, copied below), aliases and tags are left to `yaml`
 * (`maxAliasCount`, custom tags), and any js-yaml error (duplicate keys, syntax, several documents) falls back.
 * Why the positions are the same: js-yaml reports where each node starts (its `listener`); a key's start is where
 * `yaml` puts `pair.key.range[0]` and an item's start its `item.range[0]`, and each answer is checked against the
 * text (the key's text is at the offset, an item starts on a non-blank character) before it is used.
 */
import type * as JsYaml from 'js-yaml';

/** `yaml` 2.9's core schema patterns (schema/common/null.js, core/bool.js, core/int.js, core/float.js). */
const NULL = /^(?:~|[Nn]ull|NULL)?$/;
const BOOL = /^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/;
const INT_OCT = /^0o[0-7]+$/;
const INT = /^[-+]?[0-9]+$/;
const INT_HEX = /^0x[0-9a-fA-F]+$/;
const FLOAT_NAN = /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/;
const FLOAT_EXP = /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$/;
const FLOAT = /^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/;

/** A node as js-yaml composed it: where it starts, its value, and its child nodes in document order. */
interface PositionNode {
  readonly start: number;
  result?: unknown;
  readonly children: PositionNode[];
}

export interface FastParse {
  readonly value: unknown;
  /** Offset of the node a path (`['spec', 'workloads', 3]`) names, as `yaml` finds it; `'unsure'`: ask `yaml`. */
  offsetOf(parts: readonly (string | number)[]): number | 'unsure';
}

let jsyaml: typeof JsYaml | null | undefined;
let schema: JsYaml.Schema | undefined;

/** js-yaml, when installed; the loader works without it, only slower. */
function loadJsYaml(): typeof JsYaml | null {
  if (jsyaml === undefined) {
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      jsyaml = require('js-yaml') as typeof JsYaml;
    } catch {
      jsyaml = null;
    }
  }
  return jsyaml;
}

function coreSchema(y: typeof JsYaml): JsYaml.Schema {
  const scalar = (tag: string, test: (s: string) => boolean, construct: (s: string) => unknown) =>
    new y.Type(`tag:yaml.org,2002:${tag}`, { kind: 'scalar', resolve: (s: string | null) => test(s ?? ''), construct: (s: string | null) => construct(s ?? '') });
  schema ??= y.FAILSAFE_SCHEMA.extend({
    implicit: [
      scalar('null', (s) => NULL.test(s), () => null),
      scalar('bool', (s) => BOOL.test(s), (s) => s[0] === 't' || s[0] === 'T'),
      scalar('int', (s) => INT_OCT.test(s) || INT.test(s) || INT_HEX.test(s),
        (s) => (INT_OCT.test(s) ? parseInt(s.substring(2), 8) : INT_HEX.test(s) ? parseInt(s.substring(2), 16) : parseInt(s, 10))),
      scalar('float', (s) => FLOAT_NAN.test(s) || FLOAT_EXP.test(s) || FLOAT.test(s),
        (s) => (FLOAT_NAN.test(s) ? (s.slice(-3).toLowerCase() === 'nan' ? NaN : s[0] === '-' ? -Infinity : Infinity) : parseFloat(s))),
    ],
  });
  return schema;
}

/** Parses `text` fast, or returns `undefined` when only `yaml` can be trusted to read it the same way. */
export function fastParse(text: string): FastParse | undefined {
  const y = loadJsYaml();
  // Anchors/aliases (alias limits) and tags (custom tags, `yaml`'s warnings) are `yaml`'s business.
  if (!y || /[&!*]/.test(text) && /(?:^|[\s,[{:-])[&!*]/m.test(text)) return undefined;
  const root: PositionNode = { start: 0, children: [] };
  const stack: PositionNode[] = [root];
  let value: unknown;
  try {
    value = y.load(text, {
      schema: coreSchema(y),
      listener: (event, state) => {
        if (event === 'open') {
          const node: PositionNode = { start: state.position, children: [] };
          stack[stack.length - 1].children.push(node);
          stack.push(node);
        } else {
          stack.pop()!.result = state.result;
        }
      },
    });
  } catch {
    return undefined;
  }
  const byValue = new Map<object, PositionNode>();
  const index = (node: PositionNode): void => {
    if (typeof node.result === 'object' && node.result !== null && !byValue.has(node.result)) byValue.set(node.result, node);
    for (const c of node.children) index(c);
  };
  index(root);
  const top = root.children[0];
  const isBlank = (offset: number) => offset >= text.length || /\s|#/.test(text[offset]);
  return {
    value,
    offsetOf(parts) {
      if (!top || isBlank(top.start) || top.result !== value) return 'unsure';
      let current: unknown = value;
      let offset = top.start;
      for (const key of parts) {
        if (typeof current !== 'object' || current === null) break;
        const node = byValue.get(current);
        if (!node) return 'unsure';
        if (Array.isArray(current)) {
          if (typeof key !== 'number' || key >= current.length) break;
          if (node.children.length !== current.length) return 'unsure';
          const item = node.children[key];
          if (item.result !== current[key] || isBlank(item.start)) return 'unsure';
          offset = item.start;
          current = current[key];
        } else {
          const record = current as Record<string, unknown>;
          const keys = Object.keys(record);
          if (node.children.length !== 2 * keys.length) return 'unsure';
          const i = keys.indexOf(String(key));
          if (i < 0) break;
          const keyNode = node.children[2 * i];
          const valueNode = node.children[2 * i + 1];
          if (String(keyNode.result) !== keys[i] || valueNode.result !== record[keys[i]]) return 'unsure';
          const at = keyNode.start;
          if (!(text.startsWith(keys[i], at) || text[at] === '"' || text[at] === "'")) return 'unsure';
          offset = at;
          current = record[keys[i]];
        }
      }
      return offset;
    },
  };
}
