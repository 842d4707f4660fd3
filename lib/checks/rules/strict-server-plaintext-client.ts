import { asArray, asRecord } from '../object-index';
import { knownNamespaces, resolveHost } from '../hosts';
import { namespaceMode } from '../mtls-modes';
import type { Rule, Violation } from '../rule';
import { refOf } from '../finding';

/** DestinationRule TLS settings: top level and per port, with where they are. */
function tlsSettings(spec: Record<string, any>): { where: string; tls: Record<string, any> }[] {
  const out: { where: string; tls: Record<string, any> }[] = [];
  const top = asRecord(spec.trafficPolicy).tls;
  if (top !== undefined) out.push({ where: 'trafficPolicy.tls', tls: asRecord(top) });
  asArray(asRecord(spec.trafficPolicy).portLevelSettings).forEach((p, i) => {
    if (asRecord(p).tls !== undefined) out.push({ where: `trafficPolicy.portLevelSettings[${i}].tls`, tls: asRecord(asRecord(p).tls) });
  });
  return out;
}

export const strictServerPlaintextClient: Rule = {
  id: 'SM-IS-009',
  severity: 'error',
  title: 'A DestinationRule sends plaintext or non-Istio TLS to a host that PeerAuthentication requires STRICT mTLS for',
  explanation:
    'A DestinationRule `trafficPolicy.tls` overrides auto mTLS for its host. `mode: DISABLE`, a `tls` block without `mode` ' +
    '(the proto default is DISABLE), `SIMPLE` or `MUTUAL` make client sidecars send something other than Istio mTLS, and a ' +
    'server under STRICT resets the connection ("upstream connect error … reset"). Fix: remove `trafficPolicy.tls` so auto mTLS ' +
    'applies, or set `mode: ISTIO_MUTUAL`; if the server must accept other traffic, make it PERMISSIVE deliberately.',
  sources: ['istio/istio#7590', 'istio/istio.io#2131', 'GoogleCloudPlatform/gke-policy-library#30'],
  *check({ index, rootNamespace }): Iterable<Violation> {
    for (const dr of index.ofKind('DestinationRule')) {
      const spec = asRecord(dr.spec);
      if (typeof spec.host !== 'string') continue;
      const target = resolveHost(spec.host, dr.metadata.namespace ?? 'default');
      if (!target) continue;
      for (const { where, tls } of tlsSettings(spec)) {
        const mode = typeof tls.mode === 'string' ? tls.mode : undefined;
        if (mode === 'ISTIO_MUTUAL') continue;
        const namespaces = target.namespaces === '*' ? [rootNamespace, ...knownNamespaces(index)] : target.namespaces;
        for (const ns of new Set(namespaces)) {
          const eff = namespaceMode(index, rootNamespace, ns);
          if (eff?.mode !== 'STRICT') continue;
          const shown = mode ?? 'no mode (= DISABLE)';
          yield {
            object: dr,
            message: `${where} sets ${shown} for host "${spec.host}", but ${eff.policy ? refOf(eff.policy) : 'the mesh'} requires STRICT mTLS in namespace ${ns}: requests will be reset. Remove trafficPolicy.tls (auto mTLS) or set mode ISTIO_MUTUAL.`,
            related: eff.policy ? [eff.policy] : [],
          };
          break;
        }
      }
    }
  },
};
