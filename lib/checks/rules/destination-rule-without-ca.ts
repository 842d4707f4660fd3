import { asArray, asRecord } from '../object-index';
import { secretValue } from '../pem';
import type { Rule, Violation } from '../rule';
import type { K8sObject } from '../../k8s-object';

/** Every `tls` block of a DestinationRule, with its path: top level, per port, per subset (and their ports). */
function tlsSettings(spec: Record<string, any>): { path: string; tls: Record<string, any> }[] {
  const out: { path: string; tls: Record<string, any> }[] = [];
  const fromPolicy = (prefix: string, policy: unknown): void => {
    const p = asRecord(policy);
    if (p.tls !== undefined) out.push({ path: `${prefix}.tls`, tls: asRecord(p.tls) });
    asArray(p.portLevelSettings).forEach((pl, i) => {
      const s = asRecord(pl);
      if (s.tls !== undefined) out.push({ path: `${prefix}.portLevelSettings[${i}].tls`, tls: asRecord(s.tls) });
    });
  };
  fromPolicy('spec.trafficPolicy', spec.trafficPolicy);
  asArray(spec.subsets).forEach((s, i) => fromPolicy(`spec.subsets[${i}].trafficPolicy`, asRecord(s).trafficPolicy));
  return out;
}

/**
 * Whether a `credentialName` Secret in the input gives the proxy a CA: its `ca.crt` (or `cacert`) key, or a separate
 * `<name>-cacert` Secret (Istio's SDS secret formats). Undefined when the Secret is not in the input.
 */
function credentialHasCa(dr: K8sObject, name: string, get: (ns: string, n: string) => K8sObject | undefined): boolean | undefined {
  const ns = dr.metadata.namespace ?? 'default';
  const secret = get(ns, name);
  if (!secret) return get(ns, `${name}-cacert`) ? true : undefined;
  const s = secret as { data?: unknown; stringData?: unknown };
  return !!(secretValue(s, 'ca.crt') || secretValue(s, 'cacert') || get(ns, `${name}-cacert`));
}

export const destinationRuleWithoutCa: Rule = {
  id: 'SM-IS-034',
  severity: 'warning',
  title: 'A DestinationRule originates TLS (SIMPLE/MUTUAL) without a CA to verify the server',
  explanation:
    'With `tls.mode: SIMPLE` or `MUTUAL` and no `caCertificates`, the sidecar verifies the server against the operating ' +
    'system\'s public CA bundle (VERIFY_CERTIFICATE_AT_CLIENT, on by default): a server with a certificate from a private CA ' +
    '(cert-manager, an internal PKI) fails the handshake, and for public hosts any public CA is trusted (`istioctl analyze`: ' +
    'NoServerCertificateVerificationDestinationLevel/PortLevel). With `credentialName`, the CA must be in that Secret ' +
    '(`ca.crt`, `cacert`, or a `<name>-cacert` Secret): without it istiod still points the proxy at `<name>-cacert`, which ' +
    'never arrives, and the connection never comes up. Fix: set `caCertificates` to the CA that signs the server (or `ca.crt` in the credentialName ' +
    'Secret), and `subjectAltNames`/`sni` to its name.',
  sources: ['istio.io/latest/docs/reference/config/networking/destination-rule/#ClientTLSSettings', 'istio.io/latest/docs/reference/config/analysis/ist0128/', 'istio/istio#43078', 'istio/istio#54142'],
  *check({ index }): Iterable<Violation> {
    const get = (ns: string, n: string): K8sObject | undefined => index.get('Secret', ns, n);
    for (const dr of index.ofKind('DestinationRule')) {
      if (!dr.apiVersion.startsWith('networking.istio.io/')) continue;
      for (const { path, tls } of tlsSettings(asRecord(dr.spec))) {
        if (tls.mode !== 'SIMPLE' && tls.mode !== 'MUTUAL') continue;
        if (tls.insecureSkipVerify === true) continue; // explicitly unverified: a different decision
        if (typeof tls.caCertificates === 'string' && tls.caCertificates !== '') continue;
        if (typeof tls.credentialName === 'string' && tls.credentialName !== '') {
          if (credentialHasCa(dr, tls.credentialName, get) !== false) continue;
          yield { object: dr, message: `${path} (${tls.mode}) uses credentialName ${tls.credentialName}, whose Secret has no ca.crt (and there is no ${tls.credentialName}-cacert Secret): istiod still asks the proxy to load ${tls.credentialName}-cacert, which never arrives, so the cluster for ${String(asRecord(dr.spec).host)} stays warming and requests fail. Add ca.crt to the Secret.` };
          continue;
        }
        yield { object: dr, message: `${path} (${tls.mode}) sets no caCertificates: the proxy verifies ${String(asRecord(dr.spec).host)} against the OS CA store, so a privately issued server certificate fails. Set caCertificates (and subjectAltNames).` };
      }
    }
  },
};
