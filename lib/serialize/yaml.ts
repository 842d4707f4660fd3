/**
 * A fast, deterministic YAML writer for emitted objects, byte-identical to what cdk8s writes for the
 * same objects as `ApiObject`s in a chart (`App.synthYaml()` / `app.synth()` with one file per chart).
 *
 * Why it exists: for a 5,000-workload mesh, cdk8s' own synth path (construct tree, `resolve`,
 * `sanitizeValue`, then the `yaml` package building a document AST per object) costs several times
 * the library's own work (see docs/performance.md). This writer walks the plain objects once.
 *
 * How it stays identical by construction (cdk8s 2.70.x, see node_modules/cdk8s/lib/{api-object,
 * metadata,_util,yaml}.js):
 *   - the normalization is cdk8s' own: keys sorted (then `apiVersion`, `kind`, `metadata` first),
 *     `null`/`undefined` members dropped, and in `metadata` empty objects/arrays dropped too;
 *   - layout (indentation, `- ` items, `{}`/`[]` for empty collections, documents joined with
 *     `---\n`) is the `yaml` package's block style with cdk8s' options;
 *   - every scalar that is not plainly safe (see `fastString`) is rendered by the `yaml` package itself, in
 *     the same position (map value, sequence item, map key), and cached by value; anything it would
 *     render over several lines (block scalars, explicit `? ` keys), `null` inside arrays and non-JSON
 *     values make the whole document fall back to `yaml`'s own `stringify` of the normalized object.
 * test/serialize proves byte identity on every example app, the benchmark meshes and random objects.
 */
import { yamlPackage } from '../yaml-package';
import type { K8sObject } from '../k8s-object';

/** cdk8s' `Yaml.stringify` options (cdk8s 2.70.x lib/yaml.js): YAML 1.1 schema, no line folding. */
export const CDK8S_YAML_OPTIONS = { keepUndefined: true, lineWidth: 0, version: '1.1' } as const;

/** cdk8s joins the documents of a file with this separator (lib/yaml.js `Yaml.stringify`). */
const DOCUMENT_SEPARATOR = '---\n';

/** cdk8s puts these top-level keys first, in this order (lib/api-object.js `toJson`). */
const LEADING_KEYS = ['apiVersion', 'kind', 'metadata'] as const;

/**
 * Strings the `yaml` package writes as they are (plain), in keys and values alike: a letter, then
 * letters, digits and `._/-`. Of these, only YAML 1.1 booleans/nulls (`y`, `no`, `on`, `null`, …;
 * yaml 2.9 schema/yaml-1.1/bool.js, common/null.js) and exponents without a mantissa (`e5`,
 * schema/yaml-1.1/float.js) would read back as something else, so yaml quotes them: excluded here.
 * Everything else is rendered by `yaml` itself. test/serialize checks this claim against `yaml`.
 * Tested with a char-code table (`isPlainWord`) rather than a regular expression: it runs for most scalar values
 * (~300,000 at 5,000 workloads), and entering the regex engine cost more than the scan.
 */
const PLAIN_MAX_LENGTH = 200;
const MANTISSA_LESS_EXPONENT = /^[eE]-?[0-9]+$/;
const YAML11_WORDS = new Set(['y', 'n', 'yes', 'no', 'on', 'off', 'true', 'false', 'null']);
/** The lower-case char codes these words start with. */
const YAML11_FIRST = [...new Set([...YAML11_WORDS].map((w) => w.charCodeAt(0)))];

/**
 * More shapes `yaml` writes plain, common in meshes (at 5,000 workloads they were ~1,260 distinct scalars, each
 * rendered by `yaml` once; docs/performance.md). None can start a YAML indicator (`*&!|>'"%@#,[]{}?-` first) or hold
 * `: `, ` #`, `::`, a trailing `:`/space or a newline (yaml 2.9 stringify/stringifyString.js `plainString`), and none
 * matches a YAML 1.1 number or timestamp (they start with a letter or `/`, or are digits with a duration unit or a
 * dotted CIDR, without `-` or `_`):
 *   - letter- or `/`-first words of `._/*-` and alphanumerics, single spaces and `:` followed by one of them between:
 *     SPIFFE principals (`spiffe://cluster.local/ns/a/sa/b`), paths (`/api/*`), `team-a/*`, `cert sign`;
 *   - Go durations: `2160h`, `1h30m`, `500ms`;
 *   - IPv4 CIDRs and addresses: `10.0.0.0/8`, `203.0.113.7`.
 * The YAML 1.1 words and mantissa-less exponents above are still excluded. test/serialize compares this decision
 * with `yaml`'s own output over generated strings of these shapes and near misses.
 */
