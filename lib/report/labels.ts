/** How an access and an endpoint read in the pictures: one short line each. */
import type { Access, WorkloadNode } from './types';

/**
 * `8080, 1000-2000 · GET POST /orders /orders/*` — ports and ranges, then methods and paths when narrowed, then what
 * is excluded (`not DELETE /admin/*`) and the hosts (`host api.example.com`, `not host …`).
 */
export function accessLabel(a: Access): string {
  const ports = a.ports.length === 0 ? 'all ports' : a.ports.join(', ');
  const http = [
    ...a.methods, ...a.paths,
    ...(a.notMethods?.length || a.notPaths?.length ? [`not ${[...(a.notMethods ?? []), ...(a.notPaths ?? [])].join(' ')}`] : []),
    ...(a.hosts?.length ? [`host ${a.hosts.join(' ')}`] : []),
    ...(a.notHosts?.length ? [`not host ${a.notHosts.join(' ')}`] : []),
  ].join(' ');
  return http ? `${ports} · ${http}` : ports;
}

/** The words for a transport: `mTLS`, `app TLS` (no mesh mTLS; the destination does TLS), `plaintext`. */
export function transportWords(mtls: Access['mtls']): string {
  return mtls === 'mutual' ? 'mTLS' : mtls === 'app-tls' ? 'app TLS' : 'plaintext';
}

/** What a cell adds after the terms: nothing for mutual TLS, else ` (app TLS)` / ` (plaintext)`. */
export function transportNote(a: Access): string {
  return a.mtls === 'mutual' ? '' : ` (${transportWords(a.mtls)})`;
}

/** `storefront/web` → `web`; `namespace:legacy` → `legacy (other pods)`; `cidr:x` as written, `any` → `anyone`. */
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
