import 'reflect-metadata';
import { randomBytes, webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';
import type { ResolvedPrivateKey } from '../model/resolved';
import { generateKeyPair, privateKeyPem, type KeyPair } from './keys';
import { BACKDATE_MS, SERIAL_BYTES } from './wellknown';

// Node's WebCrypto (the DOM `Crypto` type is not in this project's lib, hence the cast).
x509.cryptoProvider.set(webcrypto as never);

/** What to issue: the fields of a cert-manager Certificate that shape the X.509 certificate. */
export interface CertificateRequest {
  /** @default - an empty subject (the SAN extension is then critical, RFC 5280 §4.2.1.6) */
  readonly commonName?: string;
  readonly isCA: boolean;
  /**
   * For CAs: how many intermediate CAs may follow this one (basicConstraints pathLenConstraint).
   * @default - no limit
   */
  readonly pathLength?: number;
  /** @default [] */
  readonly dnsNames?: readonly string[];
  /** @default [] */
  readonly uris?: readonly string[];
  /** @default [] */
  readonly ipAddresses?: readonly string[];
  /** Lifetime in seconds, counted from `now` (the certificate is valid from `now` minus five minutes). */
  readonly durationSeconds: number;
  readonly privateKey: ResolvedPrivateKey;
  readonly now: Date;
}

/** An issued certificate with its key, and the PEM files cert-manager would write into its Secret. */
export interface IssuedCertificate {
  readonly certificate: x509.X509Certificate;
  readonly keyPair: KeyPair;
  /** The certificate and the intermediates above it, without the self-signed root. */
  readonly chain: readonly x509.X509Certificate[];
  /** The self-signed root at the top of the chain (the certificate itself for a root). */
  readonly root: x509.X509Certificate;
  /** `tls.crt`: the chain as PEM. */
  readonly tlsCrt: string;
  /** `tls.key`: the private key in the requested encoding. */
  readonly tlsKey: string;
  /** `ca.crt`: the root as PEM. */
  readonly caCrt: string;
}

/**
 * Issue one certificate, self-signed when no issuer is given. CAs get a critical basicConstraints
 * with the path length, keyCertSign + cRLSign (+ digitalSignature, as cert-manager requests); leaves
 * get digitalSignature (+ keyEncipherment for RSA), serverAuth + clientAuth, and their SANs. Every
 * certificate carries a subject key identifier, and every issued one its issuer's as authority key identifier.
 */
export async function issueCertificate(request: CertificateRequest, issuer?: IssuedCertificate): Promise<IssuedCertificate> {
  const keyPair = await generateKeyPair(request.privateKey);
  const signer = issuer?.keyPair ?? keyPair;
  const subject: x509.JsonName = request.commonName ? [{ CN: [request.commonName] }] : [];
  const names: x509.JsonGeneralName[] = [
    ...(request.dnsNames ?? []).map((value) => ({ type: 'dns' as const, value })),
    ...(request.ipAddresses ?? []).map((value) => ({ type: 'ip' as const, value })),
    ...(request.uris ?? []).map((value) => ({ type: 'url' as const, value })),
  ];
  const ski = await x509.SubjectKeyIdentifierExtension.create(keyPair.keys.publicKey);
  const extensions: x509.Extension[] = [
    new x509.BasicConstraintsExtension(request.isCA, request.isCA ? request.pathLength : undefined, true),
    new x509.KeyUsagesExtension(keyUsages(request), true),
    ski,
  ];
  const issuerSki = issuer?.certificate.getExtension(x509.SubjectKeyIdentifierExtension);
  extensions.push(new x509.AuthorityKeyIdentifierExtension(issuerSki?.keyId ?? ski.keyId));
  if (!request.isCA) extensions.push(new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth, x509.ExtendedKeyUsage.clientAuth]));
  if (names.length > 0) extensions.push(new x509.SubjectAlternativeNameExtension(names, subject.length === 0));

  const certificate = await x509.X509CertificateGenerator.create({
    serialNumber: serialNumber(),
    subject,
    issuer: issuer ? issuer.certificate.subjectName : subject,
    notBefore: new Date(request.now.getTime() - BACKDATE_MS),
    notAfter: new Date(request.now.getTime() + request.durationSeconds * 1000),
    publicKey: keyPair.keys.publicKey,
    signingKey: signer.keys.privateKey,
    signingAlgorithm: signer.signingAlgorithm,
    extensions,
  });
  const root = issuer?.root ?? certificate;
  const chain = [certificate, ...(issuer?.chain ?? []).filter((c) => c !== root)];
  return {
    certificate, keyPair, chain, root,
    tlsCrt: chain.map((c) => c.toString('pem')).join('\n') + '\n',
    tlsKey: await privateKeyPem(keyPair),
    caCrt: root.toString('pem') + '\n',
  };
}

function keyUsages(request: CertificateRequest): x509.KeyUsageFlags {
  if (request.isCA) return x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign | x509.KeyUsageFlags.digitalSignature;
  const usages = x509.KeyUsageFlags.digitalSignature;
  return request.privateKey.algorithm === 'RSA' ? usages | x509.KeyUsageFlags.keyEncipherment : usages;
}

/** A random positive serial: the first octet is 0x01–0x7f, so the DER INTEGER is positive and has no padding. */
function serialNumber(): string {
  const bytes = randomBytes(SERIAL_BYTES);
  bytes[0] = (bytes[0] & 0x7f) || 0x01;
  return bytes.toString('hex');
}