const WIDE_PLAIN = /^[A-Za-z/](?:[A-Za-z0-9._/*-]|[ :](?=[A-Za-z0-9._/*-]))*$/;
const DURATION = /^(?:[0-9]{1,9}(?:ns|us|ms|s|m|h))+$/;
const IPV4_CIDR = /^[0-9]{1,3}(?:\.[0-9]{1,3}){3}(?:\/[0-9]{1,2})?$/;
/** Scalars `yaml` writes double-quoted without escapes: `*`-first (an alias indicator: `*.example.com`, `*`) and digits. */
const QUOTED = /^(?:\*[A-Za-z0-9._/*-]*|[0-9]{1,15})$/;
/** Longer keys may become explicit `? ` keys in yaml; stay well below. */
const FAST_MAX_LENGTH = 200;

/**
 * How `yaml` (with cdk8s' options) writes this string as a map value, sequence item or map key, when that is known
 * without asking it; undefined otherwise. Exported for test/serialize, which checks it against `yaml`.
 */
export function fastString(value: string): string | undefined {
  if (isPlainWord(value)) return isYaml11Word(value) ? quotedYaml11Word(value) : value;
  if (value.length > FAST_MAX_LENGTH) return undefined;
  if (WIDE_PLAIN.test(value)) return isYaml11Word(value) ? undefined : value;
  if (DURATION.test(value) || IPV4_CIDR.test(value)) return value;
  if (QUOTED.test(value)) return `"${value}"`;
  if (PROSE.test(value) && value.includes(' ') && !PLAIN_BREAKER.test(value)) return value;
  return undefined;
}

/**
 * YAML 1.1's booleans and nulls written as words (yaml 2.9 schema/yaml-1.1/bool.js, schema/common/null.js: exactly
 * these spellings, not `tRUE`): yaml double-quotes them so they read back as strings, e.g. the label value `"true"`.
 */
const YAML11_BOOL_OR_NULL = /^(?:[Yy]|[Yy]es|YES|[Tt]rue|TRUE|[Oo]n|ON|[Nn]|[Nn]o|NO|[Ff]alse|FALSE|[Oo]ff|OFF|[Nn]ull|NULL)$/;

function quotedYaml11Word(value: string): string | undefined {
  return YAML11_BOOL_OR_NULL.test(value) ? `"${value}"` : undefined;
}

/**
 * Prose (alert summaries and descriptions, PromQL expressions): printable ASCII holding a space, starting with a letter
 * or `(`. yaml writes it plain unless it holds `: ` or ` #` or ends with a space or `:` (PLAIN_BREAKER; yaml 2.9
 * stringify/stringifyString.js `plainString`; the other patterns there need a line break, a tab or an indicator first).
 * Starting with a letter or `(` and holding a space, it reads back as no other YAML 1.1 scalar: numbers, timestamps and
 * sexagesimals start with a sign, a digit or `.`, booleans and nulls are one word, `~` and `<<` are not letters.
 */
const PROSE = /^[A-Za-z(][\x20-\x7e]*$/;
const PLAIN_BREAKER = /: | #|[ :]$/;

/** `^[A-Za-z][A-Za-z0-9._/-]{0,199}$`: 1 for a letter, 2 for the other characters allowed after the first. */
const PLAIN_CHAR = (() => {
  const table = new Uint8Array(128);
  for (const c of '0123456789._/-') table[c.charCodeAt(0)] = 2;
  for (let c = 65; c <= 90; c++) table[c] = table[c + 32] = 1;
  return table;
})();

function isPlainWord(value: string): boolean {
  const n = value.length;
  if (n === 0 || n > PLAIN_MAX_LENGTH || PLAIN_CHAR[value.charCodeAt(0)] !== 1) return false;
  for (let i = 1; i < n; i++) {
    const c = value.charCodeAt(i);
    if (c >= 128 || PLAIN_CHAR[c] === 0) return false;
  }
  return true;
}

function isYaml11Word(value: string): boolean {
  // Only the exponents start with `e`, and the words with one of `yYnNoOtTfF`: test the first character before
  // anything that allocates (`toLowerCase`) or enters the regex engine.
  const first = value.charCodeAt(0) | 0x20;
  if (first === 0x65) return MANTISSA_LESS_EXPONENT.test(value);
  return value.length <= 5 && YAML11_FIRST.includes(first) && YAML11_WORDS.has(value.toLowerCase());
}

/** Raised inside the fast writer when a document needs `yaml`'s own stringify; never escapes. */
class NeedsFallback extends Error {}

/** Where a scalar goes: a map value, a sequence item, a key of a nested map, a key at column 0. */
type Position = 'value' | 'item' | 'key' | 'top-key';

/** Rendered scalars by position and value. Bounded so a long-lived process cannot grow it forever. */
const scalarCache = new Map<string, string | null>();
const SCALAR_CACHE_LIMIT = 100_000;

/**
 * The objects as one multi-document YAML string, byte-identical to cdk8s' synth of the same objects
 * (in this order) as ApiObjects of a chart without chart labels or namespace.
 */
export function toYaml(objects: readonly K8sObject[]): string {
  // Joined per document, then once more: holding every piece of all documents until one final join costs ~50 MB of
  // peak memory at 5,000 workloads and more time (measured again in the fourth round: +18 % CPU, +46 MB), and joining
  // batches of ~16,000 pieces into chunks (large strings, which skip the young generation) was 15 % slower.
  const docs = new Array<string>(objects.length);
  for (let i = 0; i < objects.length; i++) docs[i] = documentYaml(objects[i]);
  return docs.join(DOCUMENT_SEPARATOR);
}

/** One object as cdk8s renders it (one YAML document, ending in a newline). */
export function documentYaml(obj: K8sObject): string {
  return written(() => writeDocument(obj));
}

/**
 * The output so far, as pieces joined once at the end: concatenating them as they come (`out += …` per line and
 * per nesting level) cost more in cons-strings and garbage collection than the walk itself (docs/performance.md).
 */
let parts: string[] = [];

/** What `write` appends to `parts`, joined. */
function written(write: () => void): string {
  const saved = parts;
  parts = [];
  try {
    write();
    return parts.join('');
  } finally {
    parts = saved;
  }
}

/**
 * What comes before a line's key or item: its line break and indentation, maybe a dash, and, for the first line of a
 * nested collection, the line that opens it (`\n  spec:\n    egress:\n      - ports:\n          - port: ` is one
 * piece). Each lead keeps the key lines that follow it, so a line is cached once per lead and key.
 *
 * Why: the output is an array of pieces joined per document. Written as line break, indentation, key, `: `, value
 * and `\n`, m5000's 16.5 MB were 2.6 million pieces, and joining them was the writer's largest single cost; with each
 * line one cached piece up to its value they are 1.0 million, with each collection's header fused with its first line
 * 0.65 million (docs/performance.md, "Serializer, fourth round").
 */
class Lead {
  /** Key lines after this lead, by key. */
  readonly keyLines = new Map<string, KeyLine>();
  private nestedDash?: Lead;
  constructor(
    readonly text: string,
    /** Depth of the map whose keys follow this lead (0: keys at column 0, rendered as top-level keys). */
    readonly depth: number,
  ) {}

  /** The line of this key after this lead. */
  keyLine(key: string): KeyLine {
    let line = this.keyLines.get(key);
    if (line === undefined) {
      line = new KeyLine(`${this.text}${scalar(key, this.depth === 0 ? 'top-key' : 'key')}:`, this.depth);
      this.keyLines.set(key, line);
      cachedLine();
    }
    return line;
  }

  /** The lead of a list's first item when this lead is an item's dash: a list in a list (`- - x`). */
  get dashed(): Lead {
    return (this.nestedDash ??= new Lead(`${this.text}- `, this.depth + 1));
  }
}

/** A key's line after its lead, up to the colon, and the leads of the collections it may open. */
class KeyLine {
  /** The line before a scalar value: `…key: `. */
  readonly entry: string;
  private mapLead?: Lead;
  private seqLead?: Lead;
  constructor(
    /** The line before a nested collection: `…key:`. */
    readonly open: string,
    private readonly depth: number,
  ) {
    this.entry = `${open} `;
  }

  /** The lead of the first line of a map under this key. */
  get map(): Lead {
    return (this.mapLead ??= new Lead(`${this.open}${leadAt(this.depth + 1).text}`, this.depth + 1));
  }

  /** The lead of the first item of a list under this key. */
  get seq(): Lead {
    return (this.seqLead ??= new Lead(`${this.open}${itemLeadAt(this.depth + 1).text}`, this.depth + 2));
  }
}

/** The leads of the lines after the first, by depth: a line break and indentation, and the same with a dash. */
const LEADS: Lead[] = [];
const ITEM_LEADS: Lead[] = [];
/** The lead of a document's first line: nothing. */
const DOCUMENT_LEAD = new Lead('', 0);

/** The lead of a map's lines at this depth (after its first). */
function leadAt(depth: number): Lead {
  while (LEADS.length <= depth) LEADS.push(new Lead(`\n${'  '.repeat(LEADS.length)}`, LEADS.length));
  return LEADS[depth];
}

/** The lead of a list's items at this depth (after its first); the keys of a map item follow it one level deeper. */
function itemLeadAt(depth: number): Lead {
  while (ITEM_LEADS.length <= depth) ITEM_LEADS.push(new Lead(`\n${'  '.repeat(ITEM_LEADS.length)}- `, ITEM_LEADS.length + 1));
  return ITEM_LEADS[depth];
}

/** Key lines cached; bounded like the scalar cache, so that a long-lived process cannot grow them forever. */
let cachedLines = 0;
const CACHED_LINES_LIMIT = 100_000;

function cachedLine(): void {
  if (++cachedLines < CACHED_LINES_LIMIT) return;
  // Every key line and composed lead hangs off these; what a running write still holds stays usable.
  DOCUMENT_LEAD.keyLines.clear();
  LEADS.length = 0;
  ITEM_LEADS.length = 0;
  cachedLines = 0;
}

function writeDocument(obj: K8sObject): void {
  const cleanKeys = cleanTopLevelKeys(obj);
  const top = cleanKeys ? (obj as Record<string, unknown>) : cdk8sTopLevel(obj);
  const mark = parts.length;
  try {
    // The first line has no line break before it; every line ends with the next one's, the last with this one.
    parts.push(writeMapBody(top, DOCUMENT_LEAD, cleanKeys ?? Object.keys(top)) ? '\n' : '{}\n');
  } catch (e) {
    if (!(e instanceof NeedsFallback)) throw e;
    parts.length = mark;
    const sanitized: Record<string, unknown> = {};
    for (const key of Object.keys(top)) sanitized[key] = sanitize(top[key], false);
    parts.push(yamlPackage().stringify(sanitized, CDK8S_YAML_OPTIONS));
  }
}

/**
 * The object's keys when `cdk8sTopLevel` would return the object itself, unchanged: `apiVersion`, `kind`, `metadata`
 * first, the other keys already sorted, no null member, clean metadata. This is how the emitters build every object,
 * and it saves a copy, a sort and a lookup per key of each of the 12,664 objects at 5,000 workloads.
 */
function cleanTopLevelKeys(obj: K8sObject): string[] | undefined {
  const keys = Object.keys(obj);
  if (keys.length < 3 || keys[0] !== LEADING_KEYS[0] || keys[1] !== LEADING_KEYS[1] || keys[2] !== LEADING_KEYS[2]) return undefined;
  const record = obj as Record<string, unknown>;
  for (let i = 0; i < keys.length; i++) {
    if (record[keys[i]] == null) return undefined;
    if (i > 3 && !(keys[i - 1] < keys[i])) return undefined;
  }
  return isClean(obj.metadata) ? keys : undefined;
}

/**
 * What `ApiObject.toJson()` returns before sorting below the top level: metadata sanitized with
 * empty objects/arrays dropped, then `apiVersion`, `kind`, `metadata` and the other keys sorted.
 */
function cdk8sTopLevel(obj: K8sObject): Record<string, unknown> {
  const metadata = obj.metadata ?? {};
  const data: Record<string, unknown> = { ...obj, metadata: isClean(metadata) ? metadata : sanitize(metadata, true) };
  const rest = Object.keys(data).sort();
  const result: Record<string, unknown> = {};
  for (const k of [...LEADING_KEYS, ...rest]) {
    if (k in data && !(k in result) && data[k] != null) result[k] = data[k];
  }
  return result;
}

/**
 * cdk8s' `sanitizeValue` (lib/_util.js): sorted keys, `null`/`undefined` members dropped; with
 * `filterEmpty` (as for metadata) empty arrays and objects dropped as well. Copies everything.
 */
function sanitize(value: unknown, filterEmpty: boolean): unknown {
  if (value == null) return undefined;
  if (typeof value !== 'object') return value;
  if (Array.isArray(value)) {
    if (filterEmpty && value.length === 0) return undefined;
    return value.map((x) => sanitize(x, filterEmpty));
  }
  if (value.constructor?.name !== 'Object') throw new Error(`can't render non-simple object of type '${value.constructor?.name}'`);
  const out: Record<string, unknown> = {};
  const record = value as Record<string, unknown>;
  for (const key of Object.keys(record).sort()) {
    const v = sanitize(record[key], filterEmpty);
    if (v != null) out[key] = v;
  }
  if (filterEmpty && Object.keys(out).length === 0) return undefined;
  return out;
}

/**
 * Whether sanitizing (with empty collections dropped) would change nothing but key order, which the
 * writer sorts anyway: true for the usual metadata (strings and non-empty maps of strings).
 */
function isClean(value: unknown): boolean {
  if (typeof value !== 'object') return value !== undefined;
  if (value === null) return false;
  if (Array.isArray(value)) return value.length > 0 && value.every(isClean);
  if (Object.getPrototypeOf(value) !== Object.prototype) return false;
  let any = false;
  for (const key in value) {
    if (!isClean((value as Record<string, unknown>)[key])) return false;
    any = true;
  }
  return any;
}

/** Maps up to this many keys are sorted in place by insertion (the usual 1–4 keys), longer ones by `sort`. */
const INSERTION_SORT_MAX = 12;

/**
 * The keys of a map in the order cdk8s' rebuilt object enumerates them: sorted, as `sort()` orders strings (by
 * UTF-16 code units, which `<` compares too). Most maps come with their keys in order already, so the order is
 * checked first and sorted only when needed.
 */
function sortedKeys(map: Record<string, unknown>): string[] {
  const keys = Object.keys(map);
  const n = keys.length;
  let sorted = true;
  for (let i = 0; i < n; i++) {
    const c = keys[i].charCodeAt(0);
    // JavaScript enumerates integer-like keys first, numerically, whatever the insertion order: the object cdk8s
    // rebuilds does, so mirror it (rare in manifests, so only then pay for it).
    if (c >= 48 && c <= 57) return Object.keys(Object.fromEntries(keys.sort().map((key) => [key, 0])));
    if (i > 0 && !(keys[i - 1] < keys[i])) sorted = false;
  }
  if (sorted) return keys;
  if (n > INSERTION_SORT_MAX) return keys.sort();
  for (let i = 1; i < n; i++) {
    const key = keys[i];
    let j = i - 1;
    while (j >= 0 && keys[j] > key) {
      keys[j + 1] = keys[j];
      j--;
    }
    keys[j + 1] = key;
  }
  return keys;
}

/**
 * The entries of a map, one `key: value` per line (nested collections below): the first line after `first`, the
 * others after the line break and indentation of the map's depth. Writes nothing and returns false when no member is
 * kept.
 */
function writeMapBody(map: Record<string, unknown>, first: Lead, keys = sortedKeys(map)): boolean {
  const next = leadAt(first.depth);
  let lead = first;
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i];
    const value = map[key];
    if (value == null) continue; // sanitizeValue drops null/undefined members
    const line = lead.keyLine(key);
    lead = next;
    if (typeof value !== 'object') {
      parts.push(line.entry, scalar(value, 'value'));
    } else if (Array.isArray(value)) {
      if (value.length === 0) parts.push(line.entry, '[]');
      else writeSeqBody(value, line.seq);
    } else if (!writeMapBody(plainMap(value), line.map)) {
      parts.push(line.entry, '{}');
    }
  }
  return lead !== first;
}

/**
 * The items of a list, the first after `first`, the others after the line break, indentation and dash of its depth;
 * a nested collection starts on the item's line.
 */
function writeSeqBody(items: readonly unknown[], first: Lead): void {
  const next = itemLeadAt(first.depth - 1);
  let lead = first;
  for (let i = 0; i < items.length; i++) {
    const item = items[i];
    if (item == null) throw new NeedsFallback(); // cdk8s keeps the hole (`null`); leave it to yaml
    if (typeof item !== 'object') {
      parts.push(lead.text, scalar(item, 'item'));
    } else if (Array.isArray(item)) {
      if (item.length === 0) parts.push(lead.text, '[]');
      else writeSeqBody(item, lead.dashed);
    } else if (!writeMapBody(plainMap(item), lead)) {
      parts.push(lead.text, '{}');
    }
    lead = next;
  }
}

/** A plain object as cdk8s accepts it; anything else goes to the fallback (which throws like cdk8s). */
function plainMap(value: object): Record<string, unknown> {
  if (Object.getPrototypeOf(value) !== Object.prototype) throw new NeedsFallback();
  return value as Record<string, unknown>;
}

/** A scalar as `yaml` writes it in this position: fast for the plain and the common, else asked. */
function scalar(value: unknown, position: Position): string {
  switch (typeof value) {
    case 'string':
      return fastString(value) ?? delegated(value, position);
    case 'number':
      return Number.isSafeInteger(value) && !Object.is(value, -0) ? String(value) : delegated(value, position);
    case 'boolean':
      return value ? 'true' : 'false';
    default:
      throw new NeedsFallback(); // bigint, symbol, function: not JSON; yaml decides what happens
  }
}

/** `yaml`'s own rendering of a scalar in this position, when it fits on the line; cached. */
function delegated(value: string | number, position: Position): string {
  const cacheKey = `${position}${typeof value === 'number' ? `#${Object.is(value, -0) ? '-0' : value}` : `'${value}`}`;
  let rendered = scalarCache.get(cacheKey);
  if (rendered === undefined) {
    rendered = renderWithYaml(value, position);
    if (scalarCache.size >= SCALAR_CACHE_LIMIT) scalarCache.clear();
    scalarCache.set(cacheKey, rendered);
  }
  if (rendered === null) throw new NeedsFallback();
  return rendered;
}

/**
 * Renders the scalar in a small document, in the same position (nested where it is nested: at column
 * 0 a key like `--- x` would read as a document marker, one level down it is plain), and cuts it
 * out; null when it spans lines.
 */
function renderWithYaml(value: string | number, position: Position): string | null {
  let text: string;
  let prefix: string;
  let suffix = '\n';
  if (position === 'top-key') {
    text = yamlPackage().stringify({ [value]: 0 }, CDK8S_YAML_OPTIONS);
    prefix = '';
    suffix = ': 0\n';
  } else if (position === 'key') {
    text = yamlPackage().stringify({ k: { [value]: 0 } }, CDK8S_YAML_OPTIONS);
    prefix = 'k:\n  ';
    suffix = ': 0\n';
  } else if (position === 'item') {
    text = yamlPackage().stringify({ k: [value] }, CDK8S_YAML_OPTIONS);
    prefix = 'k:\n  - ';
  } else {
    text = yamlPackage().stringify({ k: { k: value } }, CDK8S_YAML_OPTIONS);
    prefix = 'k:\n  k: ';
  }
  if (!text.startsWith(prefix) || !text.endsWith(suffix)) return null;
  const rendered = text.slice(prefix.length, text.length - suffix.length);
  // Block scalars (`|-`), explicit keys (`? `) and anything else multi-line depend on indentation.
  if (rendered.length === 0 || rendered.includes('\n') || rendered.startsWith('? ') || rendered.startsWith('|') || rendered.startsWith('>')) return null;
  return rendered;
}
