/**
 * fast-check generators of definitions whose names are drawn from every name the library derives objects from: the
 * namespace-level policy names (`default`, `default-deny`, `allow-same-namespace`), look-alikes (`deny-all`,
 * `default-deny-x`), `<workload>-tls`, the PKI's `<mesh>-root-ca` / `<mesh>-intermediate-ca` (and a rotation's `-b`),
 * a root Secret, the integrations' fixed names (Mayastor's `<release>-root-ca` and `<release>-<component>-tls`,
 * ModelMesh's `modelmesh-serving-tls`, KServe's `kserve-cluster-local-tls`, `inferenceservice-config`,
 * `model-serving-config`), in namespaces the PKI and the integrations also use. Many are refused; the rest must emit
 * no identity twice (test/property/identities.test.ts).
 */
import fc from 'fast-check';
import type { NamespaceProps, SecureMeshProps, WorkloadProps } from '../../lib/model/definition';

/** Namespaces a definition and its PKI and integrations share. */
export const SHARED_NAMESPACES = ['a', 'cert-manager', 'mayastor', 'modelmesh-serving'] as const;
/** Mesh names: the default, and ones equal to an integration's release or a workload. */
export const MESH_NAMES = ['mesh', 'mayastor', 'web'] as const;
/** Workload names: the reserved ones, look-alikes, and names of objects other emitters derive. */
export const DERIVED_WORKLOAD_NAMES = [
  'default', 'default-deny', 'allow-same-namespace', 'deny-all', 'default-deny-x', 'web', 'api', 'web-tls',
  'mesh-root-ca', 'mesh-intermediate-ca', 'mesh-intermediate', 'mayastor-root-ca', 'modelmesh-serving', 'mayastor-api-rest',
  'model-serving-config', 'x-predictor', 'mesh-certificate-alerts',
] as const;
/** Secret names: CA Secrets, other workloads' defaults, integration certificates. */
export const DERIVED_SECRET_NAMES = [
  'web-tls', 'api-tls', 'mesh-root-ca', 'mesh-intermediate-ca', 'mesh-root-ca-b', 'mesh-intermediate-ca-b', 'mayastor-root-ca',
  'mayastor-etcd-tls', 'mayastor-api-rest-tls', 'modelmesh-serving-tls', 'modelmesh-serving-tls-next', 'kserve-cluster-local-tls', 'corp-ca',
  'web-root-ca',
] as const;

function optional<T>(arb: fc.Arbitrary<T>): fc.Arbitrary<T | undefined> {
  return fc.option(arb, { nil: undefined });
}

function compact<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

function arbWorkload(istio: boolean): fc.Arbitrary<WorkloadProps> {
  return fc.record({
    name: fc.constantFrom(...DERIVED_WORKLOAD_NAMES),
    namespace: fc.constantFrom(...SHARED_NAMESPACES),
    sidecar: istio ? optional(fc.boolean()) : fc.constant(undefined),
    tls: optional(fc.record({ secretName: optional(fc.constantFrom(...DERIVED_SECRET_NAMES)) }).map(compact)),
    calledBy: fc.constantFrom('namespace', 'cidr', 'none'),
  }).map(({ calledBy, ...w }) => compact({
    ...w,
    // Called, so it gets its AuthorizationPolicy, NetworkPolicy and (sidecar and plaintext callers) PeerAuthentication.
    ports: [{ name: 'http', port: 8080 }],
    ingress: calledBy === 'namespace' ? [{ from: { namespace: w.namespace } }] : calledBy === 'cidr' ? [{ from: { cidr: '10.0.0.0/8' } }] : undefined,
  }));
}

function inNamespace(w: WorkloadProps, namespace: string): WorkloadProps {
  const calledByNamespace = w.ingress?.some((r) => 'namespace' in (r.from as object));
  return { ...w, namespace, ...(calledByNamespace ? { ingress: [{ from: { namespace } }] } : {}) };
}

/** A definition over the shared names, with any of the PKI variants, a trust bundle name and the integrations. */
export const arbDerivedNamesDefinition: fc.Arbitrary<SecureMeshProps> = fc.boolean().chain((istio) => fc.record({
  name: optional(fc.constantFrom(...MESH_NAMES)),
  pkiNamespace: optional(fc.constantFrom(...SHARED_NAMESPACES)),
  rootSecret: optional(fc.constantFrom('corp-ca', 'mesh-intermediate-ca', 'web-tls')),
  rotation: optional(fc.constantFrom('trust-both', 'issue-from-new', 'drop-old')),
  bundleName: optional(fc.constantFrom('model-serving-config', 'inferenceservice-config', 'trust')),
  namespaces: fc.uniqueArray(fc.record({ name: fc.constantFrom(...SHARED_NAMESPACES), isolation: optional(fc.constantFrom('workload', 'namespace', 'none')) }), { minLength: 1, selector: (n) => n.name }),
  workloads: fc.array(arbWorkload(istio), { maxLength: 5 }),
  mayastor: optional(fc.record({ release: fc.constantFrom('mayastor', 'mesh', 'web'), namespace: fc.constantFrom(...SHARED_NAMESPACES) })),
  modelmesh: optional(fc.record({ controllerNamespace: fc.constantFrom(...SHARED_NAMESPACES), secretName: optional(fc.constantFrom(...DERIVED_SECRET_NAMES)) })),
  kserve: istio ? optional(fc.record({ isvc: fc.constantFrom('x', 'default', 'web'), namespace: fc.constantFrom(...SHARED_NAMESPACES), gateway: optional(fc.record({ namespace: fc.constantFrom(...SHARED_NAMESPACES), credentialName: optional(fc.constantFrom(...DERIVED_SECRET_NAMES)) })) })) : fc.constant(undefined),
}).map((d) => {
  const def: SecureMeshProps = compact({
    name: d.name,
    istio: istio ? undefined : false as const,
    pki: compact({
      namespace: d.pkiNamespace,
      root: d.rootSecret ? { type: 'secret' as const, secretName: d.rootSecret } : undefined,
      rotation: d.rotation ? { phase: d.rotation, newRoot: { type: 'selfSigned' as const, commonName: 'new root CA' } } : undefined,
      trustBundle: d.bundleName ? { name: d.bundleName } : undefined,
    }),
    namespaces: d.namespaces.map((n) => compact(n) as NamespaceProps),
    // Workloads live in declared namespaces (an undeclared one is refused for a reason of no interest here).
    workloads: d.workloads.map((w) => (d.namespaces.some((n) => n.name === w.namespace) ? w : inNamespace(w, d.namespaces[0].name))),
    mayastor: d.mayastor ? { tls: true, ...d.mayastor } : undefined,
    modelmesh: d.modelmesh ? compact({
      controllerNamespace: d.modelmesh.controllerNamespace,
      tls: d.modelmesh.secretName ? { secretName: d.modelmesh.secretName } : undefined,
      etcd: { cidrs: ['10.1.0.0/16'] },
      kubernetesApiCidr: '10.96.0.1/32',
    }) : undefined,
    kserve: d.kserve ? compact({
      disableIstioVirtualHost: d.kserve.gateway ? false : undefined,
      localGateway: d.kserve.gateway ? compact({ ...d.kserve.gateway }) : undefined,
      inferenceServices: [{ name: d.kserve.isvc, namespace: d.kserve.namespace, bypassActivator: true }],
    }) : undefined,
  } as SecureMeshProps);
  return def;
}));
