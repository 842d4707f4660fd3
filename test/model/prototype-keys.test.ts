/**
 * Names and keys the user chooses that are also `Object.prototype` members (`constructor`, `toString`, `valueOf`,
 * `hasOwnProperty`, ...) are names like any other (lib/own-key.ts). On main a port named `constructor` read its
 * protocol from `Object.prototype.constructor` (emitted without one), and the report read a named port `constructor`
 * as a function. The check is differential: a definition using these names must synthesize, check and report
 * exactly as the same definition with ordinary names in their place.
 */
import { analyzeConnectivity, Peer, runPack, synthesizeMesh, type SecureMeshProps } from '../../lib';
import { selectorsOverlap } from '../../lib/checks/object-index';

/** Prototype member names, each paired with an ordinary name of the same shape rules (case, characters). */
const NAMES: readonly (readonly [string, string])[] = [
  ['constructor', 'constrictor'],
  ['toString', 'toStrung'],
  ['valueOf', 'valueOx'],
  ['hasOwnProperty', 'hasOwnPropertx'],
  ['isPrototypeOf', 'isPrototypeOx'],
  ['propertyIsEnumerable', 'propertyIsEnumerablx'],
  ['toLocaleString', 'toLocaleStrung'],
];

/** The definition, written with the prototype names or with their ordinary stand-ins. */
function definition(name: (n: string) => string): SecureMeshProps {
  const labels = Object.fromEntries(NAMES.map(([n]) => [name(n), name('constructor')]));
  return {
    namespaces: [{ name: name('constructor'), labels }, { name: 'shop' }],
    workloads: [
      {
        name: name('constructor'), namespace: name('constructor'), serviceAccount: name('constructor'), selector: labels,
        ports: [{ name: name('constructor'), port: 8080 }, { name: 'http', port: 8081 }], tls: {},
        ingress: [{ from: Peer.workload('web', 'shop'), ports: [name('constructor'), 'http'] }],
      },
      {
        name: 'web', namespace: 'shop', selector: { [name('toString')]: 'web' }, ports: [{ name: 'http', port: 80 }],
        ingress: [{ from: Peer.workload(name('constructor'), name('constructor')), ports: ['http'] }],
      },
    ],
  };
}

test('a definition using prototype member names synthesizes, checks and reports like one with ordinary names', () => {
  const real = definition((n) => n);
  const ordinary = definition((n) => NAMES.find(([p]) => p === n)![1]);
  const run = (props: SecureMeshProps) => {
    // Plus a policy of the user's own naming a port that the destination does not declare (`toString`).
    const extra = (n: string) => ({
      apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'extra', namespace: 'shop' },
      spec: { podSelector: {}, policyTypes: ['Ingress'], ingress: [{ ports: [{ port: n, protocol: 'TCP' }] }] },
    });
    const objects = [...synthesizeMesh(props).objects, extra(props === real ? 'toString' : 'toStrung')];
    return JSON.stringify({ objects, findings: runPack(objects), report: analyzeConnectivity(objects) });
  };
  let expected = run(ordinary);
  for (const [p, o] of NAMES) expected = expected.split(o).join(p);
  expect(run(real)).toBe(expected);
});

test('a port named constructor is TCP, like any port whose name has no protocol prefix', () => {
  const { mesh } = synthesizeMesh(definition((n) => n));
  expect(mesh.workloads[0].ports[0]).toEqual({ name: 'constructor', port: 8080, protocol: 'TCP' });
});

test('selectors overlap unless a key both have differs (a key named like a prototype member included)', () => {
  expect(selectorsOverlap({ constructor: 'a' }, { app: 'b' })).toBe(true);
  expect(selectorsOverlap({ toString: 'a' }, { toString: 'b' })).toBe(false);
});

test('a __proto__ key stays a key (JSON.parse and both YAML readers keep it): refused as a label key, with its path', () => {
  const json = '{"namespaces":[{"name":"shop","labels":{"__proto__":"x"}}]}';
  expect(() => synthesizeMesh(JSON.parse(json))).toThrow(/namespaces\[0\]\.labels\.__proto__: label key "__proto__" is invalid/);
});
