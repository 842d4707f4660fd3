import { refOf } from '../finding';
import type { Rule, Violation } from '../rule';
import { containerPorts, portLevelPolicies, servicePortsFor, type ServicePortMapping } from './port-level-mtls-ports';

export const portLevelMtlsServicePort: Rule = {
  id: 'SM-IS-008b',
  severity: 'warning',
  title: 'PeerAuthentication portLevelMtls is keyed by a Service port instead of the container port',
  explanation:
    'Istio matches `portLevelMtls` keys against the port the workload listens on (the container port), not the Service ' +
    'port: "Port value in peer authentication policy is the container port, whereas in destination rule it is the service ' +
    'port". A key that is only a Service port (8000 → targetPort 80) matches nothing, so the port keeps the workload\'s ' +
    'mode (istio/istio#49098). Fix: key the entry by the Service\'s targetPort.',
  sources: ['istio/istio#49098', 'istio/istio.io#6546', 'istio/istio#27994'],
  *check({ index }): Iterable<Violation> {
    // Policies with the same selector in a namespace see the same pods and Services: work that out once.
    const seen = new Map<string, { declared: Set<number>; mappings: ServicePortMapping[] }>();
    for (const { policy, namespace, selector, ports, pods } of portLevelPolicies(index)) {
      const key = `${namespace}\0${JSON.stringify(Object.entries(selector).sort())}`;
      let known = seen.get(key);
      if (!known) {
        // With pod templates we know the pods' labels; without, the PeerAuthentication's selector stands in for them.
        const labelSets = new Map((pods.length > 0 ? pods.map((p) => p.labels) : [selector]).map((l) => [JSON.stringify(Object.entries(l).sort()), l]));
        known = {
          declared: new Set(pods.flatMap((p) => [...containerPorts(p).keys()])),
          mappings: [...labelSets.values()].flatMap((labels) => servicePortsFor(index, namespace, labels, pods)),
        };
        seen.set(key, known);
      }
      const { declared, mappings } = known;
      for (const port of ports) {
        if (declared.has(port) || mappings.some((m) => m.targetPort === port)) continue;
        const m = mappings.find((x) => x.port === port && x.targetPort !== undefined && x.targetPort !== port);
        if (!m) continue;
        yield {
          object: policy,
          message: `portLevelMtls key ${port} is the port of ${refOf(m.service)}, whose targetPort is ${m.targetPort}: PeerAuthentication matches container ports, so ${port} matches nothing. Use ${m.targetPort}.`,
          related: [m.service],
        };
      }
    }
  },
};
