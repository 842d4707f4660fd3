/**
 * fast-check generators of random VALID secure-mesh definitions, through the public definition types
 * only. Names are short and fixed (namespaces `a`/`b`/`c`, workloads `api`/`db`/`web`), so shrunk
 * counterexamples read like hand-written ones. Host-network workloads are never generated: NetworkPolicies
 * cannot select them, so the reachability property would have nothing to compare.
 */
import fc from 'fast-check';
import { stringify } from 'yaml';
import type {
  EgressRuleProps, HttpMethod, IngressRuleProps, IsolationMode, MtlsMode, NamespaceProps, PeerSpec, PortProps,
  PortProtocol, SecureMeshProps, WorkloadProps,
} from '../../lib/model/definition';

export const MANAGED_NAMESPACES = ['a', 'b', 'c'] as const;
/** Namespaces outside the mesh that peers and egress rules name (two of them host system callers). */
export const UNMANAGED_NAMESPACES = ['ext', 'knative-serving', 'monitoring'] as const;
export const WORKLOAD_NAMES = ['api', 'db', 'web'] as const;
/** Container ports: none of them a sidecar port (15000-15090) that Istio treats specially. */
export const PORT_NUMBERS = [80, 3000, 5432, 8080, 9000] as const;
/** The port probed on workloads that declare none. */
export const UNDECLARED_TEST_PORT = 8080;
export const TEST_CIDR = '10.0.0.0/8';
export const EGRESS_CIDR = '203.0.113.0/24';
export const PATH_PATTERNS = ['/api/*', '/healthz', '*/metrics'] as const;
export const METHODS: readonly HttpMethod[] = ['GET', 'POST'];

const PREFIX: Readonly<Record<'HTTP' | 'TCP' | 'GRPC', string>> = { HTTP: 'http', TCP: 'tcp', GRPC: 'grpc' };

/** A generated definition that prints as YAML in fast-check's counterexample report. */
export class MeshCase {
  public constructor(public readonly def: SecureMeshProps) {}
  public toString(): string {
    return `\n${toYaml(this.def)}`;
  }
  public [fc.toStringMethod](): string {
    return this.toString();
  }
}

export function toYaml(def: unknown): string {
  return stringify(JSON.parse(JSON.stringify(def)), { lineWidth: 0, aliasDuplicateObjects: false });
}

/** `undefined` or a value: optional props are left out as often as they are set. */
function optional<T>(arb: fc.Arbitrary<T>): fc.Arbitrary<T | undefined> {
  return fc.option(arb, { nil: undefined });
}

/** Drops `undefined` fields, so the YAML of a case shows only what was set. */
function compact<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

interface Top {
  readonly istio: boolean;
  readonly networkPolicies: boolean;
  readonly monitoring: boolean;
  readonly meshMtls?: MtlsMode;
}

const arbTop: fc.Arbitrary<Top> = fc.record({
  istio: fc.oneof({ weight: 4, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) }),
  networkPolicies: fc.oneof({ weight: 4, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) }),
  monitoring: fc.boolean(),
  meshMtls: optional(fc.constantFrom<MtlsMode>('STRICT', 'PERMISSIVE')),
});

function arbManagedNamespace(top: Top, name: string): fc.Arbitrary<NamespaceProps> {
  return fc.record({
    sidecarInjection: top.istio ? optional(fc.boolean()) : fc.constant(undefined),
    isolation: optional(fc.constantFrom<IsolationMode>('workload', 'namespace', 'none')),
    mtls: top.istio ? optional(fc.constantFrom<MtlsMode>('STRICT', 'PERMISSIVE')) : fc.constant(undefined),
  }).map((ns) => compact({ name, ...ns }));
}

function arbUnmanagedNamespace(top: Top, name: string): fc.Arbitrary<NamespaceProps> {
  return fc.record({ sidecarInjection: top.istio ? optional(fc.boolean()) : fc.constant(undefined) })
    .map((ns) => compact({ name, managed: false, ...ns }));
}

function arbPort(port: number): fc.Arbitrary<PortProps> {
  return fc.record({
    protocol: fc.constantFrom<'HTTP' | 'TCP' | 'GRPC'>('HTTP', 'TCP', 'GRPC'),
    style: fc.constantFrom('protocol', 'name', 'both'),
  }).map(({ protocol, style }) => {
    // `name` alone exercises Istio's protocol-by-name-prefix selection.
    const name = `${PREFIX[protocol]}-${port}`;
    if (style === 'protocol') return { port, protocol };
    if (style === 'name') return { name, port };
    return { name, port, protocol };
  });
}

function arbWorkload(top: Top, namespace: string, name: string): fc.Arbitrary<WorkloadProps> {
  return fc.record({
    ports: fc.subarray([...PORT_NUMBERS], { maxLength: 2 }).chain((numbers) => fc.tuple(...numbers.map(arbPort))),
    serviceAccount: optional(fc.constant(`${name}-sa`)),
    selector: optional(fc.constant({ tier: `${name}-tier` })),
    sidecar: top.istio ? optional(fc.boolean()) : fc.constant(undefined),
  }).map(({ ports, ...rest }) => compact({ name, namespace, ...(ports.length > 0 ? { ports } : {}), ...rest }));
}

