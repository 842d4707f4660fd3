import { refOf } from '../finding';
import { asArray, asRecord, stringMap } from '../object-index';
import type { K8sObject } from '../../k8s-object';
import type { Rule, Violation } from '../rule';

/** Whether every entry of `a` is in `b` (Istio's `selectorSubset`: an empty `a` is a subset of anything). */
function subset(a: Record<string, string>, b: Record<string, string>): boolean {
  for (const [k, v] of Object.entries(a)) if (b[k] !== v) return false;
  return true;
}

export const gatewayDuplicateCertificate: Rule = {
  id: 'SM-IS-035',
  severity: 'warning',
  title: 'Several Gateways on the same gateway pods use the same credentialName',
  explanation:
    'When two Gateways served by the same gateway pods present the same certificate, browsers and HTTP/2 clients reuse one ' +
    'connection for both sets of hosts (the certificate covers them), and the gateway answers requests for the second ' +
    'Gateway\'s hosts on the first one\'s filter chain with 404 (`istioctl analyze`: GatewayDuplicateCertificate). Fix: put ' +
    'the hosts sharing a certificate into one Gateway (several servers or hosts), or give each Gateway its own certificate.',
  sources: ['istio pkg/config/analysis/analyzers/gateway/certificate.go', 'istio/istio#13589 (HTTP/2 connection reuse 404)'],
  *check({ index }): Iterable<Violation> {
    // credentialName → the Gateways using it; only those groups are compared pairwise.
    const byCredential = new Map<string, K8sObject[]>();
    for (const gw of index.ofKind('Gateway')) {
      if (!gw.apiVersion.startsWith('networking.istio.io/')) continue;
      const names = new Set<string>();
      for (const s of asArray(asRecord(gw.spec).servers)) {
        const cn = asRecord(asRecord(s).tls).credentialName;
        if (typeof cn === 'string' && cn !== '') names.add(cn);
      }
      for (const cn of names) {
        const list = byCredential.get(cn);
        if (list) list.push(gw);
        else byCredential.set(cn, [gw]);
      }
    }
    for (const [cn, gateways] of byCredential) {
      if (gateways.length < 2) continue;
      for (const gw of gateways) {
        const sel = stringMap(asRecord(gw.spec).selector);
        const others = gateways.filter((o) => o !== gw && subset(sel, stringMap(asRecord(o.spec).selector)));
        if (others.length === 0) continue;
        yield { object: gw, message: `uses credentialName ${cn}, as ${others.map(refOf).join(', ')} on the same gateway pods: HTTP/2 connection reuse sends requests for one Gateway's hosts to the other and they get 404. Merge the Gateways or use separate certificates.`, related: others };
      }
    }
  },
};
