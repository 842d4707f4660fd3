/** How an access and an endpoint read in the pictures: one short line each. */
import type { Access, WorkloadNode } from './types';

/** `8080, 9090 · GET POST /orders /orders/*` — ports, then methods and paths when narrowed. */
export function accessLabel(a: Access): string {
  const ports = a.ports.length === 0 ? 'all ports' : a.ports.join(', ');
  const http = [...a.methods, ...a.paths].join(' ');
  return http ? `${ports} · ${http}` : ports;
}

/** `storefront/web` → `web`; `namespace:legacy` → `legacy (other pods)`; `cidr:x` / `any` as written. */
export function endpointLabel(id: string, nodes: ReadonlyMap<string, WorkloadNode>): string {
  const node = nodes.get(id);
  if (node) return node.name;
  if (id.startsWith('namespace:')) return `${id.slice('namespace:'.length)} (other pods)`;
  return id === 'any' ? 'anyone' : id;
}

/** Namespace an endpoint is drawn in, or undefined for callers outside the cluster. */
export function endpointNamespace(id: string, nodes: ReadonlyMap<string, WorkloadNode>): string | undefined {
  const node = nodes.get(id);
  if (node) return node.namespace;
  return id.startsWith('namespace:') ? id.slice('namespace:'.length) : undefined;
}
