/**
 * The library reads a definition once and never touches the caller's objects (lib/model/snapshot.ts): on main the
 * resolution froze the caller's selectors, labels and CIDR exceptions (a later write in the caller threw), and a
 * getter was read by the checks and again by the emitters (validated as 10.0.0.0/8, emitted as 0.0.0.0/0).
 */
import { Testing } from 'cdk8s';
import { KServeMeshSecurity, Peer, resolveMesh, SecureMesh, SecureMeshError, synthesizeMesh, type SecureMeshProps } from '../../lib';
import { expandIntegrations } from '../../lib/integrations/integrations';
import { checkedSpec, MeshFileProblemsError, parseMeshFile } from '../../lib/model/mesh-file-loader';
import { stringify } from 'yaml';
import { smallMesh } from '../helpers/definitions';

/** A definition whose `cidr` getter answers 10.0.0.0/8 on the first read and 0.0.0.0/0 after: counts its reads. */
function definitionWithGetter(): { props: SecureMeshProps; reads: () => number } {
  let reads = 0;
  const from = {
    get cidr(): string {
      reads++;
      return reads === 1 ? '10.0.0.0/8' : '0.0.0.0/0';
    },
  };
  const props = smallMesh({
    workloads: [{ name: 'web', namespace: 'shop', ports: [{ name: 'http', port: 8080 }], ingress: [{ from: from as { cidr: string } }] }],
  });
  return { props, reads: () => reads };
}

