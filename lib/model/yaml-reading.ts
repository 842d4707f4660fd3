/**
 * How secure-mesh reads YAML: one answer for every reader (mesh files in model/mesh-file-loader.ts, manifests in
 * checks/manifests.ts and cli/read-manifests.ts, and the fast js-yaml paths in fast-yaml.ts / fast-manifests.ts,
 * which only answer when they read a document exactly as this module does, and leave everything else to it).
 *
 * The reading is YAML 1.2 with the core schema (what `yaml` 2.x reads by default and what Kubernetes' own
 * sigs.k8s.io/yaml reads for the values a mesh file or a manifest holds). Whatever a document could mean something
 * else to another reader is refused with the field it is on, instead of picking one meaning silently:
 *  - a `%YAML` directive other than 1.2: under `%YAML 1.1`, `off` is false and `010` is 8, while the same document
 *    without the directive (and every js-yaml reading) says "off" and 10;
 *  - explicit tags other than the core schema's (`!!str`, `!!int`, `!!float`, `!!bool`, `!!null`, `!!map`, `!!seq`):
 *    `!foo`, `!!js/function`, `%TAG`-defined tags are unknown to `yaml` (it warns and reads a plain string), and the
 *    YAML 1.1 types (`!!binary`, `!!timestamp`, `!!set`, `!!omap`, `!!pairs`) are not in 1.2 (`!!binary` reads as
 *    bytes under `%YAML 1.1` and as the base64 text otherwise; no definition field and no Kubernetes field holds
 *    bytes: Secret `data` is base64 text);
 *  - merge keys (`<<`): YAML 1.1 merges them (and so do go-yaml and js-yaml's default schema), YAML 1.2 reads a
 *    field named `<<`;
 *  - keys of one mapping that YAML types differently but that become the same key (`1` and `"1"`, `true` and
 *    `"true"`, `1` and `1.0`): the JavaScript object keeps only the last, silently;
 *  - null keys (`~:`, `null:`): `yaml` makes them "", js-yaml and go-yaml "null";
 *  - keys that are not scalars (`? [a, b]`).
 */
import type { Document, Node, ParseOptions, DocumentOptions, Scalar, SchemaOptions } from 'yaml';
import { yamlPackage } from '../yaml-package';

/** The options every `yaml` reading uses (parseDocument / parseAllDocuments). */
export const YAML_READ_OPTIONS: ParseOptions & DocumentOptions & SchemaOptions = {
  version: '1.2',
  schema: 'core',
  merge: false,
  uniqueKeys: true,
  prettyErrors: false,
};

/** Aliases a document may expand (`toJS`), against alias bombs. */
export const MAX_ALIAS_COUNT = 100;

/** The explicit tags a document may carry: YAML 1.2 core schema (yaml.org/spec/1.2.2 §10.3). */
const CORE_TAGS = new Set(['str', 'int', 'float', 'bool', 'null', 'map', 'seq'].map((t) => `tag:yaml.org,2002:${t}`));

/** Something a document says that secure-mesh does not read: where (path in the document, text offset) and why. */
export interface YamlReadingProblem {
  readonly parts: readonly (string | number)[];
  readonly offset: number | undefined;
  readonly message: string;
}

/** `!!binary` for the yaml.org tags, the tag as written otherwise. */
function tagName(tag: string): string {
  return tag.startsWith('tag:yaml.org,2002:') ? `!!${tag.slice('tag:yaml.org,2002:'.length)}` : tag;
}

/** The key a (non-null) scalar becomes in a JavaScript object, as `yaml`'s `toJS` makes it. */
function jsKey(key: Scalar): string {
  return String(key.value);
}

function shown(key: Scalar): string {
  return key.source !== undefined && key.type === yamlPackage().Scalar.PLAIN ? String(key.source) : JSON.stringify(key.value);
}

/**
 * What secure-mesh refuses to read in a parsed document (see the module comment), in document order. Call it on
 * every document before `toJS`; an empty list means the document reads the same in every reader.
 */
export function yamlReadingProblems(doc: Document): YamlReadingProblem[] {
  const problems: YamlReadingProblem[] = [];
  const version = doc.directives?.yaml;
  if (version?.explicit && version.version !== '1.2') {
    problems.push({
      parts: [],
      offset: (doc.contents as Node | null)?.range?.[0],
      message: `the %YAML ${version.version} directive is not read: secure-mesh reads YAML 1.2 (where "off" is a string and 010 is ten). Remove the directive, and write booleans as true/false`,
    });
  }
  // Iterative walk (nesting depth is the file's choice); aliases are their anchor's node, walked where it is defined.
  // A map value is located at its key (where a reader looks for the field), as mesh-file-loader.ts locates fields.
  const pending: { node: unknown; parts: (string | number)[]; keyOffset?: number }[] = [{ node: doc.contents, parts: [] }];
  while (pending.length > 0) {
    const { node, parts, keyOffset } = pending.pop()!;
    if (!node || yamlPackage().isAlias(node)) continue;
    const tag = (node as Node).tag;
    if (tag !== undefined && !CORE_TAGS.has(tag)) {
      problems.push({
        parts,
        offset: keyOffset ?? (node as Node).range?.[0],
        message: `the tag ${tagName(tag)} is not read: secure-mesh reads plain YAML 1.2 values (custom tags, !!js/* and YAML 1.1 types such as !!binary are refused). Remove the tag`,
      });
    }
    if (yamlPackage().isSeq(node)) {
      node.items.forEach((item, i) => pending.push({ node: item, parts: [...parts, i] }));
    } else if (yamlPackage().isMap(node)) {
      const seen = new Map<string, Scalar>();
      for (const pair of node.items) {
        const key = pair.key;
        if (!yamlPackage().isScalar(key)) {
          problems.push({ parts, offset: (key as Node | null)?.range?.[0], message: 'a key must be a string, not a list or a mapping' });
          continue;
        }
        if (key.value === null || key.value === undefined) {
          // `yaml` names it "", js-yaml and go-yaml "null": no reading is the obvious one.
          problems.push({ parts, offset: key.range?.[0], message: 'a key is null (~, null or nothing before ":"): quote it ("null") if you meant the text' });
          continue;
        }
        const name = jsKey(key);
        const at = [...parts, name];
        if (name === '<<' && key.type === yamlPackage().Scalar.PLAIN) {
          problems.push({
            parts: at,
            offset: key.range?.[0],
            message: 'merge keys (<<) are YAML 1.1 and not read (YAML 1.2 reads a field named "<<"): write the fields out',
          });
        }
        const first = seen.get(name);
        if (first) {
          problems.push({
            parts: at,
            offset: key.range?.[0],
            message: `the keys ${shown(first)} and ${shown(key)} are the same key "${name}" once read (YAML types them differently; one would replace the other): keep one`,
          });
        } else {
          seen.set(name, key);
        }
        pending.push({ node: pair.value, parts: at, keyOffset: key.range?.[0] });
      }
    }
  }
  return problems.sort((a, b) => (a.offset ?? 0) - (b.offset ?? 0));
}

/** `['spec', 'workloads', 0, 'labels', 'a.b']` → `spec.workloads[0].labels["a.b"]` (what parsePath reads back). */
export function formatFieldPath(parts: readonly (string | number)[]): string {
  let out = '';
  for (const part of parts) {
    if (typeof part === 'number') out += `[${part}]`;
    else if (/^[A-Za-z_$][\w$-]*$/.test(part)) out += out === '' ? part : `.${part}`;
    else out += `[${JSON.stringify(part)}]`;
  }
  return out;
}
