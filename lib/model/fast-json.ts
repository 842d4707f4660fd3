import { parseTree, type Node as JsonNode } from 'jsonc-parser';

/**
 * The fast reading of a JSON mesh file: `JSON.parse` for the value and jsonc-parser's syntax tree for
 * positions, pointing where `yaml`'s Document points (a field's key, a list item's start, the closest
 * existing ancestor for a missing field). Returns `undefined` for anything that is not plain JSON or
 * that `yaml` would read differently (duplicate keys, which `yaml` refuses and `JSON.parse` merges),
 * so the caller falls back to the YAML readers and their wording.
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
  let tree: JsonNode | undefined;
  const treeOf = (): JsonNode | undefined => (tree ??= parseTree(text, [], { disallowComments: true, allowTrailingComma: false }));
  if (hasDuplicateKeys(treeOf())) return undefined;
  return {
    value,
    offsetOf(parts) {
      let node = treeOf();
      let offset = node?.offset;
      for (const key of parts) {
        if (!node) break;
        if (node.type === 'object' && typeof key === 'string') {
          const property = node.children?.find((p) => p.children?.[0]?.value === key);
          if (!property?.children?.[1]) break;
          offset = property.children[0].offset; // the key, where a reader looks for the field
          node = property.children[1];
        } else if (node.type === 'array' && typeof key === 'number') {
          const item = node.children?.[key];
          if (!item) break;
          offset = item.offset;
          node = item;
        } else {
          break;
        }
      }
      return offset;
    },
  };
}

function hasDuplicateKeys(root: JsonNode | undefined): boolean {
  const stack = root ? [root] : [];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node.type === 'object' && node.children) {
      const keys = new Set<unknown>();
      for (const property of node.children) {
        const key = property.children?.[0]?.value;
        if (keys.has(key)) return true;
        keys.add(key);
      }
    }
    if (node.children) stack.push(...node.children);
  }
  return false;
}
