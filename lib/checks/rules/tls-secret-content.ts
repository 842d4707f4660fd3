import type { KeyObject, X509Certificate } from 'node:crypto';
import type { K8sObject } from '../../k8s-object';
import { asArray, asRecord } from '../object-index';
import { parseCertificates, parsePrivateKey, secretValue } from '../pem';
import type { Rule, Violation } from '../rule';
import { TLS_CERT_KEY, TLS_KEY_KEY } from '../../pki/wellknown';

/** `kubernetes.io/tls` (core/v1 SecretTypeTLS): the API server requires tls.crt and tls.key, and nothing checks their content. */
const TLS_SECRET_TYPE = 'kubernetes.io/tls';

/**
 * The key pairs Istio's gateways read from a credentialName Secret (istio pilot/pkg/credentials/kube/secrets.go; istio.io secure-ingress "key formats"):
 * `tls.crt`/`tls.key`, or the generic `cert`/`key`.
 */
const ISTIO_GENERIC_KEYS = { cert: 'cert', key: 'key' } as const;

/**
 * What is wrong with a TLS Secret's content, judged at `now`: a `kubernetes.io/tls` Secret, or (`istioGeneric`) an Opaque
 * Secret a Gateway names as its credential, in either of Istio's formats.
 */
export function tlsSecretProblems(secret: K8sObject, now: Date, istioGeneric = false): string[] {
  const s = secret as { data?: unknown; stringData?: unknown };
  const present = (k: string): boolean => k in asRecord(s.data) || k in asRecord(s.stringData);
  let certKey: string = TLS_CERT_KEY;
  let keyKey: string = TLS_KEY_KEY;
  if (istioGeneric && !present(TLS_CERT_KEY) && present(ISTIO_GENERIC_KEYS.cert)) {
    certKey = ISTIO_GENERIC_KEYS.cert;
    keyKey = ISTIO_GENERIC_KEYS.key;
  }
  const missing = [certKey, keyKey].filter((k) => !present(k));
  if (missing.length > 0) {
    return [istioGeneric
      ? `is a Gateway credential without ${missing.join(' and ')}: Istio reads tls.crt/tls.key (or cert/key) and the listener gets no certificate.`
      : `has no ${missing.join(' and ')} key: the API server rejects a ${TLS_SECRET_TYPE} Secret without both.`];
  }
  const certText = secretValue(s, certKey) ?? '';
  const keyText = secretValue(s, keyKey) ?? '';
  const out: string[] = [];
  const certs = parseCertificates(certText);
  if (certs.length === 0) out.push(`${certKey} holds no PEM certificate${certText.trim() === '' ? ' (it is empty)' : ''}${/^[A-Za-z0-9+/=\s]+$/.test(certText) && certText.trim() !== '' ? ' (it looks base64-encoded twice)' : ''}.`);
  const key = parsePrivateKey(keyText);
  if ('error' in key) out.push(`${keyKey} ${key.error}.`);
  if (certs.length === 0) return out;
  const leaf = certs[0];
  const notAfter = new Date(leaf.validTo);
  const notBefore = new Date(leaf.validFrom);
  if (notAfter.getTime() <= now.getTime()) out.push(`${certKey} expired on ${notAfter.toISOString()} (${(leaf.subject || leaf.subjectAltName || 'no subject').replace(/\n/g, ', ')}).`);
  else if (notBefore.getTime() > now.getTime()) out.push(`${certKey} is not valid before ${notBefore.toISOString()}.`);
  if (!('error' in key) && !keyMatches(leaf, key)) out.push(`${keyKey} is not the key of the first certificate in ${certKey}: the TLS handshake fails (put the leaf certificate first).`);
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
    'recreate it with `kubectl create secret tls NAME --cert=… --key=…`, or let cert-manager write it. Opaque Secrets that a ' +
    'Gateway names as `credentialName` are checked the same way (Istio reads `tls.crt`/`tls.key` or `cert`/`key`).',
  sources: ['kubernetes pkg/apis/core/validation/validation.go ValidateSecret (SecretTypeTLS)', 'istio pkg/config/analysis/analyzers/gateway/secret.go', 'envoy extensions/transport_sockets/tls'],
  *check({ index }): Iterable<Violation> {
    const now = new Date();
    // Names Gateways use as credentials: an Opaque Secret of that name is read by Istio as a TLS credential.
    const credentials = new Set<string>();
    for (const gw of index.ofKind('Gateway')) {
      for (const server of asArray(asRecord(gw.spec).servers)) {
        const name = asRecord(asRecord(server).tls).credentialName;
        if (typeof name === 'string') credentials.add(name);
      }
    }
    for (const secret of index.ofKind('Secret')) {
      if (secret.apiVersion !== 'v1') continue;
      const type = (secret as { type?: unknown }).type;
      const generic = (type === undefined || type === 'Opaque') && credentials.has(secret.metadata.name);
      if (type !== TLS_SECRET_TYPE && !generic) continue;
      for (const message of tlsSecretProblems(secret, now, generic)) yield { object: secret, message };
    }
  },
};
