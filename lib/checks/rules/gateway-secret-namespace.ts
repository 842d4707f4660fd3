import type { K8sObject } from '../../k8s-object';
import { refOf } from '../finding';
import { asArray, asRecord, stringMap } from '../object-index';
import type { Rule, Violation } from '../rule';
import { DEFAULT_GATEWAY_NAMESPACE } from '../wellknown';
import { INGRESS_GATEWAY_LABELS } from '../../istio/wellknown';

export const gatewaySecretNamespace: Rule = {
  id: 'SM-IS-022',
  severity: 'error',
  title: "A Gateway's credentialName Secret is not in the namespace of the gateway pods",
  explanation:
    'Gateway TLS secrets are read by the gateway proxy through SDS, which only serves Secrets from the proxy\'s own namespace: ' +
    'the namespace of the pods the Gateway `selector` matches (istio-system for `istio: ingressgateway`), not the namespace of ' +
    'the Gateway resource. A Secret (or the Certificate writing it) elsewhere is never found and the listener has no ' +
    'certificate. Fix: issue the Certificate into the gateway workload\'s namespace.',
  sources: ['istio/istio#27740', 'istio/istio#14598', 'istio/istio#25018', 'cert-manager/cert-manager#2522'],
  *check({ index }): Iterable<Violation> {
    // Where each Secret name exists: Secrets and the Secrets Certificates write.
    const secretHomes = new Map<string, K8sObject[]>();
    const add = (name: string, obj: K8sObject): void => {
      secretHomes.set(name, [...(secretHomes.get(name) ?? []), obj]);
    };
    for (const s of index.ofKind('Secret')) if (s.apiVersion === 'v1') add(s.metadata.name, s);
    for (const c of index.ofKind('Certificate')) {
      const name = asRecord(c.spec).secretName;
      if (typeof name === 'string') add(name, c);
    }
    for (const gw of index.ofKind('Gateway')) {
      if (!gw.apiVersion.startsWith('networking.istio.io/')) continue;
      const selector = stringMap(asRecord(gw.spec).selector);
      const podNamespaces = new Set<string>();
      for (const pod of index.podTemplates()) {
        if (Object.keys(selector).length > 0 && Object.entries(selector).every(([k, v]) => pod.labels[k] === v)) podNamespaces.add(pod.namespace);
      }
      if (podNamespaces.size === 0 && Object.entries(INGRESS_GATEWAY_LABELS).every(([k, v]) => selector[k] === v)) podNamespaces.add(DEFAULT_GATEWAY_NAMESPACE);
      if (podNamespaces.size === 0) continue;
      for (const [i, server] of asArray(asRecord(gw.spec).servers).entries()) {
        const tls = asRecord(asRecord(server).tls);
        const names = [tls.credentialName, ...asArray(tls.credentialNames)].filter((n): n is string => typeof n === 'string' && !n.includes('://'));
        for (const name of names) {
          const homes = secretHomes.get(name) ?? [];
          if (homes.length === 0) continue;
          const missing = [...podNamespaces].filter((ns) => !homes.some((h) => h.metadata.namespace === ns));
          if (missing.length === 0) continue;
          yield {
            object: gw,
            message: `servers[${i}] uses credentialName "${name}", which the gateway pods read from ${missing.join(', ')}, but it is in ${homes.map(refOf).join(', ')}: the listener gets no certificate. Issue it into ${missing.join(', ')}.`,
            related: homes,
          };
        }
      }
    }
  },
};
