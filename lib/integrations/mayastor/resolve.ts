import { dns1123LabelError } from '../../model/names';
import { parseDuration } from '../../model/duration';
import type { Expansion } from '../expansion';
import type { MayastorProps } from './definition';
import { AGENT_CORE_PORTS, COMPONENTS, DEFAULT_CA_DURATION, DEFAULT_NAMESPACE, DEFAULT_RELEASE, ETCD_HEADLESS_SUFFIX, type MayastorComponent } from './wellknown';

export interface ResolvedMayastor {
  readonly tls: boolean;
  readonly release: string;
  readonly namespace: string;
  readonly caDuration: string;
  readonly clusterDomain: string;
  readonly certificates: readonly MayastorCertificate[];
}

export interface MayastorCertificate {
  readonly component: MayastorComponent;
  /** `<release>-<component>-tls`: Certificate and Secret. */
  readonly secretName: string;
  /** `<release>-<workload>`: the Deployment, DaemonSet or StatefulSet the Secret is mounted into. */
  readonly workloadName: string;
  readonly dnsNames: readonly string[];
}

/**
 * Checks the `mayastor` section and adds its components as workloads of the mesh (so they show up in
 * the graph and reports). Components on the host network are marked `hostNetwork`: no sidecar, no
 * NetworkPolicy, but a certificate all the same. The namespace stays outside the sidecar mesh.
 */
export function expandMayastor(x: Expansion, y: MayastorProps): ResolvedMayastor {
  const release = y.release ?? DEFAULT_RELEASE;
  x.check('mayastor.release', release.length > 40 ? `"${release}" is longer than 40 characters (component names are derived from it)` : dns1123LabelError(release));
  const namespace = y.namespace ?? DEFAULT_NAMESPACE;
  x.check('mayastor.namespace', dns1123LabelError(namespace));
  const caDuration = y.caDuration ?? DEFAULT_CA_DURATION;
  const parsed = parseDuration(caDuration);
  if (typeof parsed !== 'number') x.problems.add('mayastor.caDuration', parsed.error);
  else {
    const leaf = parseDuration(x.props.pki?.certificateDefaults?.duration ?? '2160h');
    if (typeof leaf === 'number' && parsed < leaf) x.problems.add('mayastor.caDuration', `${caDuration} is shorter than the certificates it signs (pki.certificateDefaults.duration); a CA must not expire before its leaves`);
  }

  const declared = x.ensureNamespace({ name: namespace, sidecarInjection: false, isolation: 'none' }, 'mayastor.namespace');
  if (declared.managed === false) x.problems.add('mayastor.namespace', `namespace "${namespace}" is not managed (managed: false); Mayastor's certificates need a managed namespace`);
  else if ((declared.isolation ?? 'workload') !== 'none') {
    // Its request paths (docs/integrations.md) start on the host network: no NetworkPolicy peer names them.
    x.warn('mayastor.namespace', `namespace "${namespace}" is declared with isolation "${declared.isolation ?? 'workload'}", which puts default-deny on Mayastor: io-engine and the CSI and HA node agents run on the host network and call agent-core (${AGENT_CORE_PORTS.join(', ')}) and api-rest from node addresses that no NetworkPolicy peer names, and the components declare no callers; volumes stop being provisioned. Declare it with isolation: "none"`);
  }

  const workloads = [...new Map(COMPONENTS.map((c) => [c.workload, c])).values()];
  for (const c of workloads) {
    x.addWorkload({
      name: `${release}-${c.workload}`,
      namespace,
      selector: c.workload === 'etcd'
        ? { 'app.kubernetes.io/name': 'etcd', 'app.kubernetes.io/instance': release }
        : { app: c.app, 'app.kubernetes.io/instance': release },
      serviceAccount: `${release}-service-account`,
      ports: c.ports.map((p) => ({ ...p })),
      sidecar: false,
      hostNetwork: c.hostNetwork,
    }, 'mayastor.release');
  }

  const cd = x.clusterDomain;
  const certificates: MayastorCertificate[] = COMPONENTS.map((c) => {
    const service = `${release}-${c.workload}`;
    const headless = `${release}-${ETCD_HEADLESS_SUFFIX}`;
    const serviceNames = c.id === 'etcd-peer'
      ? [`*.${headless}.${namespace}.svc`, `*.${headless}.${namespace}.svc.${cd}`]
      : [service, `${service}.${namespace}.svc`, `${service}.${namespace}.svc.${cd}`];
    // etcd members also answer clients under their own pod names.
    const extra = c.id === 'etcd' ? [`*.${headless}.${namespace}.svc`, `*.${headless}.${namespace}.svc.${cd}`] : [];
    return { component: c, secretName: `${release}-${c.id}-tls`, workloadName: service, dnsNames: [...serviceNames, ...extra] };
  });
  return { tls: y.tls, release, namespace, caDuration, clusterDomain: cd, certificates };
}
