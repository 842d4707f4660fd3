/**
 * Checking a connectivity report against the independent evaluator (test/evaluator), pair by pair: what the report
 * says a caller may do on a port of a destination must be exactly what `evaluate` lets through. Shared by the
 * platform cross-check and the random-mesh check.
 */
import type { K8sObject } from '../../lib/k8s-object';
import type { Access, ConnectivityReport, WorkloadNode } from '../../lib/report';
import { evaluate, isolatingPolicies, type Cluster, type Pod, type Request } from '../evaluator';

/** Not modelled by the evaluator: the sidecar does not capture them (istio-iptables excludes them). */
export const BYPASS = [15020, 15021, 15090];
/** A port no policy names, standing for "all other ports". */
export const OTHER_PORT = 61000;

/** Concrete ports to try for a report's port or range (`1000-2000`: both ends and one inside). */
export function portsToTry(p: number | string): number[] {
  if (typeof p === 'number') return [p];
  const [lo, hi] = p.split('-').map(Number);
  return [...new Set([lo, Math.floor((lo + hi) / 2), hi])];
}

/** Whether a report's ports (`[]`: all) hold `port`. */
export function portsHold(ports: readonly (number | string)[], port: number): boolean {
  return ports.length === 0 || ports.some((p) => (typeof p === 'number' ? p === port : (([lo, hi]) => lo <= port && port <= hi)(p.split('-').map(Number))));
}

/** A request that matches an Istio path pattern (`/a/*`, `*.json`, `/x/{*}`). */
export function concretePath(pattern: string): string {
  return pattern.replace(/\{\*\*\}/g, 'a/b').replace(/\{\*\}/g, 'a').replace(/\*$/, 'x').replace(/^\*/, '/x');
}

export interface EvaluatorWorld {
  readonly cluster: Cluster;
  /** Report ids (`ns/name`, `namespace:ns`) → the evaluator's pods. */
  readonly pods: Map<string, Pod>;
  /** Workloads known only from other policies' selectors: the report shows only callers whose egress names them. */
  readonly inferred: ReadonlySet<string>;
}

/**
 * The evaluator's cluster for `objects`, and a pod for every workload of the report and every `namespace:<ns>` caller
 * it shows (an unlabelled pod with the default service account; its data plane as the report assumed it, which the
 * notes state for namespaces without a Namespace object).
 */
export function evaluatorWorld(objects: readonly K8sObject[], report: ConnectivityReport): EvaluatorWorld {
  const namespaces = objects.filter((o) => o.kind === 'Namespace').map((o) => ({ name: o.metadata.name, labels: { ...(o.metadata.labels ?? {}) } }));
  const cluster: Cluster = { objects: [...objects], namespaces };
  const pods = new Map<string, Pod>();
  const toPod = (w: WorkloadNode): Pod => ({ namespace: w.namespace, labels: w.labels, serviceAccount: w.serviceAccount ?? 'default', sidecar: w.sidecar, service: w.name });
  for (const w of report.workloads) pods.set(w.id, toPod(w));
  for (const id of new Set(report.access.map((a) => a.from))) {
    if (!id.startsWith('namespace:')) continue;
    const ns = id.slice('namespace:'.length);
    const sidecar = namespaces.some((n) => n.name === ns && (n.labels['istio-injection'] === 'enabled' || n.labels['istio.io/rev'] !== undefined)) ||
      report.notes.some((n) => n.startsWith(`namespace ${ns}:`) && n.includes('assumed to run sidecars'));
    pods.set(id, { namespace: ns, labels: {}, serviceAccount: 'default', sidecar });
  }
  const inferred = new Set(report.notes.flatMap((n) => (/^([^ ]+\/[^ ]+): known only from NetworkPolicy selectors/.exec(n)?.[1] ?? [])));
  return { cluster, pods, inferred };
}

/** One disagreement: the request, what the report implies, what the evaluator decided. */
export interface Disagreement {
  readonly request: string;
  readonly report: boolean;
  readonly evaluator: boolean;
}

