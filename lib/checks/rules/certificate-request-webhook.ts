import { asArray, asRecord } from '../object-index';
import { looksLikeCsr, pemBlocks } from '../pem';
import type { Rule, Violation } from '../rule';
import { issuerRefNameProblem } from './cert-manager-webhook-common';

/**
 * cert-manager v1.21 `ValidateCertificateRequest` (internal/apis/certmanager/validation/certificaterequest.go) on a
 * CertificateRequest as written: issuerRef, a CSR that decodes, and the Approved/Denied conditions. Not ported: the
 * comparison of the CSR's key usages with spec.usages (a CSR made by hand rarely carries them).
 */
export function certificateRequestProblems(cr: { spec?: unknown; status?: unknown }): string[] {
  const spec = asRecord(cr.spec);
  const out: string[] = [];
  const nameProblem = issuerRefNameProblem(spec.issuerRef ?? {});
  if (nameProblem) out.push(nameProblem);
  const ref = asRecord(spec.issuerRef);
  const group = typeof ref.group === 'string' ? ref.group : '';
  if ((group === '' || group === 'cert-manager.io') && ref.kind !== undefined && ref.kind !== '' && ref.kind !== 'Issuer' && ref.kind !== 'ClusterIssuer') {
    out.push(`spec.issuerRef.kind "${String(ref.kind)}" must be Issuer or ClusterIssuer${group === '' ? ' (did you forget to set spec.issuerRef.group?)' : ''}.`);
  }
  if (typeof spec.request !== 'string' || spec.request === '') out.push('spec.request (the base64 PEM CSR) must be specified.');
  else {
    const problem = csrProblem(spec.request);
    if (problem) out.push(`spec.request ${problem}.`);
  }
  const conditions = asArray(asRecord(cr.status).conditions).map(asRecord);
  const approved = conditions.filter((c) => c.type === 'Approved');
  const denied = conditions.filter((c) => c.type === 'Denied');
  for (const [type, found] of [['Approved', approved], ['Denied', denied]] as const) {
    if (found.length > 1) out.push(`status.conditions has ${found.length} "${type}" conditions; at most one.`);
    else if (found.length === 1 && found[0].status !== 'True') out.push(`status.conditions "${type}" may only be True (is ${String(found[0].status)}).`);
  }
  if (approved.length > 0 && denied.length > 0) out.push('status.conditions has both Approved and Denied.');
  return out;
}

/** Why the `request` does not decode to a CSR (`pki.DecodeX509CertificateRequestBytes`), or undefined when it does. */
function csrProblem(request: string): string | undefined {
  const pem = Buffer.from(request, 'base64').toString('utf8');
  const block = pemBlocks(pem)[0];
  if (!block) return 'is not base64 of a PEM block (failed to decode csr)';
  return looksLikeCsr(block.der) ? undefined : `holds a PEM ${block.label} that is not a PKCS#10 CSR (failed to decode csr)`;
}

export const certificateRequestWebhook: Rule = {
  id: 'SM-CM-110',
  severity: 'error',
  title: 'CertificateRequest that the cert-manager webhook rejects',
  explanation:
    'cert-manager\'s validating webhook (`ValidateCertificateRequest`, v1.21) requires an issuerRef name and, for the ' +
    'cert-manager.io group, kind Issuer or ClusterIssuer; a `request` that is base64 of a PEM CSR Go can parse; and at most ' +
    'one Approved and one Denied condition, set to True, never both. Fix: generate the CSR with `openssl req` and base64 it ' +
    'whole (`base64 -w0 req.pem`), and leave status to cert-manager and approvers.',
  sources: ['cert-manager internal/apis/certmanager/validation/certificaterequest.go', 'cert-manager internal/apis/certmanager/validation/certificaterequest_test.go'],
  *check({ index }): Iterable<Violation> {
    for (const cr of index.ofKind('CertificateRequest')) {
      if (!cr.apiVersion.startsWith('cert-manager.io/')) continue;
      for (const message of certificateRequestProblems(cr as { spec?: unknown; status?: unknown })) yield { object: cr, message };
    }
  },
};