/** Every peer a rule of `target` may name in this definition. */
function peerCandidates(top: Top, namespaces: readonly NamespaceProps[], workloads: readonly WorkloadProps[], target: WorkloadProps): PeerSpec[] {
  const peers: PeerSpec[] = [];
  for (const w of workloads) {
    if (w.namespace === target.namespace) peers.push({ workload: w.name });
    peers.push({ workload: w.name, namespace: w.namespace });
  }
  for (const ns of namespaces) peers.push({ namespace: ns.name });
  peers.push({ cidr: TEST_CIDR }, { system: 'knative-serving' }, { system: 'istio-ingressgateway' });
  if (top.monitoring) peers.push({ system: 'prometheus' });
  return peers;
}

/** The ports a rule covers (its `ports`, else all), as protocols: paths/methods need them all HTTP. */
function coveredProtocols(target: WorkloadProps, ports: readonly (number | string)[] | undefined): PortProtocol[] {
  const declared = (target.ports ?? []).map((p) => ({ ...p, protocol: p.protocol ?? protocolFromName(p.name) }));
  const covered = ports === undefined ? declared : declared.filter((p) => ports.includes(p.port) || (p.name !== undefined && ports.includes(p.name)));
  return covered.map((p) => p.protocol);
}

function protocolFromName(name: string | undefined): PortProtocol {
  const prefix = name?.split('-')[0];
  return prefix === 'http' ? 'HTTP' : prefix === 'grpc' ? 'GRPC' : 'TCP';
}

function arbRule(top: Top, namespaces: readonly NamespaceProps[], workloads: readonly WorkloadProps[], target: WorkloadProps): fc.Arbitrary<IngressRuleProps> {
  const candidates = peerCandidates(top, namespaces, workloads, target);
  const declaredPorts = target.ports ?? [];
  const arbPorts: fc.Arbitrary<(number | string)[] | undefined> = declaredPorts.length > 0
    ? optional(fc.subarray([...declaredPorts], { minLength: 1 }).chain((ps) => fc.tuple(...ps.map((p) => (p.name ? fc.constantFrom<number | string>(p.port, p.name) : fc.constant<number | string>(p.port))))))
    : optional(fc.constant([UNDECLARED_TEST_PORT]));
  return fc.record({
    from: fc.oneof(
      fc.constantFrom(...candidates),
      fc.uniqueArray(fc.constantFrom(...candidates), { minLength: 1, maxLength: 2, selector: (p) => JSON.stringify(p) }),
    ),
    ports: arbPorts,
    http: fc.record({ paths: optional(fc.subarray([...PATH_PATTERNS], { minLength: 1, maxLength: 2 })), methods: optional(fc.subarray([...METHODS], { minLength: 1 })) }),
  }).map(({ from, ports, http }) => {
    const protocols = coveredProtocols(target, ports);
    const httpOnly = protocols.length > 0 && protocols.every((p) => p === 'HTTP' || p === 'GRPC');
    return compact({ from, ports, ...(httpOnly ? compact(http) : {}) });
  });
}

function arbEgress(unmanaged: readonly NamespaceProps[]): fc.Arbitrary<EgressRuleProps> {
  const targets: EgressRuleProps['to'][] = [{ cidr: EGRESS_CIDR }, ...unmanaged.map((ns) => ({ namespace: ns.name }))];
  return fc.record({ to: fc.constantFrom(...targets), ports: optional(fc.constant([443])) }).map((r) => compact(r));
}

/** A random valid definition: the namespaces, workloads, rules and switches the library must get right. */
export const arbDefinition: fc.Arbitrary<SecureMeshProps> = arbTop.chain((top) =>
  fc.record({
    managed: fc.subarray([...MANAGED_NAMESPACES], { minLength: 1 }).chain((names) => fc.tuple(...names.map((n) => arbManagedNamespace(top, n)))),
    unmanaged: fc.subarray([...UNMANAGED_NAMESPACES]).chain((names) => fc.tuple(...names.map((n) => arbUnmanagedNamespace(top, n)))),
  }).chain(({ managed, unmanaged }) =>
    fc.tuple(...managed.map((ns) => fc.subarray([...WORKLOAD_NAMES], { maxLength: 2 }).chain((names) => fc.tuple(...names.map((n) => arbWorkload(top, ns.name, n))))))
      .map((perNamespace) => perNamespace.flat())
      .chain((workloads) => {
        const namespaces = [...managed, ...unmanaged];
        return fc.tuple(...workloads.map((w) => fc.record({
          ingress: fc.array(arbRule(top, namespaces, workloads, w), { maxLength: 2 }),
          egress: fc.array(arbEgress(unmanaged), { maxLength: 1 }),
        }))).map((rules) => {
          const def: SecureMeshProps = compact({
            istio: top.istio ? (top.meshMtls ? { mtls: top.meshMtls } : undefined) : false as const,
            networkPolicies: top.networkPolicies ? undefined : false,
            monitoring: top.monitoring ? {} : undefined,
            namespaces,
            workloads: workloads.map((w, i) => compact({
              ...w,
              ingress: rules[i].ingress.length > 0 ? rules[i].ingress : undefined,
              egress: rules[i].egress.length > 0 ? rules[i].egress : undefined,
            })),
          });
          return def;
        });
      })));

export const arbMeshCase: fc.Arbitrary<MeshCase> = arbDefinition.map((def) => new MeshCase(def));