/** Whether an Istio string pattern matches (exact, `prefix*`, `*suffix`, `*`). */
function patternMatches(pattern: string, value: string): boolean {
  if (pattern === '*') return true;
  if (pattern.length > 1 && pattern.endsWith('*')) return value.startsWith(pattern.slice(0, -1));
  if (pattern.length > 1 && pattern.startsWith('*')) return value.endsWith(pattern.slice(1));
  return pattern === value;
}

/** What the report allows for one request: some access covering the port admits it (plain TCP only when unnarrowed). */
function reportAllows(accesses: readonly Access[], port: number, http?: { method: string; path: string }): boolean {
  return accesses.some((a) => portsHold(a.ports, port) && (http
    ? (a.methods.length === 0 || a.methods.includes(http.method)) && (a.paths.length === 0 || a.paths.some((p) => patternMatches(p, http.path))) &&
      !(a.notMethods ?? []).some((m) => patternMatches(m, http.method)) && !(a.notPaths ?? []).some((p) => patternMatches(p, http.path)) &&
      (a.hosts ?? []).length === 0
    : a.paths.length === 0 && a.methods.length === 0 && !a.notPaths && !a.notMethods && !a.hosts && !a.notHosts));
}

/**
 * Every caller pod × destination workload × port (those the report or the policies name, plus one no policy names),
 * as plain TCP and as HTTP requests (the paths the report shows, `/`; GET, POST and DELETE): each verdict of the
 * evaluator against what the report implies. Destinations with a DENY that only narrows HTTP requests, or with
 * operations the report does not show (hosts, notPaths, notMethods), are compared on plain TCP only.
 */
export function disagreements(world: EvaluatorWorld, report: ConnectivityReport, extraPorts: readonly number[] = []): { checked: number; found: Disagreement[] } {
  const { cluster, pods, inferred } = world;
  const ports = [...new Set([...report.access.flatMap((a) => a.ports.flatMap(portsToTry)), ...extraPorts, OTHER_PORT])].filter((p) => !BYPASS.includes(p));
  const paths = [...new Set([...report.access.flatMap((a) => a.paths).map(concretePath), '/'])];
  const byPair = new Map<string, Access[]>();
  for (const a of report.access) byPair.set(`${a.from} ${a.to}`, [...(byPair.get(`${a.from} ${a.to}`) ?? []), a]);
  const found: Disagreement[] = [];
  let checked = 0;
  for (const to of report.workloads) {
    const dest = pods.get(to.id)!;
    const tcpOnly = report.access.some((a) => a.to === to.id && a.reasons.some((r) => r.detail.includes(' excludes '))) ||
      report.notes.some((n) => n.startsWith('AuthorizationPolicy/') && n.includes('are not shown in the report'));
    for (const [fromId, from] of pods) {
      if (fromId === to.id) continue;
      // Towards pods known only from selectors, the report shows only callers whose egress names them.
      if (inferred.has(to.id) && isolatingPolicies(cluster, from, 'Egress').length === 0) continue;
      const accesses = byPair.get(`${fromId} ${to.id}`) ?? [];
      for (const port of ports) {
        const requests: { req: Request; http?: { method: string; path: string } }[] = [{ req: { from, to: dest, port, http: false } }];
        if (!tcpOnly) {
          for (const path of paths) for (const method of ['GET', 'POST', 'DELETE']) requests.push({ req: { from, to: dest, port, method, path }, http: { method, path } });
        }
        for (const { req, http } of requests) {
          const expected = reportAllows(accesses, port, http);
          const actual = evaluate(cluster, req).allowed;
          checked++;
          if (expected !== actual) found.push({ request: `${fromId} → ${to.id}:${port} ${http ? `${http.method} ${http.path}` : 'tcp'}`, report: expected, evaluator: actual });
        }
      }
    }
  }
  return { checked, found };
}
