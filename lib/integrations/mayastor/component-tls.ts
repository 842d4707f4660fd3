import type { ResolvedMayastor } from './resolve';
import { RELOADER_SECRET_ANNOTATION } from '../app-tls/wellknown';
import { ETCD_CA_FILENAME, HOT_RELOAD_ANNOTATION, ETCD_CERT_FILENAME, ETCD_KEY_FILENAME, TLS_MOUNT_PATH, TLS_VOLUME } from './wellknown';

/** What one Mayastor workload needs to use its certificate: plain data for Helm values or a patch. */
export interface MayastorComponentTls {
  /** `<release>-<component>`, the workload to change. */
  readonly workloadName: string;
  readonly secretName: string;
  readonly volume: { readonly name: string; readonly secret: { readonly secretName: string } };
  readonly volumeMount: { readonly name: string; readonly mountPath: string; readonly readOnly: true };
  /** Flags that point the component at the files (documented for api-rest and agent-core). */
  readonly args: readonly string[];
  /** Whether the workload runs on the host network (outside the sidecar mesh and NetworkPolicies). */
  readonly hostNetwork: boolean;
  /** Pod-template annotations for components that re-read renewed files themselves. */
  readonly podAnnotations: Readonly<Record<string, string>>;
  /** Workload annotations that restart the others on renewal (Stakater Reloader). */
  readonly workloadAnnotations: Readonly<Record<string, string>>;
}

/** Per component: volume, mount and arguments (empty with the TLS switch off: plain HTTP, no files). */
export function mayastorComponentTls(y: ResolvedMayastor): MayastorComponentTls[] {
  if (!y.tls) return [];
  return y.certificates.filter((c) => c.component.id !== 'etcd-peer' && c.component.id !== 'etcd').map((c) => ({
    workloadName: c.workloadName,
    secretName: c.secretName,
    volume: { name: TLS_VOLUME, secret: { secretName: c.secretName } },
    volumeMount: { name: TLS_VOLUME, mountPath: TLS_MOUNT_PATH, readOnly: true as const },
    args: [...c.component.args],
    hostNetwork: c.component.hostNetwork,
    podAnnotations: c.component.hotReload ? { [HOT_RELOAD_ANNOTATION]: 'hot' } : ({} as Record<string, string>),
    workloadAnnotations: c.component.hotReload ? ({} as Record<string, string>) : { [RELOADER_SECRET_ANNOTATION]: c.secretName },
  }));
}

/**
 * Helm values for the mayastor chart: the TLS switch, HTTPS endpoints, and the bitnami etcd subchart's
 * client and peer TLS from the emitted Secrets (etcd reads cert-manager's `tls.crt`/`tls.key`/`ca.crt`).
 */
export function mayastorHelmValues(y: ResolvedMayastor): Record<string, unknown> {
  const etcd = (id: 'etcd' | 'etcd-peer') => y.certificates.find((c) => c.component.id === id)?.secretName ?? '';
  const transport = (secret: string) => y.tls
    ? { secureTransport: true, useAutoTLS: false, existingSecret: secret, enableAuthentication: true, certFilename: ETCD_CERT_FILENAME, certKeyFilename: ETCD_KEY_FILENAME, caFilename: ETCD_CA_FILENAME }
    : { secureTransport: false };
  return {
    base: { tls: { enabled: y.tls } },
    etcd: { auth: { client: transport(etcd('etcd')), peer: transport(etcd('etcd-peer')) } },
  };
}
