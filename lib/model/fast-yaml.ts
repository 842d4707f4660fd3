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
import { NodeTree } from './node-tree';

/** `yaml` 2.9's core schema patterns (schema/common/null.js, core/bool.js, core/int.js, core/float.js). */
const NULL = /^(?:~|[Nn]ull|NULL)?$/;
const BOOL = /^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/;
const INT_OCT = /^0o[0-7]+$/;
const INT = /^[-+]?[0-9]+$/;
const INT_HEX = /^0x[0-9a-fA-F]+$/;
const FLOAT_NAN = /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/;
const FLOAT_EXP = /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$/;
const FLOAT = /^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/;

/** A key that YAML reads as null, `~`, `null`, `Null` or `NULL`, before a `:` that ends a key. */
const NULL_KEY = /(?:^|[\s,[{?])(?:~|[Nn]ull|NULL):(?=[\s,\]}]|$)/m;

/**
 * Whether `text` may hold a null key. js-yaml reads an empty key only in a flow mapping (`{: x}`, `{a: 1, : 2}`) or
 * after `?` (declined above); the named forms are looked for only when the text has one of them at all, so a
 * 2.5 MB mesh file costs a few milliseconds, not a scan of every `:` for what precedes it.
 */
function mayHaveNullKey(text: string): boolean {
  if (text.includes('{') && /[{,][ \t]*:(?=[\s,\]}]|$)/.test(text)) return true;
  if (!(text.includes('~') || text.includes('null') || text.includes('Null') || text.includes('NULL'))) return false;
  return NULL_KEY.test(text);
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

/**
 * The characters each core type's patterns (above) can start with: a plain scalar starting with anything else (most
 * of a mesh file: names, labels, hosts) is a string without running the eight patterns over it. The empty string is
 * tried by every type (it is `null`).
 */
const FIRST_CHARS = { null: '~nN', bool: 'tTfF', int: '0123456789+-', float: '0123456789+-.' } as const;

function coreSchema(y: typeof JsYaml): JsYaml.Schema {
  const scalar = (tag: keyof typeof FIRST_CHARS, test: (s: string) => boolean, construct: (s: string) => unknown) => {
    const first = FIRST_CHARS[tag];
    return new y.Type(`tag:yaml.org,2002:${tag}`, {
      kind: 'scalar',
      resolve: (s: string | null) => (s === null || s === '' || first.includes(s[0])) && test(s ?? ''),
      construct: (s: string | null) => construct(s ?? ''),
    });
  };
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
  // So is whatever yaml-reading.ts refuses or reads its own way, which js-yaml would read silently otherwise:
  // directives (`%YAML 1.1` changes what `off` and `010` are), merge keys (`<<`), complex keys (`? [a]`), and null
  // keys (`~:`, `null:`, an empty key), which js-yaml names "null" and `yaml` names "". Each test may also match
  // text that is none of these (`a : b`, `<<` in a value): that costs a reading by `yaml`, never a different value.
  if (text.startsWith('%') || text.includes('\n%') || text.includes('\r%') || text.includes('<<') || (text.includes('?') && /(?:^|[\s,[{])\?(?:\s|$)/m.test(text)) || mayHaveNullKey(text)) return undefined;
  // Every node js-yaml composes (keys and scalars too), in document order: where it starts and its value.
  const tree = new NodeTree();
  const results: unknown[] = [];
  let value: unknown;
  try {
    value = y.load(text, {
      schema: coreSchema(y),
      listener: (event, state) => {
        if (event === 'open') {
          tree.open(state.position);
          results.push(undefined);
        } else {
          results[tree.close()] = state.result;
        }
      },
    });
  } catch {
    return undefined;
  }
  const isBlank = (offset: number) => offset >= text.length || /\s|#/.test(text[offset]);
  /**
   * js-yaml reads a flow collection in block context (`- {name: a}`, a document `{…}`) first as a would-be mapping
   * key, and keeps it as the node when no `:` follows: a node whose only child has the same value. The children
   * are the inner node's (without aliases, which `yaml` reads, no collection can contain itself otherwise).
   */
  const innermost = (node: number): number => {
    for (let only = tree.children(node); only.length === 1 && results[only[0]] === results[node]; only = tree.children(node)) node = only[0];
    return node;
  };
  return {
    value,
    offsetOf(parts) {
      // Node 0 is the document's root; a map's children alternate key and value nodes, a list's are its items.
      const root = 0;
      if (tree.count === 0 || !tree.complete || isBlank(tree.start(root)) || results[root] !== value) return 'unsure';
      let current: unknown = value;
      let node = root;
      let offset = tree.start(root);
      for (const key of parts) {
        if (typeof current !== 'object' || current === null) break;
        node = innermost(node);
        const children = tree.children(node);
        if (Array.isArray(current)) {
          if (typeof key !== 'number' || key >= current.length) break;
          if (children.length !== current.length) return 'unsure';
          const item = children[key];
          if (results[item] !== current[key] || isBlank(tree.start(item))) return 'unsure';
          offset = tree.start(item);
          node = item;
          current = current[key];
        } else {
          const record = current as Record<string, unknown>;
          const keys = Object.keys(record);
          if (children.length !== 2 * keys.length) return 'unsure';
          const i = keys.indexOf(String(key));
          if (i < 0) break;
          const keyNode = children[2 * i];
          const valueNode = children[2 * i + 1];
          if (String(results[keyNode]) !== keys[i] || results[valueNode] !== record[keys[i]]) return 'unsure';
          const at = tree.start(keyNode);
          if (!(text.startsWith(keys[i], at) || text[at] === '"' || text[at] === "'")) return 'unsure';
          offset = at;
          node = valueNode;
          current = record[keys[i]];
        }
      }
      return offset;
    },
  };
}
