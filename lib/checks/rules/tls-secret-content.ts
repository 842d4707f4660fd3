import type { KeyObject, X509Certificate } from 'node:crypto';
import type { K8sObject } from '../../k8s-object';
import { asRecord } from '../object-index';
import { parseCertificates, parsePrivateKey, secretValue } from '../pem';
import type { Rule, Violation } from '../rule';
import { TLS_CERT_KEY, TLS_KEY_KEY } from '../../pki/wellknown';

/** `kubernetes.io/tls` (core/v1 SecretTypeTLS): the API server requires tls.crt and tls.key, and nothing checks their content. */
const TLS_SECRET_TYPE = 'kubernetes.io/tls';

/** What is wrong with a TLS Secret's content, judged at `now`. */
export function tlsSecretProblems(secret: K8sObject, now: Date): string[] {
  const s = secret as { data?: unknown; stringData?: unknown };
  const present = (k: string): boolean => k in asRecord(s.data) || k in asRecord(s.stringData);
  const missing = [TLS_CERT_KEY, TLS_KEY_KEY].filter((k) => !present(k));
  if (missing.length > 0) return [`has no ${missing.join(' and ')} key: the API server rejects a ${TLS_SECRET_TYPE} Secret without both.`];
  const certText = secretValue(s, TLS_CERT_KEY) ?? '';
  const keyText = secretValue(s, TLS_KEY_KEY) ?? '';
  const out: string[] = [];
  const certs = parseCertificates(certText);
  if (certs.length === 0) out.push(`${TLS_CERT_KEY} holds no PEM certificate${certText.trim() === '' ? ' (it is empty)' : ''}${/^[A-Za-z0-9+/=\s]+$/.test(certText) && certText.trim() !== '' ? ' (it looks base64-encoded twice)' : ''}.`);
  const key = parsePrivateKey(keyText);
  if ('error' in key) out.push(`${TLS_KEY_KEY} ${key.error}.`);
  if (certs.length === 0) return out;
  const leaf = certs[0];
  const notAfter = new Date(leaf.validTo);
  const notBefore = new Date(leaf.validFrom);
  if (notAfter.getTime() <= now.getTime()) out.push(`${TLS_CERT_KEY} expired on ${notAfter.toISOString()} (${(leaf.subject || leaf.subjectAltName || 'no subject').replace(/\n/g, ', ')}).`);
  else if (notBefore.getTime() > now.getTime()) out.push(`${TLS_CERT_KEY} is not valid before ${notBefore.toISOString()}.`);
  if (!('error' in key) && !keyMatches(leaf, key)) out.push(`${TLS_KEY_KEY} is not the key of the first certificate in ${TLS_CERT_KEY}: the TLS handshake fails (put the leaf certificate first).`);
  return out;
}

/** Whether the key is the certificate's (a key of another algorithm makes node throw rather than answer false). */
function keyMatches(cert: X509Certificate, key: KeyObject): boolean {
  try {
    return cert.checkPrivateKey(key);
  } catch {
    return false;
  }
}

export const tlsSecretContent: Rule = {
  id: 'SM-KA-004',
  severity: 'error',
  title: 'A TLS Secret whose content does not work (missing keys, not PEM, expired, key and certificate not matching)',
  explanation:
    'A `kubernetes.io/tls` Secret must hold `tls.crt` (PEM certificates, the leaf first) and `tls.key` (its unencrypted PEM ' +
    'private key). The API server only checks that the keys exist; Envoy, ingress controllers and applications refuse a pair ' +
    'that does not parse or does not match, and clients refuse an expired certificate — at run time, after the apply ' +
    'succeeded. Typical causes: values base64-encoded twice, the chain in the wrong order, a key from another request. Fix: ' +
    'recreate it with `kubectl create secret tls NAME --cert=… --key=…`, or let cert-manager write it.',
  sources: ['kubernetes pkg/apis/core/validation/validation.go ValidateSecret (SecretTypeTLS)', 'istio pkg/config/analysis/analyzers/gateway/secret.go', 'envoy extensions/transport_sockets/tls'],
  *check({ index }): Iterable<Violation> {
    const now = new Date();
    for (const secret of index.ofKind('Secret')) {
      if (secret.apiVersion !== 'v1' || (secret as { type?: unknown }).type !== TLS_SECRET_TYPE) continue;
      for (const message of tlsSecretProblems(secret, now)) yield { object: secret, message };
    }
  },
};
