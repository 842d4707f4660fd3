import type { K8sObject } from '../../k8s-object';
import { asArray, asRecord, SelectorIndex, stringMap } from '../object-index';
import type { Rule, Violation } from '../rule';
import { DNS_PORT } from '../../network/wellknown';
import { ISTIOD_XDS_PORT } from '../../istio/wellknown';

export const defaultDenyBlocksMeshEgress: Rule = {
  id: 'SM-NP-027',
  severity: 'error',
  title: 'Egress NetworkPolicy in a meshed namespace does not allow DNS or istiod',
  explanation:
    'When a NetworkPolicy with `Egress` in `policyTypes` selects a pod, all egress not allowed by some policy is dropped. ' +
    'Sidecars must reach istiod on TCP 15012 (configuration and their certificate) and kube-dns on UDP and TCP 53; without ' +
    'them proxies stay NotReady ("citadelclient Failed to create certificate … i/o timeout") and names do not resolve. Fix: ' +
    'add egress rules to kube-dns (UDP+TCP 53) and to istiod (TCP 15012) for the selected pods.',
  sources: ['istio/istio#32945', 'istio/istio#31717', 'IBM-Cloud/kube-samples#98', 'istio-kserve-modelmesh.md §3'],
  *check({ index }): Iterable<Violation> {
    // Egress policies per namespace, computed once with what each allows, and indexed by selector: every NetworkPolicy
    // looks up the policies that select the same pods instead of testing all of its namespace's (which was quadratic).
    const egressByNs = new Map<string, SelectorIndex<EgressAllowed>>();
    const egressPolicies: { np: K8sObject; ns: string; selector: Record<string, string> }[] = [];
    for (const np of index.ofKind('NetworkPolicy')) {
      const spec = asRecord(np.spec);
      if (!asArray(spec.policyTypes).includes('Egress')) continue;
      const ns = np.metadata.namespace ?? 'default';
      const selector = stringMap(asRecord(spec.podSelector).matchLabels);
      let policies = egressByNs.get(ns);
      if (!policies) egressByNs.set(ns, (policies = new SelectorIndex()));
      policies.add(selector, egressAllowed(asArray(spec.egress)));
      egressPolicies.push({ np, ns, selector });
    }
    for (const { np, ns, selector } of egressPolicies) {
      if (index.namespaceMeshed(ns) !== true) continue;
      // Every egress rule from every policy that selects the same pods counts (policies are additive), until all three
      // are allowed: usually by the namespace's default-deny, which selects every pod and is visited first.
      let dnsUdp = false;
      let dnsTcp = false;
      let istiod = false;
      egressByNs.get(ns)!.someMatching(selector, (a) => {
        dnsUdp ||= a.dnsUdp;
        dnsTcp ||= a.dnsTcp;
        istiod ||= a.istiod;
        return dnsUdp && dnsTcp && istiod;
      });
      const missing: string[] = [];
      if (!dnsUdp) missing.push(`DNS (UDP ${DNS_PORT})`);
      if (!dnsTcp) missing.push(`DNS (TCP ${DNS_PORT})`);
      if (!istiod) missing.push(`istiod (TCP ${ISTIOD_XDS_PORT})`);
      if (missing.length === 0) continue;
      yield { object: np, message: `denies egress in meshed namespace ${ns} without allowing ${missing.join(', ')}: sidecars will not start. Allow egress to kube-dns and istiod.` };
    }
  },
};

/** What one policy's egress rules let out, of what sidecars need. */
interface EgressAllowed {
  readonly dnsUdp: boolean;
  readonly dnsTcp: boolean;
  readonly istiod: boolean;
}

/**
 * What a policy's egress rules let out, in one pass over their ports (this runs for every NetworkPolicy): a rule
 * without ports allows everything; a port entry allows its protocol (TCP when unset) on its port, its range up to
 * `endPort`, any port when unset, and a named port may resolve to anything. Holes in sparse lists are no entries.
 */
function egressAllowed(rules: readonly unknown[]): EgressAllowed {
  let dnsUdp = false;
  let dnsTcp = false;
  let istiod = false;
  for (let i = 0; i < rules.length; i++) {
    if (!(i in rules)) continue;
    const ports = asArray(asRecord(rules[i]).ports);
    if (ports.length === 0) return { dnsUdp: true, dnsTcp: true, istiod: true };
    for (let j = 0; j < ports.length; j++) {
      if (!(j in ports)) continue;
      const p = asRecord(ports[j]);
      const protocol = p.protocol ?? 'TCP';
      if (protocol === 'UDP') dnsUdp ||= covers(p, DNS_PORT);
      else if (protocol === 'TCP') {
        dnsTcp ||= covers(p, DNS_PORT);
        istiod ||= covers(p, ISTIOD_XDS_PORT);
      }
    }
  }
  return { dnsUdp, dnsTcp, istiod };
}

/** Whether one port entry (of the right protocol) covers `port`. */
function covers(entry: Record<string, any>, port: number): boolean {
  if (entry.port === undefined) return true;
  if (typeof entry.port === 'string') return true; // a named port: may resolve to it
  const end = typeof entry.endPort === 'number' ? entry.endPort : entry.port;
  return entry.port <= port && port <= end;
}
