import { X509Certificate, createPrivateKey, type KeyObject } from 'node:crypto';

/**
 * Reading PEM the way Go's `crypto/x509` and Envoy do, for the rules that look inside Secrets and CA bundles:
 * `AppendCertsFromPEM` keeps the CERTIFICATE blocks that parse and skips the rest (cert-manager's
 * `validateCABundleNotEmpty`); Envoy refuses a tls.crt/tls.key pair that does not parse or does not match.
 * node:crypto parses synchronously, which rules need (they are pure synchronous functions).
 */

/** The base64 body of every `-----BEGIN <label>-----` block, with its label. */
export function pemBlocks(text: string): { label: string; der: Buffer }[] {
  const out: { label: string; der: Buffer }[] = [];
  const re = /-----BEGIN ([A-Z0-9 ]+)-----([\s\S]*?)-----END \1-----/g;
  for (let m = re.exec(text); m; m = re.exec(text)) out.push({ label: m[1], der: Buffer.from(m[2].replace(/\s+/g, ''), 'base64') });
  return out;
}

/** The certificates of a PEM text that parse (others are skipped, as Go's AppendCertsFromPEM does). */
export function parseCertificates(text: string): X509Certificate[] {
  const out: X509Certificate[] = [];
  for (const block of pemBlocks(text)) {
    if (block.label !== 'CERTIFICATE') continue;
    try {
      out.push(new X509Certificate(block.der));
    } catch {
      // not a certificate: skipped
    }
  }
  return out;
}

/** The private key of a PEM text (PKCS#1, PKCS#8 or SEC 1), or the reason it cannot be read. */
export function parsePrivateKey(text: string): KeyObject | { error: string } {
  if (!/-----BEGIN (RSA |EC |ENCRYPTED )?PRIVATE KEY-----/.test(text)) return { error: 'holds no PEM private key block' };
  if (/-----BEGIN ENCRYPTED (PRIVATE) KEY-----/.test(text)) return { error: 'holds an encrypted private key, which Envoy and cert-manager cannot read' };
  try {
    return createPrivateKey({ key: text, format: 'pem' });
  } catch (e) {
    return { error: `holds a private key that does not parse (${(e as Error).message})` };
  }
}

/** A Kubernetes `data` value (base64) or `stringData` value (text) as text; undefined when it is not valid base64 text. */
export function secretValue(secret: { data?: unknown; stringData?: unknown }, key: string): string | undefined {
  const stringData = (secret.stringData ?? {}) as Record<string, unknown>;
  if (typeof stringData[key] === 'string') return stringData[key] as string;
  const data = (secret.data ?? {}) as Record<string, unknown>;
  if (typeof data[key] !== 'string') return undefined;
  return Buffer.from(data[key] as string, 'base64').toString('utf8');
}

/** Whether a `caBundle` ([]byte in Go, base64 in YAML) holds at least one parseable certificate (cert-manager's soft check). */
export function caBundleHasCertificate(caBundle: string): boolean {
  return parseCertificates(Buffer.from(caBundle, 'base64').toString('utf8')).length > 0;
}

/** One DER element: tag, and where its content starts and ends in the buffer. */
interface Der { tag: number; start: number; end: number }

/** The DER element at `at`, or undefined when its length runs past `limit` (definite lengths only, as DER requires). */
function derAt(buf: Buffer, at: number, limit: number): Der | undefined {
  if (at + 2 > limit) return undefined;
  const tag = buf[at];
  let len = buf[at + 1];
  let start = at + 2;
  if (len & 0x80) {
    const n = len & 0x7f;
    if (n === 0 || n > 4 || start + n > limit) return undefined;
    len = 0;
    for (let i = 0; i < n; i++) len = len * 256 + buf[start + i];
    start += n;
  }
  return start + len <= limit ? { tag, start, end: start + len } : undefined;
}

function derChildren(buf: Buffer, parent: Der): Der[] | undefined {
  const out: Der[] = [];
  for (let at = parent.start; at < parent.end;) {
    const child = derAt(buf, at, parent.end);
    if (!child) return undefined;
    out.push(child);
    at = child.end;
  }
  return out;
}

/**
 * Whether DER bytes have the shape of a PKCS#10 CertificationRequest (RFC 2986 §4): SEQUENCE { SEQUENCE { INTEGER 0,
 * Name, SubjectPublicKeyInfo, [0] attributes }, AlgorithmIdentifier, BIT STRING }. The structural part of Go's
 * `x509.ParseCertificateRequest`, without pulling an ASN.1 library into the checks.
 */
export function looksLikeCsr(der: Buffer): boolean {
  const outer = derAt(der, 0, der.length);
  if (!outer || outer.tag !== 0x30 || outer.end !== der.length) return false;
  const parts = derChildren(der, outer);
  if (!parts || parts.length !== 3 || parts[0].tag !== 0x30 || parts[1].tag !== 0x30 || parts[2].tag !== 0x03) return false;
  const info = derChildren(der, parts[0]);
  if (!info || info.length !== 4) return false;
  return info[0].tag === 0x02 && info[0].end - info[0].start === 1 && der[info[0].start] === 0 && info[1].tag === 0x30 && info[2].tag === 0x30 && info[3].tag === 0xa0;
}
