import { isIP } from 'node:net';
import { certificateDuration } from '../issuers';
import { asArray, asRecord } from '../object-index';
import type { Rule, Violation } from '../rule';
import { labelValueProblem, qualifiedNameProblem } from '../schema/metadata';
import { MIN_RENEW_BEFORE_SECONDS } from '../../pki/wellknown';
import { dns1123Subdomain, isEmailAddress, isObjectIdentifier, issuerRefNameProblem } from './cert-manager-webhook-common';

/**
 * cert-manager v1.21 `ValidateCertificateSpec` (internal/apis/certmanager/validation/certificate.go), the checks that no
 * other rule and no CRD schema already makes: duration/renewBefore are SM-CM-101/SM-CM-020, no identity SM-CM-103, the
 * commonName length SM-CM-102, issuerRef.kind SM-CM-105, nameConstraints without isCA SM-CM-104; enums (algorithm,
 * usages, signatureAlgorithm values, renewal.policy) are in the CRD schema (SM-SC-001).
 */

/** Key algorithm → the signature algorithms the webhook allows with it (`keyAlgToAllowedSigAlgs`). */
const SIGNATURE_ALGORITHMS: Readonly<Record<string, readonly string[]>> = {
  RSA: ['SHA256WithRSA', 'SHA384WithRSA', 'SHA512WithRSA'],
  ECDSA: ['ECDSAWithSHA256', 'ECDSAWithSHA384', 'ECDSAWithSHA512'],
  Ed25519: ['PureEd25519'],
};
/** `pki.MinRSAKeySize`, `pki.MaxRSAKeySize`. */
const MIN_RSA = 2048;
const MAX_RSA = 8192;
const ECDSA_SIZES = [256, 384, 521];
const SUBJECT_FIELDS = ['organizations', 'countries', 'organizationalUnits', 'localities', 'provinces', 'streetAddresses', 'postalCodes', 'serialNumber'];

