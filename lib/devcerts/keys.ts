import 'reflect-metadata';
import { createPrivateKey, webcrypto } from 'node:crypto';

type CryptoKeyPair = webcrypto.CryptoKeyPair;
type Algorithm = webcrypto.Algorithm;
type EcdsaParams = webcrypto.EcdsaParams;
type RsaHashedKeyGenParams = webcrypto.RsaHashedKeyGenParams;
import type { PrivateKeyEncoding } from '../model/definition';
import type { ResolvedPrivateKey } from '../model/resolved';

/** A generated key pair and the settings it was generated from. */
export interface KeyPair {
  readonly keys: CryptoKeyPair;
  readonly spec: ResolvedPrivateKey;
  /** How certificates signed with this key are signed (hash bound to the key, as cert-manager picks it). */
  readonly signingAlgorithm: Algorithm | EcdsaParams;
}

/**
 * The signature hash cert-manager uses for a signer key (`pkg/util/pki/csr.go` `SignatureAlgorithm`):
 * RSA ≥ 4096 → SHA-512, ≥ 3072 → SHA-384, else SHA-256; ECDSA P-521 → SHA-512, P-384 → SHA-384, P-256 → SHA-256.
 */
function hashFor(spec: ResolvedPrivateKey): string {
  const size = spec.size ?? 0;
  if (spec.algorithm === 'RSA') return size >= 4096 ? 'SHA-512' : size >= 3072 ? 'SHA-384' : 'SHA-256';
  return size >= 521 ? 'SHA-512' : size >= 384 ? 'SHA-384' : 'SHA-256';
}

/** Generate a key pair as a Certificate's `privateKey` describes it (RSA, ECDSA P-256/384/521, Ed25519). */
export async function generateKeyPair(spec: ResolvedPrivateKey): Promise<KeyPair> {
  const subtle = webcrypto.subtle;
  const hash = hashFor(spec);
  switch (spec.algorithm) {
    case 'RSA': {
      const params: RsaHashedKeyGenParams = { name: 'RSASSA-PKCS1-v1_5', modulusLength: spec.size ?? 2048, publicExponent: new Uint8Array([1, 0, 1]), hash };
      return { keys: await subtle.generateKey(params, true, ['sign', 'verify']) as CryptoKeyPair, spec, signingAlgorithm: params };
    }
    case 'ECDSA': {
      const namedCurve = `P-${spec.size ?? 256}`;
      const keys = await subtle.generateKey({ name: 'ECDSA', namedCurve }, true, ['sign', 'verify']) as CryptoKeyPair;
      return { keys, spec, signingAlgorithm: { name: 'ECDSA', hash } as EcdsaParams };
    }
    case 'Ed25519': {
      const keys = await subtle.generateKey({ name: 'Ed25519' }, true, ['sign', 'verify']) as CryptoKeyPair;
      return { keys, spec, signingAlgorithm: { name: 'Ed25519' } };
    }
  }
}

/**
 * The private key as PEM in the requested encoding, as cert-manager writes `tls.key`:
 * PKCS8 → PEM label "PRIVATE KEY"; PKCS1 → label "RSA PRIVATE KEY" for RSA and the SEC 1 label
 * "EC PRIVATE KEY" for ECDSA (cert-manager's "PKCS1" for EC keys); Ed25519 is always PKCS8.
 */
export async function privateKeyPem(pair: KeyPair, encoding: PrivateKeyEncoding = pair.spec.encoding): Promise<string> {
  const der = Buffer.from(await webcrypto.subtle.exportKey('pkcs8', pair.keys.privateKey));
  const key = createPrivateKey({ key: der, format: 'der', type: 'pkcs8' });
  if (encoding === 'PKCS8' || pair.spec.algorithm === 'Ed25519') return key.export({ type: 'pkcs8', format: 'pem' }).toString();
  return key.export({ type: pair.spec.algorithm === 'RSA' ? 'pkcs1' : 'sec1', format: 'pem' }).toString();
}
