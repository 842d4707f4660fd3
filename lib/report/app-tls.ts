/**
 * Ports on which a destination does TLS itself (outside the mesh): without Istio mTLS such a connection is not
 * plaintext. Read from the emitted objects only:
 * - a cert-manager Certificate whose dnsNames name a Service in front of the pods (`<svc>`, `<svc>.<ns>`,
 *   `<svc>.<ns>.svc`, `<svc>.<ns>.svc.<cluster domain>`): the pods serve that certificate, so every port they are
 *   reached on is taken as TLS (but the sidecar's own 15020/15021/15090); this is how secure-mesh wires `tls` of a
 *   workload, ModelMesh and Mayastor (an approximation: a pod may also serve plaintext metrics);
 * - a TLS port name or appProtocol on a Service or container port (Istio protocol selection: name `https`/`tls` or
 *   `https-…`/`tls-…`, or `appProtocol: https|tls`);
 * - istiod's own TLS ports (Istio "Ports used by Istio": 15012 xDS and CA over TLS, 15017 webhooks), for pods
 *   labelled `app: istiod` (also when known only from selectors).
 */
import type { K8sObject } from '../k8s-object';
import type { Endpoint } from './endpoint';
import { asArray, asRecord, asStrings, isKind, namespaceOf, specOf } from './objects';
import { ISTIOD_XDS_PORT, SIDECAR_BYPASS_PORTS } from './wellknown';

/** istiod's webhook container port (Istio "Ports used by Istio"). */
const ISTIOD_WEBHOOK_PORT = 15017;
const ISTIOD_TLS_PORTS: readonly number[] = [ISTIOD_XDS_PORT, ISTIOD_WEBHOOK_PORT];

const TLS_NAME = /^(https|tls)(-|$)/i;
const TLS_APP_PROTOCOLS: ReadonlySet<string> = new Set(['https', 'tls']);

function isTlsPort(port: Record<string, unknown>): boolean {
  return (typeof port.name === 'string' && TLS_NAME.test(port.name)) || (typeof port.appProtocol === 'string' && TLS_APP_PROTOCOLS.has(port.appProtocol.toLowerCase()));
}

export class AppTls {
  private readonly services = new Map<string, K8sObject[]>();
  private readonly certNames = new Map<string, Set<string>>();
  private readonly byDest = new Map<Endpoint, { readonly all: boolean; readonly ports: ReadonlySet<number> }>();

  public constructor(objects: readonly K8sObject[], private readonly clusterDomain: string) {
    for (const o of objects) {
      const ns = namespaceOf(o);
      if (isKind(o, '', 'Service')) {
        const list = this.services.get(ns);
        if (list) list.push(o);
        else this.services.set(ns, [o]);
      } else if (isKind(o, 'cert-manager.io', 'Certificate')) {
        let names = this.certNames.get(ns);
        if (!names) this.certNames.set(ns, (names = new Set()));
        for (const n of asStrings(specOf(o).dnsNames) ?? []) names.add(n.toLowerCase());
      }
    }
  }

  /** Whether `dest` declares TLS on `port` (a concrete port). */
  public has(dest: Endpoint, port: number): boolean {
    let ports = this.byDest.get(dest);
    if (!ports) this.byDest.set(dest, (ports = this.tlsPorts(dest)));
    return ports.ports.has(port) || (ports.all && !SIDECAR_BYPASS_PORTS.includes(port));
  }

  private tlsPorts(dest: Endpoint): { readonly all: boolean; readonly ports: ReadonlySet<number> } {
    const out = new Set<number>();
    if (dest.namespace === undefined) return { all: false, ports: out };
    const ns = dest.namespace;
    if (dest.labels.app === 'istiod') for (const p of ISTIOD_TLS_PORTS) out.add(p);
    const services = (this.services.get(ns) ?? []).filter((s) => selects(asRecord(specOf(s).selector), dest.labels));
    const resolve = (target: unknown, fallback: unknown): number | undefined =>
      typeof target === 'number' ? target : typeof target === 'string' ? (/^\d+$/.test(target) ? Number(target) : dest.namedPorts[target]) : typeof fallback === 'number' ? fallback : undefined;
    for (const [name, number] of Object.entries(dest.namedPorts)) if (TLS_NAME.test(name)) out.add(number);
    const names = this.certNames.get(ns);
    const serviceNames = new Set([...services.map((s) => s.metadata.name), ...(dest.service !== undefined ? [dest.service] : [])]);
    const certified = names !== undefined && [...serviceNames].some((svc) =>
      [svc, `${svc}.${ns}`, `${svc}.${ns}.svc`, `${svc}.${ns}.svc.${this.clusterDomain}`].some((h) => names.has(h.toLowerCase())));
    for (const s of services) {
      for (const raw of asArray(specOf(s).ports) ?? []) {
        const port = asRecord(raw) ?? {};
        const target = resolve(port.targetPort, port.port);
        if (target === undefined) continue;
        if (isTlsPort(port)) out.add(target);
      }
    }
    for (const p of SIDECAR_BYPASS_PORTS) out.delete(p); // the sidecar's own plaintext ports
    return { all: certified, ports: out };
  }
}

function selects(selector: Record<string, unknown> | undefined, labels: Readonly<Record<string, string>>): boolean {
  if (!selector || Object.keys(selector).length === 0) return false;
  return Object.entries(selector).every(([k, v]) => labels[k] === String(v));
}
