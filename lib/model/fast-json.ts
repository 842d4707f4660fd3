import { NodeTree } from './node-tree';

/**
 * The fast reading of a JSON mesh file: `JSON.parse` for the value and one pass of jsonc-parser's scanner for
 * positions, pointing where `yaml`'s Document points (a field's key, a list item's start, the closest existing
 * ancestor for a missing field). Returns `undefined` for anything that is not plain JSON or that `yaml` would read
 * differently (duplicate keys, which `yaml` refuses and `JSON.parse` merges), so the caller falls back to the YAML
 * readers and their wording.
 *
 * The scanner's tokens are logged in a NodeTree (node-tree.ts) rather than built into jsonc-parser's syntax tree
 * (`parseTree`: an object per node, about 0.5 s on the 4.4 MB JSON twin of the 5,000-workload mesh file). The text is
 * valid JSON (`JSON.parse` read it), so its tokens need no checking: `{`/`[` open a node, `}`/`]` close it, every
 * other value and every key is a node of its own, and an object's children alternate key and value.
 */
export interface FastJson {
  readonly value: unknown;
  /** Offset in the text of the node at `parts`, as `yaml`'s Document would locate it. */
  offsetOf(parts: readonly (string | number)[]): number | undefined;
}

export function fastJsonParse(text: string): FastJson | undefined {
  if (!/^\s*\{/.test(text)) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  const tree = new NodeTree();
  // Loaded only for a JSON file: a YAML mesh file never needs the scanner.
  const { createScanner, SyntaxKind } = require('jsonc-parser') as typeof import('jsonc-parser');
  const scanner = createScanner(text, true);
  let pairs = 0;
  for (let token = scanner.scan(); token !== SyntaxKind.EOF; token = scanner.scan()) {
    switch (token) {
      case SyntaxKind.OpenBraceToken:
      case SyntaxKind.OpenBracketToken:
        tree.open(scanner.getTokenOffset());
        break;
      case SyntaxKind.CloseBraceToken:
      case SyntaxKind.CloseBracketToken:
        tree.close();
        break;
      case SyntaxKind.ColonToken:
        pairs++;
        break;
      case SyntaxKind.CommaToken:
        break;
      default: // a string (key or value), number, true, false or null
        tree.leaf(scanner.getTokenOffset());
    }
  }
  // `JSON.parse` keeps the last of duplicate keys: then the parsed objects have fewer keys than the text has pairs.
  if (!tree.complete || keyCount(value) !== pairs) return undefined;
  const keyNames = new Map<number, Map<string, number>>();
  /** The value node of each key of the object at `node` (the first, as `yaml` finds it), listed on first use. */
  const fieldsOf = (node: number): Map<string, number> => {
    let fields = keyNames.get(node);
    if (!fields) {
      fields = new Map();
      const children = tree.children(node);
      for (let i = 0; i + 1 < children.length; i += 2) {
        scanner.setPosition(tree.start(children[i]));
        scanner.scan();
        const name = scanner.getTokenValue();
        if (!fields.has(name)) fields.set(name, children[i + 1]);
      }
      keyNames.set(node, fields);
    }
    return fields;
  };
  return {
    value,
    offsetOf(parts) {
      let node = 0;
      let offset = tree.start(node);
      for (const key of parts) {
        const opening = text[tree.start(node)];
        if (opening === '{' && typeof key === 'string') {
          const field = fieldsOf(node).get(key);
          if (field === undefined) break;
          offset = tree.start(field - 1); // the key (a leaf: the node just before its value), where a reader looks for the field
          node = field;
        } else if (opening === '[' && typeof key === 'number') {
          const item = tree.children(node)[key];
          if (item === undefined) break;
          offset = tree.start(item);
          node = item;
        } else {
          break;
        }
      }
      return offset;
    },
  };
}

/** Number of keys of all objects in a parsed JSON value (without recursion: nesting depth is the file's choice). */
function keyCount(value: unknown): number {
  let count = 0;
  const pending: object[] = typeof value === 'object' && value !== null ? [value] : [];
  while (pending.length > 0) {
    const container = pending.pop()!;
    const items: unknown[] = Array.isArray(container) ? container : Object.values(container);
    if (!Array.isArray(container)) count += items.length;
    for (const item of items) if (typeof item === 'object' && item !== null) pending.push(item);
  }
  return count;
}
