/** JSON: the report as data, keys in a fixed order and accesses sorted, so it diffs cleanly. */
import { sortAccess } from './order';
import { compareStrings } from './objects';
import type { ConnectivityReport } from './types';

export function renderJson(report: ConnectivityReport): string {
  const stable: ConnectivityReport = {
    workloads: [...report.workloads].sort((a, b) => compareStrings(a.id, b.id)).map((w) => ({
      id: w.id, namespace: w.namespace, name: w.name,
      labels: Object.fromEntries(Object.keys(w.labels).sort(compareStrings).map((k) => [k, w.labels[k]])),
      ...(w.serviceAccount !== undefined ? { serviceAccount: w.serviceAccount } : {}), sidecar: w.sidecar,
    })),
    access: sortAccess(report.access).map((a) => {
      const reasons = a.reasons.map((r) => ({ layer: r.layer, object: r.object, detail: r.detail }));
      // Most accesses have no exclusions or hosts: one literal, without building and spreading empty objects.
      if (!a.notPaths && !a.notMethods && !a.hosts && !a.notHosts) return { from: a.from, to: a.to, ports: a.ports, paths: a.paths, methods: a.methods, mtls: a.mtls, reasons };
      return {
        from: a.from, to: a.to, ports: a.ports, paths: a.paths, methods: a.methods,
        ...(a.notPaths ? { notPaths: a.notPaths } : {}), ...(a.notMethods ? { notMethods: a.notMethods } : {}),
        ...(a.hosts ? { hosts: a.hosts } : {}), ...(a.notHosts ? { notHosts: a.notHosts } : {}),
        mtls: a.mtls,
        reasons,
      };
    }),
    notes: [...report.notes],
  };
  return `${JSON.stringify(stable, null, 2)}\n`;
}
