import { IntOrString, KubeNamespace, KubeNetworkPolicy } from 'cdk8s-plus-28/lib/imports/k8s';
import { buildCharts } from '../../apps/main';
import { meshFile } from '../../bench/generate';
import { Certificate, ClusterIssuer } from '../../imports/cert-manager.io';
import { PrometheusRule, PrometheusRuleSpecGroupsRulesExpr } from '../../imports/monitoring.coreos.com';
import { DestinationRule, Sidecar } from '../../imports/networking.istio.io';
import { AuthorizationPolicy, PeerAuthentication } from '../../imports/security.istio.io';
import { Bundle } from '../../imports/trust.cert-manager.io';
import { Peer, RootOfTrust, type SecureMeshProps } from '../../lib';
import type { K8sObject } from '../../lib/k8s-object';
import * as kinds from '../../lib/mesh/kinds';
import { JSON_KEY_OF_PROP } from '../../lib/mesh/plain-manifest';
import { synthesizeMesh } from '../../lib/mesh/synthesize';
import { toYaml } from '../../lib/serialize/yaml';
import { smallMesh } from '../helpers/definitions';
import { testApp } from '../helpers/cdk8s';

/** The generated L1 class of every kind the emitters write as plain JSON (lib/mesh/kinds.ts). */
const L1_CLASSES: Readonly<Record<string, { GVK: { apiVersion: string; kind: string }; manifest(props: unknown): unknown }>> = {
  Namespace: KubeNamespace, NetworkPolicy: KubeNetworkPolicy, Certificate, ClusterIssuer, Bundle,
  PeerAuthentication, AuthorizationPolicy, DestinationRule, Sidecar, PrometheusRule,
};

const PROP_OF_JSON_KEY = new Map<string, string>(Object.entries(JSON_KEY_OF_PROP).map(([prop, json]) => [json, prop]));

/** A deep copy of JSON with the keys the generated code renames turned back into props keys (`isCA` → `isCa`). */
function renamedToProps(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(renamedToProps);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(Object.entries(value).map(([key, member]) => [PROP_OF_JSON_KEY.get(key) ?? key, renamedToProps(member)]));
}

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/**
 * The props that the emitters' JSON stands for: keys renamed back, and the fields the generated code types as a union
 * wrapper wrapped again. `<L1>.manifest(propsOf(obj))` must give `obj` back; a rename or a wrapper missing here or in
 * the emitters makes it differ (the generated code would drop or rename the field).
 */
function propsOf(obj: K8sObject): Json {
  const { apiVersion: _apiVersion, kind, ...json } = obj;
  const props = renamedToProps(json) as Json;
  if (kind === 'NetworkPolicy') {
    for (const rule of [...(props.spec.ingress ?? []), ...(props.spec.egress ?? [])]) {
      for (const port of rule.ports ?? []) port.port = typeof port.port === 'number' ? IntOrString.fromNumber(port.port) : IntOrString.fromString(port.port);
    }
  }
  if (kind === 'PrometheusRule') {
    for (const group of props.spec.groups) for (const rule of group.rules) rule.expr = PrometheusRuleSpecGroupsRulesExpr.fromString(rule.expr);
  }
  return props;
}

/** Definitions that together make every emitter take each of its branches. */
const DEFINITIONS: readonly [string, SecureMeshProps][] = [
  ['generated 60-workload mesh', meshFile({ workloads: 60, namespaces: 8 }).spec as SecureMeshProps],
  ['small mesh with monitoring', smallMesh({ monitoring: {} })],
  ['namespace isolation, PERMISSIVE, none', smallMesh({ namespaces: [{ name: 'shop', mtls: 'PERMISSIVE', isolation: 'namespace' }, { name: 'pay', isolation: 'none' }, { name: 'legacy', managed: false }] })],
  ['vault root', smallMesh({ pki: { root: RootOfTrust.vault({ server: 'https://vault:8200', path: 'pki_int/sign/mesh', auth: { role: 'mesh' }, caSecretName: 'vault-ca' }) } })],
  ['CA Secret root, no intermediate', smallMesh({ pki: { root: RootOfTrust.fromSecret('corp-ca'), intermediate: false } })],
  ['CA rotation', smallMesh({ pki: { rotation: { phase: 'trust-both', newRoot: { type: 'selfSigned', commonName: 'mesh root CA 2' } } } })],
  ['CIDR callers and egress, workload without sidecar', smallMesh({
    workloads: [
      ...smallMesh().workloads!.slice(0, 2),
      { ...smallMesh().workloads![2], sidecar: false, ingress: [{ from: [Peer.cidr('10.0.0.0/8', ['10.1.0.0/16']), Peer.workload('web', 'shop')], ports: [7000] }], egress: [{ to: Peer.cidr('203.0.113.0/24'), ports: [443] }] },
    ],
  })],
];

function objectsOfApps(): K8sObject[] {
  const app = testApp();
  buildCharts(app);
  return app.charts.flatMap((chart) => chart.toJson() as K8sObject[]);
}

describe('plainManifest(): the emitters write the JSON the generated L1 classes write', () => {
  test('each emitted kind has the apiVersion and kind of its generated class', () => {
    const declared = Object.values(kinds).map((k) => ({ apiVersion: k.apiVersion, kind: k.kind }));
    expect(declared.map((k) => k.kind).sort()).toEqual(Object.keys(L1_CLASSES).sort());
    for (const k of declared) expect({ ...L1_CLASSES[k.kind].GVK }).toEqual(k);
  });

  test.each(DEFINITIONS)('%s: every object equals <L1>.manifest() of its props, and the YAML is the same', (_name, definition) => {
    const objects = synthesizeMesh(definition).objects;
    const generated = objects.map((o) => L1_CLASSES[o.kind].manifest(propsOf(o)));
    // Strictly: the same keys (no `undefined` members the generated code would drop), values and plain objects.
    expect(objects).toStrictEqual(generated);
    expect(toYaml(objects)).toBe(toYaml(generated as K8sObject[]));
  });

  test('the definitions cover every emitted kind, including renamed keys and union-typed fields', () => {
    const objects = DEFINITIONS.flatMap(([, d]) => synthesizeMesh(d).objects);
    expect([...new Set(objects.map((o) => o.kind))].sort()).toEqual(Object.keys(L1_CLASSES).sort());
    expect(objects.some((o) => (o.spec as Json).isCA === true)).toBe(true);
    expect(objects.some((o) => o.kind === 'NetworkPolicy' && (o.spec as Json).egress?.some((r: Json) => r.ports?.length > 0))).toBe(true);
  });

  test('the example apps (integrations included): every object of an emitted kind equals <L1>.manifest() of its props', () => {
    const objects = objectsOfApps().filter((o) => L1_CLASSES[o.kind] !== undefined);
    expect(objects.length).toBeGreaterThan(50);
    for (const o of objects) expect(o).toStrictEqual(L1_CLASSES[o.kind].manifest(propsOf(o)));
  });

  test('every object is a fresh tree: nothing shared with another object or the resolved mesh, nothing frozen', () => {
    const { objects } = synthesizeMesh(DEFINITIONS[0][1]);
    const seen = new Set<object>();
    const visit = (value: unknown): void => {
      if (typeof value !== 'object' || value === null) return;
      expect(seen.has(value)).toBe(false);
      expect(Object.isFrozen(value)).toBe(false);
      seen.add(value);
      for (const member of Object.values(value)) visit(member);
    };
    for (const o of objects) visit(o);
    expect(seen.size).toBeGreaterThan(objects.length * 5);
  });
});
