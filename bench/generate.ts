/**
 * Synthetic but realistic mesh definitions for the benchmark: N workloads over M namespaces, about
 * three callers per workload (a third of them from another namespace), HTTP path rules on a quarter
 * of the rules, app-level TLS on a fifth of the workloads, a few namespace/system callers, egress to
 * a CIDR here and there, and monitoring on. A seeded PRNG makes every size the same on every run.
 */
import type { IngressRuleProps, NamespaceProps, PeerSpec, SecureMeshProps, WorkloadProps } from '../lib/model/definition';
import { MESH_FILE_API_VERSION, MESH_FILE_KIND, type MeshFile } from '../lib/model/mesh-file';

/** One benchmark size. */
export interface MeshSize {
  readonly workloads: number;
  readonly namespaces: number;
}

/** The sizes the issue asks for: 10 to 5,000 workloads over 10 to 200 namespaces. */
export const BENCH_SIZES: readonly MeshSize[] = [
  { workloads: 10, namespaces: 10 },
  { workloads: 100, namespaces: 20 },
  { workloads: 1000, namespaces: 100 },
  { workloads: 5000, namespaces: 200 },
];

/** Average callers per workload (the "realistic fan-in"). */
const CALLERS_PER_WORKLOAD = 3;

/** mulberry32: a tiny, well-known 32-bit PRNG; good enough for test data, and deterministic. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PATHS = ['/api/*', '/v1/models/*', '/metrics', '/healthz', '/orders', '/orders/*', '*.json'];

/** A deterministic definition of the given size (same seed, same size → same definition). */
export function generateMesh(size: MeshSize, seed = 42): SecureMeshProps {
  const random = prng(seed ^ (size.workloads * 7919) ^ size.namespaces);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];

  const namespaces: NamespaceProps[] = [];
  for (let n = 0; n < size.namespaces; n++) {
    const isolation = n % 7 === 3 ? 'namespace' : 'workload';
    namespaces.push(n % 11 === 5 ? { name: nsName(n), isolation, mtls: 'PERMISSIVE' } : { name: nsName(n), isolation });
  }
  // Outside the mesh, referred to as callers.
  namespaces.push({ name: 'legacy', managed: false, sidecarInjection: false });
  namespaces.push({ name: 'knative-serving', managed: false, sidecarInjection: true });
  namespaces.push({ name: 'monitoring', managed: false });

  // Workloads are spread round-robin, so every namespace has some.
  const placed = Array.from({ length: size.workloads }, (_, i) => ({ name: `svc-${i}`, namespace: nsName(i % size.namespaces) }));
  const byNamespace = new Map<string, string[]>();
  for (const w of placed) byNamespace.set(w.namespace, [...(byNamespace.get(w.namespace) ?? []), w.name]);

  const workloads: WorkloadProps[] = placed.map((w, i) => {
    const grpc = random() < 0.3;
    const ports = grpc ? [{ name: 'grpc', port: 9000 }] : [{ name: 'http', port: 8080 }, ...(random() < 0.3 ? [{ name: 'http-admin', port: 9090 }] : [])];
    const ingress: IngressRuleProps[] = [];
    const callers = Math.max(0, Math.round(CALLERS_PER_WORKLOAD + (random() - 0.5) * 4));
    const used = new Set<string>([`${w.namespace}/${w.name}`]);
    for (let c = 0; c < callers; c++) {
      const from = callerFor(w.namespace, used);
      if (!from) continue;
      const withPaths = !grpc && random() < 0.25;
      ingress.push({
        from,
        ports: [ports[0].port],
        ...(withPaths ? { paths: [pick(PATHS), pick(PATHS)].filter((p, k, all) => all.indexOf(p) === k), methods: ['GET' as const, 'POST' as const] } : {}),
      });
    }
    if (i % 17 === 0) ingress.push({ from: { system: 'prometheus' }, ports: [ports[0].port], ...(grpc ? {} : { paths: ['/metrics'] }) });
    if (i % 23 === 0) ingress.push({ from: { namespace: 'legacy' }, ports: [ports[0].port] });
    return {
      name: w.name,
      namespace: w.namespace,
      ports,
      ...(i % 5 === 0 ? { tls: { mountPath: '/etc/tls', env: { enabled: 'TLS_ENABLED', certPath: 'TLS_CERT', keyPath: 'TLS_KEY', caPath: 'TLS_CA' } } } : {}),
      ...(ingress.length ? { ingress } : {}),
      ...(i % 29 === 0 ? { egress: [{ to: { cidr: '203.0.113.0/24' }, ports: [443] }] } : {}),
    };
  });

  return {
    name: 'bench',
    pki: { root: { type: 'selfSigned', commonName: 'bench root CA' }, intermediate: true },
    istio: { rootNamespace: 'istio-system', mtls: 'STRICT' },
    namespaces,
    workloads,
    monitoring: { prometheus: { namespace: 'monitoring' }, certificateAlerts: { expiringWithin: '168h' } },
  };

  /** A caller from the same namespace (two thirds) or another one, not yet used by this workload. */
  function callerFor(namespace: string, used: Set<string>): PeerSpec | undefined {
    for (let attempt = 0; attempt < 5; attempt++) {
      const crossNamespace = random() < 1 / 3 || (byNamespace.get(namespace)?.length ?? 0) < 2;
      const ns = crossNamespace ? pick(namespaces.slice(0, size.namespaces)).name : namespace;
      const name = pick(byNamespace.get(ns) ?? []);
      if (!name || used.has(`${ns}/${name}`)) continue;
      used.add(`${ns}/${name}`);
      return ns === namespace ? { workload: name } : { workload: name, namespace: ns };
    }
    return undefined;
  }
}

/** The definition as a mesh file (what `secure-mesh synth` reads). */
export function meshFile(size: MeshSize, seed = 42): MeshFile {
  return { apiVersion: MESH_FILE_API_VERSION, kind: MESH_FILE_KIND, metadata: { name: `bench-${size.workloads}` }, spec: generateMesh(size, seed) };
}

function nsName(n: number): string {
  return `team-${String(n).padStart(3, '0')}`;
}
