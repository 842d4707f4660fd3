/**
 * `secure-mesh validate` reads manifests with the fast reader when it is sure (lib/checks/fast-manifests.ts) and
 * with the `yaml` package otherwise. Whatever the text, parseManifests must return what the `yaml` path returns
 * (objects, files, lines) or throw the same error: checked on synthesized output, hand-picked layouts, the inputs
 * the fast path must decline, and generated multi-document files.
 */
import * as fc from 'fast-check';
import * as YAML from 'yaml';
import { generateMesh } from '../../bench/generate';
import { fastDocuments } from '../../lib/checks/fast-manifests';
import { parseManifests, parseManifestsWithYaml } from '../../lib/checks/manifests';
import { synthesizeMesh } from '../../lib/mesh/synthesize';
import { toYaml } from '../../lib/serialize/yaml';
import { fcParams } from '../property/runs';

/** The result of reading, or the error message: both paths must agree on either. */
function read(parse: typeof parseManifests, text: string): unknown {
  try {
    return parse(text, 'm.yaml');
  } catch (e) {
    return { error: (e as Error).message };
  }
}

function expectSameAsYaml(text: string): void {
  expect(read(parseManifests, text)).toEqual(read(parseManifestsWithYaml, text));
}

const cm = (name: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n  namespace: a\ndata:\n  k: v\n`;

test('synthesized output of a 300-workload mesh: read fast, same objects and lines as yaml', () => {
  const text = toYaml(synthesizeMesh(generateMesh({ workloads: 300, namespaces: 12 })).objects);
  expect(fastDocuments(text)).toBeDefined();
  const fast = parseManifests(text, 'm.yaml');
  expect(fast.length).toBeGreaterThan(700);
  expect(fast).toEqual(parseManifestsWithYaml(text, 'm.yaml'));
});

test.each([
  ['comments and blank lines before, between and after documents', `# header\n\n${cm('a')}---\n# only a comment\n---\n\n# lead\n${cm('b')}\n# trailer\n`],
  ['a leading --- and an empty last document', `---\n${cm('a')}---\n${cm('b')}---\n`],
  ['--- followed by a comment', `${cm('a')}--- # next\n${cm('b')}`],
  ['a List whose items are located one by one', `apiVersion: v1\nkind: List\nitems:\n  - ${cm('a').trimEnd().replace(/\n/g, '\n    ')}\n  - ${cm('b').trimEnd().replace(/\n/g, '\n    ')}\n`],
  ['a block scalar holding --- indented (content, not a marker)', `apiVersion: v1\nkind: ConfigMap\nmetadata: { name: s, namespace: a }\ndata:\n  script: |\n    echo a\n    ---\n    echo b\n---\n${cm('b')}`],
  ['a document written as JSON', `{"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "j", "namespace": "a"}}\n---\n${cm('b')}`],
  ['a document without apiVersion (the same error and line)', `${cm('a')}---\nkind: ConfigMap\nmetadata: { name: x }\n`],
])('read fast, as yaml reads it: %s', (_name, text) => {
  expect(fastDocuments(text)).toBeDefined();
  expectSameAsYaml(text);
});

test.each([
  ['content after ---', `${cm('a')}--- {apiVersion: v1, kind: ConfigMap, metadata: {name: b}}\n`],
  ['a ... document end', `${cm('a')}...\n---\n${cm('b')}`],
  ['a %YAML directive', `%YAML 1.2\n---\n${cm('a')}`],
  ['anchors and aliases', `${cm('a')}---\napiVersion: v1\nkind: ConfigMap\nmetadata: &m { name: b }\ndata: { copy: *m }\n`],
  ['a tag', `apiVersion: v1\nkind: ConfigMap\nmetadata: { name: t }\ndata: { k: !!str 1 }\n`],
  ['duplicate keys (yaml reports them)', `apiVersion: v1\nkind: ConfigMap\nkind: Secret\nmetadata: { name: d }\n`],
  ['invalid YAML (yaml reports file and line)', `${cm('a')}---\napiVersion: v1\nkind: [unclosed\n`],
  ['a document that is a list (yaml reports it)', `${cm('a')}---\n- a\n- b\n`],
  ['CRLF line ends', `${cm('a')}---\n${cm('b')}`.replace(/\n/g, '\r\n')],
])('declined, read by yaml with the same result: %s', (_name, text) => {
  expect(fastDocuments(text)).toBeUndefined();
  expectSameAsYaml(text);
});

test('generated multi-document files with comments, empty documents, Lists and awkward strings read as yaml reads them', () => {
  const scalar = fc.oneof(fc.string({ maxLength: 12 }), fc.integer(), fc.boolean(), fc.constant(null), fc.constantFrom('---', '# not a comment', 'a: b', '0x1F', '1e3', 'yes', 'null', '- x', '--- x'));
  const data = fc.dictionary(fc.stringMatching(/^[a-z][a-z0-9.-]{0,8}$/), scalar, { maxKeys: 4, noNullPrototype: true });
  const object = fc.record({ name: fc.stringMatching(/^[a-z][a-z0-9-]{0,10}$/), data }).map(({ name, data: d }) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: 'a' }, data: d }));
  const document = fc.oneof(
    { weight: 6, arbitrary: object.map((o) => YAML.stringify(o)) },
    { weight: 1, arbitrary: fc.array(object, { maxLength: 3 }).map((items) => YAML.stringify({ apiVersion: 'v1', kind: 'List', items })) },
    { weight: 1, arbitrary: object.map((o) => JSON.stringify(o) + '\n') },
    { weight: 1, arbitrary: fc.constantFrom('', '# comment\n', '\n\n') },
  );
  const lead = fc.constantFrom('', '# lead\n', '\n');
  let cases = 0;
  let readFast = 0;
  fc.assert(
    fc.property(fc.array(fc.tuple(lead, document), { minLength: 1, maxLength: 6 }), fc.boolean(), (docs, leadingMarker) => {
      const text = (leadingMarker ? '---\n' : '') + docs.map(([l, d]) => l + d).join('---\n');
      cases++;
      if (fastDocuments(text)) readFast++;
      expectSameAsYaml(text);
    }),
    fcParams(200),
  );
  // The comparison means something only if the fast path answers for most of these files.
  expect(readFast).toBeGreaterThan(cases / 2);
});
