import * as fs from 'fs';
import * as path from 'path';
import * as YAML from 'yaml';
import { meshFile } from '../../bench/generate';
import { fastJsonParse } from '../../lib/model/fast-json';
import { parseMeshFile, parseWithPositions } from '../../lib/model/mesh-file-loader';
import { fieldPathsOf } from '../helpers/field-paths';


/** JSON mesh files read with JSON.parse + a JSON syntax tree must give `yaml`'s value and positions. */
function expectSameAsYaml(text: string): void {
  expect(fastJsonParse(text)).toBeDefined();
  const reference = parseWithPositions(text, 'mesh.json');
  const loaded = parseMeshFile(text, 'mesh.json');
  expect(loaded.content).toEqual(reference.content);
  const paths = ['', ...fieldPathsOf(reference.content)];
  const missing = paths.filter((p) => p.startsWith('spec.')).slice(0, 20).map((p) => `${p}.noSuchField`);
  // One assertion over all paths (an expect() per path costs ~50 µs, thousands of times): the diff names each path that differs.
  const all = [...paths, ...missing, 'spec.workloads[100000]'];
  expect(all.map((p) => [p, loaded.locate(p)])).toEqual(all.map((p) => [p, reference.locate(p)]));
}

describe('fast JSON mesh file reading agrees with yaml', () => {
  const examples = path.join(__dirname, '..', '..', 'examples');

  test.each(fs.readdirSync(examples).filter((f) => f.endsWith('.yaml')))('examples/%s as indented and as one-line JSON', (name) => {
    const value = YAML.parse(fs.readFileSync(path.join(examples, name), 'utf8'));
    expectSameAsYaml(JSON.stringify(value, null, 2));
    expectSameAsYaml(JSON.stringify(value));
  });

  test('a generated 30-workload mesh', () => {
    expectSameAsYaml(JSON.stringify(meshFile({ workloads: 30, namespaces: 6 }), null, 2));
  });

  test('escaped and number-like keys, strings with brackets, braces, commas and colons, empty collections, odd spacing', () => {
    const text = [
      '{ "apiVersion" : "secure-mesh.io/v1alpha1",', '"kind":"SecureMesh", "spec": {', '  "na\\u006despaces": [ {"name": "a,b:{c}[d]"}, {}, [], [[1, {"x": null}], true] ],',
      '  "selector":{"b":1,"2":"two","1":{"deep":[false , -1.5e3, "\\"quoted\\": yes"]}},', '  "\\"odd\\" key": {"x\\ty": "tab"},',
      '  "__proto__": {"polluted": true}', '}}',
    ].join('\n');
    expect(Object.keys((JSON.parse(text) as { spec: object }).spec)).toContain('__proto__');
    expectSameAsYaml(text);
    expectSameAsYaml(text.replace(/\n/g, '\r\n'));
  });

  test('a duplicate key anywhere, even deep in a list, is left to yaml (which refuses it)', () => {
    const text = '{"apiVersion": "secure-mesh.io/v1alpha1", "kind": "SecureMesh", "spec": {"workloads": [{"name": "a"}, {"name": "b", "ports": [{"port": 1, "port": 2}]}]}}';
    expect(fastJsonParse(text)).toBeUndefined();
    expect(() => parseMeshFile(text, 'dup.json')).toThrow(/^dup\.json:1:\d+: not valid YAML or JSON: Map keys must be unique/);
  });

  test('what JSON.parse would read differently from yaml is left to yaml', () => {
    expect(fastJsonParse('{"apiVersion": "a", "apiVersion": "b"}')).toBeUndefined(); // duplicate keys: yaml refuses them
    expect(fastJsonParse('{"a": 1,}')).toBeUndefined(); // not JSON
    expect(fastJsonParse('apiVersion: x')).toBeUndefined(); // YAML
    expect(() => parseMeshFile('{"apiVersion": "secure-mesh.io/v1alpha1", "apiVersion": "x", "kind": "SecureMesh", "spec": {}}', 'dup.json')).toThrow(/dup\.json/);
  });
});
