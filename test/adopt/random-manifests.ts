/**
 * Random manifests for the import's never-widen property: namespaces with and without sidecars and labels, workloads
 * with named ports and service accounts, NetworkPolicies (pod and namespace selectors by labels, matchExpressions,
 * ipBlocks, named ports, ingress and egress), AuthorizationPolicies (ALLOW and DENY, principals, namespaces, ports,
 * paths, methods) and PeerAuthentications (per namespace and per workload).
 */
import fc from 'fast-check';
import type { K8sObject } from '../../lib/k8s-object';

const NAMESPACES = ['n1', 'n2', 'n3'];
const PORTS = [{ name: 'http', containerPort: 8080 }, { name: 'grpc-api', containerPort: 9090 }, { name: 'db', containerPort: 5432 }];
const TIERS = ['front', 'back'];

const labelSelector = (names: readonly string[]) => fc.oneof(
  fc.constant({}),
  fc.constantFrom(...names).map((app) => ({ matchLabels: { app } })),
  fc.subarray(TIERS, { minLength: 1 }).map((values) => ({ matchExpressions: [{ key: 'tier', operator: 'In', values }] })),
  fc.constant({ matchExpressions: [{ key: 'tier', operator: 'DoesNotExist' }] }),
);
const namespaceSelector = fc.oneof(
  fc.constantFrom(...NAMESPACES).map((ns) => ({ matchLabels: { 'kubernetes.io/metadata.name': ns } })),
  fc.constantFrom('a', 'b').map((team) => ({ matchLabels: { team } })),
  fc.constant({}),
);
const npPeer = (names: readonly string[]) => fc.oneof(
  labelSelector(names).map((podSelector) => ({ podSelector })),
  namespaceSelector.map((ns) => ({ namespaceSelector: ns })),
  fc.tuple(namespaceSelector, labelSelector(names)).map(([ns, pods]) => ({ namespaceSelector: ns, podSelector: pods })),
  fc.constantFrom({ ipBlock: { cidr: '10.0.0.0/8' } }, { ipBlock: { cidr: '0.0.0.0/0', except: ['10.0.0.0/8'] } }),
);
const npPorts = fc.option(fc.subarray([{ port: 8080 }, { port: 'grpc-api' }, { port: 5432 }, { port: 53, protocol: 'UDP' }], { minLength: 1 }), { nil: undefined });
const npRules = (names: readonly string[], key: 'from' | 'to') => fc.array(fc.record({ peers: fc.option(fc.array(npPeer(names), { minLength: 1, maxLength: 2 }), { nil: undefined }), ports: npPorts })
  .map(({ peers, ports }) => ({ ...(peers ? { [key]: peers } : {}), ...(ports ? { ports } : {}) })), { maxLength: 2 });

