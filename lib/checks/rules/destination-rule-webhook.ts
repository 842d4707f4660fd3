import { asArray, asRecord } from '../object-index';
import type { Rule, Violation } from '../rule';

const CERT_FIELDS = ['clientCertificate', 'privateKey', 'caCertificates', 'caCrl'];

function tlsProblems(where: string, tls: Record<string, any>, hasSelector: boolean): string[] {
  const out: string[] = [];
  const mode = tls.mode;
  if (mode === undefined) out.push(`${where} has no mode, which means DISABLE (plaintext); set mode explicitly.`);
  if (mode === 'ISTIO_MUTUAL') {
    const extra = [...CERT_FIELDS, 'credentialName'].filter((f) => tls[f] !== undefined);
    if (extra.length > 0) out.push(`${where} mode ISTIO_MUTUAL must not set ${extra.join(', ')} (Istio supplies the certificates).`);
  }
  if (typeof tls.credentialName === 'string') {
    const extra = CERT_FIELDS.filter((f) => tls[f] !== undefined);
    if (extra.length > 0) out.push(`${where} sets credentialName together with ${extra.join(', ')}; use one or the other.`);
    if (!hasSelector && (mode === 'SIMPLE' || mode === 'MUTUAL') && !tls.credentialName.startsWith('configmap://')) {
      out.push(`${where} credentialName only applies at sidecars with a workloadSelector; without one, sidecars send plaintext.`);
    }
  }
  if (mode === 'MUTUAL' && tls.credentialName === undefined && (tls.clientCertificate === undefined || tls.privateKey === undefined)) {
    out.push(`${where} mode MUTUAL needs clientCertificate and privateKey, or credentialName.`);
  }
  if (tls.insecureSkipVerify === true && (tls.caCertificates !== undefined || asArray(tls.subjectAltNames).length > 0)) {
    out.push(`${where} insecureSkipVerify cannot be combined with caCertificates or subjectAltNames.`);
  }
  return out;
}

function problems(namespace: string, spec: Record<string, any>): string[] {
  const out: string[] = [];
  const hasSelector = Object.keys(asRecord(asRecord(spec.workloadSelector).matchLabels)).length > 0;
  const tp = spec.trafficPolicy;
  if (tp !== undefined && Object.keys(asRecord(tp)).length === 0) out.push('trafficPolicy must set at least one field.');
  if (asRecord(tp).tls !== undefined) out.push(...tlsProblems('trafficPolicy.tls', asRecord(asRecord(tp).tls), hasSelector));
  asArray(asRecord(tp).portLevelSettings).forEach((p, i) => {
    const pl = asRecord(p);
    if (pl.tls !== undefined) out.push(...tlsProblems(`trafficPolicy.portLevelSettings[${i}].tls`, asRecord(pl.tls), hasSelector));
  });
  const exportTo = asArray(spec.exportTo).map(String);
  const normalized = exportTo.map((e) => (e === '.' ? namespace : e));
  if (new Set(normalized).size !== normalized.length) out.push(`exportTo has duplicates (${exportTo.join(', ')}).`);
  if (exportTo.includes('*') && exportTo.length > 1) out.push('exportTo mixes "*" with other values.');
  if (exportTo.includes('~')) out.push('exportTo "~" is only valid on ServiceEntry.');
  if (hasSelector && exportTo.length > 0 && !normalized.every((e) => e === namespace)) out.push('a DestinationRule with workloadSelector may only be exported to its own namespace (exportTo: ["."]).');
  const subsets = asArray(spec.subsets).map((s) => asRecord(s).name);
  if (new Set(subsets).size !== subsets.length) out.push('subset names must be unique.');
  return out;
}

export const destinationRuleWebhook: Rule = {
  id: 'SM-IS-102',
  severity: 'error',
  title: 'DestinationRule TLS or export settings that istiod rejects or silently downgrades',
  explanation:
    'istiod\'s `ValidateDestinationRule`/`ValidateTLS` reject cert fields with ISTIO_MUTUAL, credentialName together with cert ' +
    'paths, MUTUAL without a client certificate, insecureSkipVerify with CA/SANs, duplicate or mixed `exportTo`, and ' +
    'non-local exports of workloadSelector rules. Two settings are accepted but downgrade: `tls` without `mode` is DISABLE ' +
    '(plaintext), and a SIMPLE/MUTUAL `credentialName` without `workloadSelector` is ignored at sidecars (plaintext). Fix: set ' +
    '`mode` explicitly and follow the message.',
  sources: ['istio/istio#7590', 'istio pkg/config/validation/agent/validation.go ValidateTLS', 'istio-kserve-modelmesh.md §1.4'],
  *check({ index }): Iterable<Violation> {
    for (const dr of index.ofKind('DestinationRule')) {
      if (!dr.apiVersion.startsWith('networking.istio.io/')) continue;
      for (const message of problems(dr.metadata.namespace ?? 'default', asRecord(dr.spec))) yield { object: dr, message };
    }
  },
};