export function certificateSpecProblems(spec: Record<string, any>): string[] {
  const out: string[] = [];
  if (spec.secretName === '') out.push('spec.secretName must be specified.');
  else if (typeof spec.secretName === 'string' && !dns1123Subdomain(spec.secretName)) out.push(`spec.secretName "${spec.secretName}" is not a valid Secret name (lowercase DNS subdomain).`);
  const nameProblem = issuerRefNameProblem(spec.issuerRef);
  if (nameProblem) out.push(nameProblem);

  if (typeof spec.literalSubject === 'string' && spec.literalSubject !== '') {
    if (typeof spec.commonName === 'string' && spec.commonName !== '') out.push('spec.commonName must not be set together with spec.literalSubject (put the CN in literalSubject).');
    const subject = asRecord(spec.subject);
    const set = SUBJECT_FIELDS.filter((f) => (Array.isArray(subject[f]) ? subject[f].length > 0 : typeof subject[f] === 'string' && subject[f] !== ''));
    if (set.length > 0) out.push(`spec.subject (${set.join(', ')}) must not be set together with spec.literalSubject.`);
  }
  asArray(spec.ipAddresses).forEach((ip, i) => {
    if (typeof ip !== 'string' || isIP(ip) === 0) out.push(`spec.ipAddresses[${i}] "${String(ip)}" is not an IP address.`);
  });
  asArray(spec.emailAddresses).forEach((e, i) => {
    if (typeof e !== 'string' || !isEmailAddress(e)) out.push(`spec.emailAddresses[${i}] "${String(e)}" is not a bare email address (no display name, no <>).`);
  });
  asArray(spec.otherNames).forEach((o, i) => {
    const on = asRecord(o);
    if (typeof on.oid !== 'string' || !isObjectIdentifier(on.oid)) out.push(`spec.otherNames[${i}].oid "${String(on.oid ?? '')}" is not a dotted OID such as 1.3.6.1.4.1.311.20.2.3.`);
    if (typeof on.utf8Value !== 'string' || on.utf8Value === '') out.push(`spec.otherNames[${i}].utf8Value must be a non-empty string.`);
  });

  const key = asRecord(spec.privateKey);
  const algorithm = typeof key.algorithm === 'string' && key.algorithm !== '' ? key.algorithm : 'RSA';
  const size = typeof key.size === 'number' ? key.size : 0;
  if (algorithm === 'RSA' && size > 0 && (size < MIN_RSA || size > MAX_RSA)) out.push(`spec.privateKey.size ${size} must be between ${MIN_RSA} and ${MAX_RSA} for RSA keys.`);
  if (algorithm === 'ECDSA' && size > 0 && !ECDSA_SIZES.includes(size)) out.push(`spec.privateKey.size ${size} is not an ECDSA curve size: use 256, 384 or 521.`);
  if (typeof spec.signatureAlgorithm === 'string' && spec.signatureAlgorithm !== '') {
    const allowed = SIGNATURE_ALGORITHMS[algorithm];
    if (allowed && !allowed.includes(spec.signatureAlgorithm)) out.push(`spec.signatureAlgorithm ${spec.signatureAlgorithm} does not go with ${algorithm} keys: use ${allowed.join(', ')}.`);
  }

  if (spec.renewBeforePercentage !== undefined && spec.renewBefore === undefined) {
    // The webhook derives renewBefore as duration × (100 − percentage) / 100 and requires at least 5m.
    const pct = Number(spec.renewBeforePercentage);
    const duration = certificateDuration({ spec } as any);
    if (Number.isInteger(pct) && pct > 0 && pct < 100 && duration !== undefined && (duration * (100 - pct)) / 100 < MIN_RENEW_BEFORE_SECONDS) {
      out.push(`spec.renewBeforePercentage ${pct}: the webhook computes duration × (100 − ${pct})% = ${Math.round((duration * (100 - pct)) / 100)}s, below its 5m minimum, and rejects it.`);
    }
  }
  if (typeof spec.revisionHistoryLimit === 'number' && spec.revisionHistoryLimit < 1) out.push(`spec.revisionHistoryLimit ${spec.revisionHistoryLimit} must be at least 1.`);
  // `metavalidation.ValidateLabels` / `ValidateAnnotations` on the Secret's metadata to be, and cert-manager's own keys.
  for (const [k, v] of Object.entries(asRecord(asRecord(spec.secretTemplate).labels))) {
    const problem = qualifiedNameProblem(k) ?? (typeof v === 'string' ? labelValueProblem(v) : 'must be a string');
    if (problem) out.push(`spec.secretTemplate.labels "${k}": ${problem}.`);
  }
  for (const a of Object.keys(asRecord(asRecord(spec.secretTemplate).annotations))) {
    if (a.startsWith('cert-manager.io/') && a !== 'cert-manager.io/allow-direct-injection') out.push(`spec.secretTemplate.annotations "${a}": cert-manager.io/* annotations are not allowed.`);
    else {
      const problem = qualifiedNameProblem(a);
      if (problem) out.push(`spec.secretTemplate.annotations "${a}": ${problem}.`);
    }
  }
  if (spec.nameConstraints !== undefined) {
    const nc = asRecord(spec.nameConstraints);
    if (nc.permitted === undefined && nc.excluded === undefined) out.push('spec.nameConstraints needs permitted or excluded.');
  }
  const formats = new Set<string>();
  for (const f of asArray(spec.additionalOutputFormats)) {
    const type = String(asRecord(f).type);
    if (formats.has(type)) out.push(`spec.additionalOutputFormats lists type ${type} twice.`);
    formats.add(type);
  }
  for (const [field, label] of [['jks', 'JKS'], ['pkcs12', 'PKCS#12']] as const) {
    const store = asRecord(spec.keystores)[field];
    if (store === undefined) continue;
    const s = asRecord(store);
    const hasRef = typeof asRecord(s.passwordSecretRef).name === 'string' && asRecord(s.passwordSecretRef).name !== '';
    const hasLiteral = s.password !== undefined && s.password !== null;
    if (hasRef && hasLiteral) out.push(`spec.keystores.${field}: set exactly one of passwordSecretRef and password for ${label} keystores, not both.`);
    if (!hasRef && !hasLiteral) out.push(`spec.keystores.${field}: set passwordSecretRef (or password) for ${label} keystores.`);
    if (hasLiteral && s.password === '') out.push(`spec.keystores.${field}.password must not be empty.`);
  }
  const renewal = spec.renewal === undefined ? undefined : asRecord(spec.renewal);
  if (renewal) {
    const windows = asArray(renewal.windows);
    if (renewal.policy === 'Disabled' && windows.length > 0) out.push('spec.renewal.windows cannot be set when renewal.policy is Disabled.');
    else {
      windows.forEach((w, i) => {
        const win = asRecord(w);
        if (win.windowDuration === undefined) out.push(`spec.renewal.windows[${i}].windowDuration must be set.`);
        if (typeof win.timezone === 'string' && win.timezone !== '' && !validTimezone(win.timezone)) out.push(`spec.renewal.windows[${i}].timezone "${win.timezone}" is not an IANA time zone.`);
        if (typeof win.cron !== 'string' || win.cron.trim().split(/\s+/).length !== 5) out.push(`spec.renewal.windows[${i}].cron "${String(win.cron ?? '')}" is not a 5-field cron expression (minute hour day month weekday).`);
      });
    }
  }
  return out;
}

function validTimezone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

export const certificateWebhook: Rule = {
  id: 'SM-CM-108',
  severity: 'error',
  title: 'Certificate that the cert-manager webhook rejects',
  explanation:
    'cert-manager\'s validating webhook checks Certificates beyond the CRD schema (`ValidateCertificateSpec`, v1.21): RSA key ' +
    'sizes between 2048 and 8192, ECDSA sizes 256/384/521, a signatureAlgorithm matching the key algorithm, a valid secretName ' +
    'and issuerRef.name, IP and bare email SANs, otherNames with an OID and a value, no commonName or subject fields next to ' +
    'literalSubject, revisionHistoryLimit ≥ 1, valid secretTemplate labels and annotations (no cert-manager.io/* ones), nameConstraints with permitted ' +
    'or excluded, unique additionalOutputFormats, exactly one password source per keystore, renewal windows, and a ' +
    'renewBeforePercentage whose derived renewBefore is at least 5m. `kubectl apply` is refused. Fix the field the message names.',
  sources: ['cert-manager internal/apis/certmanager/validation/certificate.go', 'cert-manager internal/apis/certmanager/validation/certificate_test.go'],
  *check({ index }): Iterable<Violation> {
    for (const cert of index.ofKind('Certificate')) {
      if (!cert.apiVersion.startsWith('cert-manager.io/')) continue;
      for (const message of certificateSpecProblems(asRecord(cert.spec))) yield { object: cert, message };
    }
  },
};