export const randomManifests: fc.Arbitrary<K8sObject[]> = fc.record({
  namespaces: fc.uniqueArray(fc.record({ name: fc.constantFrom(...NAMESPACES), injected: fc.boolean(), team: fc.constantFrom('a', 'b') }), { minLength: 1, maxLength: 3, selector: (n) => n.name }),
  workloads: fc.array(fc.record({ ns: fc.nat(2), tier: fc.option(fc.constantFrom(...TIERS), { nil: undefined }), ownSa: fc.boolean(), ports: fc.subarray(PORTS), inject: fc.constantFrom(undefined, 'true', 'false') }), { minLength: 2, maxLength: 5 }),
  policySeeds: fc.array(fc.nat(), { maxLength: 5 }),
}).chain(({ namespaces, workloads, policySeeds }) => {
  const ws = workloads.map((w, i) => ({ ...w, name: `w${i}`, namespace: namespaces[w.ns % namespaces.length].name }));
  const names = ws.map((w) => w.name);
  const nsNames = namespaces.map((n) => n.name);
  const networkPolicy = fc.record({
    ns: fc.constantFrom(...nsNames), podSelector: labelSelector(names), types: fc.constantFrom<string[]>(['Ingress'], ['Egress'], ['Ingress', 'Egress']),
    ingress: npRules(names, 'from'), egress: npRules(names, 'to'),
  }).map((p) => ({
    apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: `np-${p.types.join('').toLowerCase()}`, namespace: p.ns },
    spec: { podSelector: p.podSelector, policyTypes: p.types, ...(p.types.includes('Ingress') ? { ingress: p.ingress } : {}), ...(p.types.includes('Egress') ? { egress: p.egress } : {}) },
  }));
  const source = fc.oneof(
    fc.tuple(fc.constantFrom(...nsNames), fc.constantFrom('default', ...names)).map(([ns, sa]) => ({ principals: [`cluster.local/ns/${ns}/sa/${sa}`] })),
    fc.subarray(nsNames, { minLength: 1 }).map((namespaces) => ({ namespaces })),
  );
  const operation = fc.oneof(fc.constant(undefined), fc.record({ ports: fc.subarray(['8080', '9090', '5432'], { minLength: 1 }) }), fc.constant({ ports: ['8080'], paths: ['/orders*'] }), fc.constant({ methods: ['GET'] }));
  const authorizationPolicy = fc.record({
    ns: fc.constantFrom(...nsNames), app: fc.option(fc.constantFrom(...names), { nil: undefined }), action: fc.constantFrom('ALLOW', 'ALLOW', 'DENY'),
    rules: fc.array(fc.record({ source: fc.option(source, { nil: undefined }), operation }), { maxLength: 2 }),
  }).map((p) => ({
    apiVersion: 'security.istio.io/v1', kind: 'AuthorizationPolicy', metadata: { name: 'ap', namespace: p.ns },
    spec: {
      ...(p.app ? { selector: { matchLabels: { app: p.app } } } : {}), action: p.action,
      rules: p.rules.map((r: { source?: object; operation?: object }) => ({ ...(r.source ? { from: [{ source: r.source }] } : {}), ...(r.operation ? { to: [{ operation: r.operation }] } : {}) })),
    },
  }));
  const peerAuthentication = fc.record({ ns: fc.constantFrom(...nsNames), app: fc.option(fc.constantFrom(...names), { nil: undefined }), mode: fc.constantFrom('STRICT', 'PERMISSIVE') })
    .map((p) => ({ apiVersion: 'security.istio.io/v1', kind: 'PeerAuthentication', metadata: { name: p.app ? 'pa' : 'default', namespace: p.ns }, spec: { ...(p.app ? { selector: { matchLabels: { app: p.app } } } : {}), mtls: { mode: p.mode } } }));
  const policy: fc.Arbitrary<K8sObject> = fc.oneof({ arbitrary: networkPolicy, weight: 3 }, { arbitrary: authorizationPolicy, weight: 2 }, { arbitrary: peerAuthentication, weight: 1 });
  return fc.tuple(...policySeeds.map(() => policy)).map((policies: readonly K8sObject[]) => {
    const objects: K8sObject[] = [
      ...namespaces.map((n) => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: n.name, labels: { team: n.team, ...(n.injected ? { 'istio-injection': 'enabled' } : {}) } } })),
      ...ws.map((w) => ({
        apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: w.name, namespace: w.namespace },
        spec: {
          selector: { matchLabels: { app: w.name } },
          template: {
            metadata: { labels: { app: w.name, ...(w.tier ? { tier: w.tier } : {}), ...(w.inject ? { 'sidecar.istio.io/inject': w.inject } : {}) } },
            spec: { ...(w.ownSa ? { serviceAccountName: w.name } : {}), containers: [{ name: 'c', ports: w.ports }] },
          },
        },
      })),
      // Unique names per kind and namespace: what `kubectl apply` would keep.
      ...policies.map((p, i) => ({ ...p, metadata: { ...p.metadata, name: p.metadata.name === 'default' ? 'default' : `${p.metadata.name}-${i}` } })),
    ] as K8sObject[];
    return objects;
  });
});

