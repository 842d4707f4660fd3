import * as fs from 'fs';
import * as path from 'path';
import * as YAML from 'yaml';
import { meshFile } from '../../bench/generate';
import { fastParse } from '../../lib/model/fast-yaml';
import { parseMeshFile, parsePath, parseWithPositions } from '../../lib/model/mesh-file-loader';
import { fieldPathsOf } from '../helpers/field-paths';


/** The fast reading must give `yaml`'s value and, for every path (and paths that do not exist), `yaml`'s position. */
function expectSameAsYaml(text: string, file: string): void {
  const reference = parseWithPositions(text, file);
  const loaded = parseMeshFile(text, file);
  expect(JSON.stringify(loaded.content)).toBe(JSON.stringify(reference.content));
  const paths = ['', ...fieldPathsOf(reference.content)];
  const missing = paths.filter((p) => p.startsWith('spec.')).slice(0, 20).map((p) => `${p}.noSuchField`);
  // One assertion over all paths (an expect() per path costs ~50 µs, thousands of times): the diff names each path that differs.
  const all = [...paths, ...missing, 'spec.workloads[100000]'];
  expect(all.map((p) => [p, loaded.locate(p)])).toEqual(all.map((p) => [p, reference.locate(p)]));
}

describe('fast mesh file reading (js-yaml) agrees with yaml', () => {
  const examples = path.join(__dirname, '..', '..', 'examples');

  test.each(fs.readdirSync(examples).filter((f) => f.endsWith('.yaml')))('examples/%s: same value, same position for every path', (name) => {
    const text = fs.readFileSync(path.join(examples, name), 'utf8');
    expect(fastParse(text)).toBeDefined();
    expectSameAsYaml(text, name);
  });

  test('a generated 30-workload mesh, block and flow style, and as JSON', () => {
    const file = meshFile({ workloads: 30, namespaces: 6 });
    for (const text of [YAML.stringify(file), YAML.stringify(file, { collectionStyle: 'flow' }), JSON.stringify(file, null, 2)]) {
      // js-yaml vouches for every position itself (a flow collection in block context included), none is left to yaml.
      const fast = fastParse(text)!;
      expect(['', ...fieldPathsOf(file)].filter((p) => fast.offsetOf(parsePath(p)) === 'unsure')).toEqual([]);
      expectSameAsYaml(text, 'mesh.yaml');
    }
  });

  test('scalars resolve like yaml 1.2 core (not like js-yaml defaults)', () => {
    // One of each first character a null, bool, int or float can start with (fast-yaml.ts skips the patterns for others).
    const scalars = ['0b101', '+0x1', '-0x1', '+0o7', '0o17', '0x1F', '+12', '-3', '7', '+.5', '-.5', '.5', '.inf', '-.Inf', '.NaN', '1e5', '1.', '012',
      '~', 'null', 'Null', 'NULL', 'true', 'True', 'TRUE', 'false', 'False', 'FALSE', 'yes', 'on', 'nil', 'falsy', '2001-12-14', '1_000', '"8080"', "'x'", "''"];
    const text = `apiVersion: secure-mesh.io/v1alpha1\nkind: SecureMesh\nspec:\n${scalars.map((s, i) => `  k${i}: ${s}`).join('\n')}\n`;
    expect(fastParse(text)).toBeDefined();
    expectSameAsYaml(text, 'scalars.yaml');
  });

  test('comments, quoted keys, documents markers and odd layouts keep their positions', () => {
    const text = [
      '# a mesh', '---', 'apiVersion: secure-mesh.io/v1alpha1', 'kind: SecureMesh', 'metadata: {name: m}', 'spec:',
      '  # namespaces first', '  "namespaces":', '  - name: a', '  -   name: b', '  -', '    name: c', "  'workloads': [ { name: w, namespace: a } ,{name: v, namespace: b}]",
      '  istio:', '    rootNamespace:   istio-system   # comment', '',
    ].join('\n');
    expectSameAsYaml(text, 'odd.yaml');
  });

  test('multi-line scalars, flow collections, quoted and number-like keys, comments between nodes, CRLF: same positions, mostly from js-yaml', () => {
    const text = [
      'apiVersion: secure-mesh.io/v1alpha1', 'kind: SecureMesh', 'spec:', '  workloads:',
      '    - name: literal', '      description: |', '        first line', '        second line', '      namespace: a',
      '    # a comment between items', '', '    - name: folded', '      description: >-', '        folded', '        text',
      '      # a comment between keys', '      namespace: b',
      '    - name: plain', '      description: a plain scalar', '        over two lines', '      namespace: "c"',
      '    - name: quoted', '      description: "a quoted', '        scalar"', "      'namespace': 'd'",
      '    - {name: flow, namespace: e, ports: [{name: http, port: 80}, {name: grpc, port: 9090}], ingress: [{from: {workload: literal}}]}',
      '    - name: selector', '      selector: {"app.kubernetes.io/name": x, b: 1, "2": y}', '      ingress:', '        - from:', '            # comment before a mapping',
      '            workload: plain', '          ports: [http]', '        -', '          from: {namespace: b}', '      namespace: f',
      '  namespaces: [a, b, "c", {name: d}]', '',
    ].join('\n');
    for (const layout of [text, text.replace(/\n/g, '\r\n')]) {
      const fast = fastParse(layout)!;
      expect(fast).toBeDefined();
      // The fast reader itself answers for these (no silent fallback to yaml), and agrees with yaml on every path.
      const sure = ['spec.workloads[0].namespace', 'spec.workloads[1].namespace', 'spec.workloads[2].namespace', 'spec.workloads[3].namespace',
        'spec.workloads[4].ports[1].port', 'spec.workloads[4].ingress[0].from.workload', 'spec.workloads[5].ingress[0].from.workload',
        'spec.workloads[5].ingress[1]', 'spec.workloads[5].namespace', 'spec.namespaces[3].name'];
      for (const p of sure) expect([p, fast.offsetOf(parsePath(p))]).not.toEqual([p, 'unsure']);
      expectSameAsYaml(layout, 'delicate.yaml');
    }
  });

  test('anchors, aliases and tags are left to yaml', () => {
    const text = 'apiVersion: secure-mesh.io/v1alpha1\nkind: SecureMesh\nspec:\n  namespaces: &ns [{name: a}]\n  workloads: []\n  x: *ns\n';
    expect(fastParse(text)).toBeUndefined();
    expectSameAsYaml(text, 'alias.yaml');
  });

  test('what js-yaml rejects (duplicate keys, several documents) is read, and worded, by yaml', () => {
    for (const text of ['a: 1\na: 2\n', 'a: 1\n---\nb: 2\n']) {
      expect(fastParse(text)).toBeUndefined();
      expect(() => parseMeshFile(text, 'bad.yaml')).toThrow(/bad\.yaml:\d+:\d+: not valid YAML or JSON/);
    }
  });
});