function ipBlocks(objects: readonly { kind: string; spec?: unknown }[]): string[] {
  return objects.filter((o) => o.kind === 'NetworkPolicy').flatMap((o) => JSON.stringify(o.spec).match(/"cidr":"[^"]*"/g) ?? []);
}

describe('a getter is read exactly once: the validated value is the emitted value', () => {
  test('synthesizeMesh', () => {
    const { props, reads } = definitionWithGetter();
    const { objects } = synthesizeMesh(props);
    expect(ipBlocks(objects)).toEqual(['"cidr":"10.0.0.0/8"']);
    expect(reads()).toBe(1);
  });

  test('the SecureMesh construct', () => {
    const { props, reads } = definitionWithGetter();
    const chart = Testing.chart();
    new SecureMesh(chart, 'mesh', props);
    expect(ipBlocks(Testing.synth(chart))).toEqual(['"cidr":"10.0.0.0/8"']);
    expect(reads()).toBe(1);
  });

  test('resolveMesh', () => {
    const { props, reads } = definitionWithGetter();
    const mesh = resolveMesh(props);
    expect(mesh.workloads.find((w) => w.name === 'web')!.ingress[0].from).toMatchObject([{ kind: 'cidr', cidr: '10.0.0.0/8' }]);
    expect(reads()).toBe(1);
  });
});

describe("the caller's objects are never frozen or written", () => {
  const definition = (): SecureMeshProps =>
    smallMesh({
      namespaces: [{ name: 'shop', labels: { team: 'a' } }, { name: 'pay' }, { name: 'legacy', managed: false }],
      workloads: [
        { name: 'web', namespace: 'shop', selector: { app: 'web' }, ports: [{ name: 'http', port: 8080 }], ingress: [{ from: Peer.cidr('10.0.0.0/8', ['10.1.0.0/16']) }] },
      ],
    });

  test.each([
    ['synthesizeMesh', (p: SecureMeshProps) => synthesizeMesh(p)],
    ['resolveMesh', (p: SecureMeshProps) => resolveMesh(p)],
    ['expandIntegrations', (p: SecureMeshProps) => expandIntegrations(p)],
    ['SecureMesh', (p: SecureMeshProps) => new SecureMesh(Testing.chart(), 'mesh', p)],
    ['KServeMeshSecurity', (p: SecureMeshProps) => new KServeMeshSecurity(Testing.chart(), 'mesh', { ...p, kserve: { inferenceServices: [] } } as never)],
  ])('%s', (_name, run) => {
    const props = definition();
    const before = JSON.stringify(props);
    run(props);
    expect(JSON.stringify(props)).toBe(before);
    const web = props.workloads![0] as unknown as { selector: Record<string, string>; ingress: { from: { except: string[] } }[] };
    const labels = props.namespaces![0].labels as Record<string, string>;
    // A later write in the caller's code works (on main: TypeError, cannot assign to read only property).
    expect(() => {
      web.selector.app = 'web2';
      labels.team = 'b';
      web.ingress[0].from.except.push('10.2.0.0/16');
    }).not.toThrow();
    expect(Object.isFrozen(web.selector) || Object.isFrozen(labels) || Object.isFrozen(web.ingress[0].from.except)).toBe(false);
  });

  test('the objects a mesh was built from are its own: a later write in the caller does not change it', () => {
    const props = definition();
    const mesh = resolveMesh(props);
    (props.workloads![0].selector as Record<string, string>).app = 'changed';
    expect(mesh.workloads[0].selector).toEqual({ app: 'web' });
  });
});

test('a definition that refers back to itself is refused with the field path, not a stack overflow', () => {
  const props = smallMesh() as unknown as { workloads: Record<string, unknown>[] };
  props.workloads[0].selector = { app: 'web' };
  (props.workloads[0].selector as Record<string, unknown>).self = props.workloads[0];
  expect(() => synthesizeMesh(props)).toThrow(SecureMeshError);
  expect(() => synthesizeMesh(props)).toThrow(/workloads\[0\]\.selector\.self: refers back to an enclosing object/);
});

describe('a mesh file the fast readers parsed is taken without a copy, with the same checks', () => {
  // lib/model/mesh-file-loader.ts adopts JSON.parse / js-yaml trees (snapshot.ts adoptParsedDefinition): the checks
  // the copy made (nesting depth, unsafe text) must still refuse, located in the file.
  const header = (spec: unknown) => ({ apiVersion: 'secure-mesh.io/v1alpha1', kind: 'SecureMesh', metadata: { name: 'm' }, spec });
  const deep = (): unknown => {
    let value: unknown = 'x';
    for (let i = 0; i < 150; i++) value = { a: value };
    return value;
  };
  // JSON text for mesh.json (JSON.parse), block YAML for mesh.yaml (js-yaml's fast path: no anchors).
  const problemsOf = (value: unknown, file: string): string => {
    const text = file.endsWith('.json') ? JSON.stringify(value) : stringify(value);
    try {
      checkedSpec(parseMeshFile(text, file), resolveMesh);
    } catch (error) {
      expect(error).toBeInstanceOf(MeshFileProblemsError);
      return (error as Error).message;
    }
    throw new Error('not refused');
  };

  test.each(['mesh.json', 'mesh.yaml'])('%s nested 150 levels deep is refused with the field path', (file) => {
    const spec = { ...smallMesh(), workloads: [{ name: 'web', namespace: 'shop', selector: deep() }] };
    expect(problemsOf(header(spec), file)).toMatch(/:\d+:\d+: spec\.workloads\[0\]\.selector\.a\.a\.a.*: is nested more than 100 levels deep/);
  });

  test.each(['mesh.json', 'mesh.yaml'])('%s with a right-to-left override in a path is refused at the field', (file) => {
    const spec = { ...smallMesh(), workloads: [{ name: 'web', namespace: 'shop', ports: [{ name: 'http', port: 80 }], ingress: [{ from: { namespace: 'shop' }, paths: ['/a\u202e/b'] }] }] };
    expect(problemsOf(header(spec), file)).toContain('spec.workloads[0].ingress[0].paths[0]: holds a bidirectional formatting character, U+202E');
  });

  test('the adopted definition is what synthesis reads: one synthesis, no second copy, same objects as the copy', () => {
    const spec = smallMesh();
    const loaded = parseMeshFile(JSON.stringify(header(spec)), 'mesh.json');
    const adopted = checkedSpec(loaded, resolveMesh);
    expect(adopted).toBe(loaded.content.spec);
    expect(synthesizeMesh(adopted).objects).toEqual(synthesizeMesh(spec).objects);
  });
});
