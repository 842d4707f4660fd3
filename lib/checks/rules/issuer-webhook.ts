import { asArray, asRecord } from '../object-index';
import type { Rule, Violation } from '../rule';
import { caBundleProblem, dns1123Subdomain } from './cert-manager-webhook-common';

/**
 * cert-manager v1.21 `ValidateIssuerConfig` (internal/apis/certmanager/validation/issuer.go; ClusterIssuers are
 * validated the same way), as checks on the spec as written. Each function returns the webhook's complaints with the
 * user's field path.
 */

const ISSUER_TYPES = ['acme', 'ca', 'selfSigned', 'vault', 'venafi'];
const DNS01_PROVIDERS = ['akamai', 'azureDNS', 'cloudDNS', 'cloudflare', 'route53', 'acmeDNS', 'digitalocean', 'rfc2136', 'webhook'];
const TSIG_ALGORITHMS = ['HMACMD5', 'HMACSHA1', 'HMACSHA256', 'HMACSHA512'];
const AZURE_ENVIRONMENTS = ['AzurePublicCloud', 'AzureChinaCloud', 'AzureGermanCloud', 'AzureUSGovernmentCloud'];
const SOLVER_SERVICE_TYPES = ['', 'ClusterIP', 'NodePort'];

const set = (v: unknown): boolean => v !== undefined && v !== null;
const nonEmpty = (v: unknown): boolean => typeof v === 'string' && v !== '';
/** `containsDotDotSegment`: a literal `..` path segment. */
const dotDot = (p: unknown): boolean => typeof p === 'string' && p.split('/').includes('..');

/** `ValidateSecretKeySelector`: name and key. */
function secretKeySelector(path: string, sel: unknown): string[] {
  const s = asRecord(sel);
  const out: string[] = [];
  if (!nonEmpty(s.name)) out.push(`${path}.name (the Secret's name) is required.`);
  if (!nonEmpty(s.key)) out.push(`${path}.key (the key in the Secret) is required.`);
  return out;
}

export function issuerSpecProblems(spec: Record<string, any>): string[] {
  const present = ISSUER_TYPES.filter((t) => set(spec[t]));
  if (present.length === 0) return [`spec sets no issuer type: set exactly one of ${ISSUER_TYPES.join(', ')}.`];
  const out: string[] = [];
  if (present.length > 1) out.push(`spec sets ${present.join(' and ')}: an issuer has exactly one type (the webhook rejects spec.${present[1]}).`);
  // Only the first type is validated further, as the webhook does.
  const type = present[0];
  const cfg = asRecord(spec[type]);
  if (type === 'acme') out.push(...acmeProblems(cfg));
  if (type === 'ca') {
    if (!nonEmpty(cfg.secretName)) out.push('spec.ca.secretName is required.');
    asArray(cfg.ocspServers).forEach((u, i) => { if (!nonEmpty(u)) out.push(`spec.ca.ocspServers[${i}] must be a URL, not empty.`); });
    asArray(cfg.issuingCertificateURLs).forEach((u, i) => { if (!nonEmpty(u)) out.push(`spec.ca.issuingCertificateURLs[${i}] must be a URL, not empty.`); });
  }
  if (type === 'vault') out.push(...vaultProblems(cfg));
  if (type === 'venafi') out.push(...venafiProblems(cfg));
  return out;
}

function acmeProblems(acme: Record<string, any>): string[] {
  const out: string[] = [];
  if (nonEmpty(acme.caBundle) && acme.skipTLSVerify === true) out.push('spec.acme.caBundle and spec.acme.skipTLSVerify are mutually exclusive.');
  const bundle = caBundleProblem('spec.acme.caBundle', acme.caBundle);
  if (bundle) out.push(bundle);
  if (!nonEmpty(asRecord(acme.privateKeySecretRef).name)) out.push('spec.acme.privateKeySecretRef.name is required (the Secret for the ACME account key).');
  if (!nonEmpty(acme.server)) out.push('spec.acme.server (the ACME directory URL) is required.');
  if (set(acme.externalAccountBinding)) {
    const eab = asRecord(acme.externalAccountBinding);
    if (!nonEmpty(eab.keyID)) out.push('spec.acme.externalAccountBinding.keyID is required.');
    out.push(...secretKeySelector('spec.acme.externalAccountBinding.keySecretRef', eab.keySecretRef));
  }
  asArray(acme.solvers).forEach((s, i) => out.push(...solverProblems(`spec.acme.solvers[${i}]`, asRecord(s))));
  return out;
}

function solverProblems(path: string, sol: Record<string, any>): string[] {
  const out: string[] = [];
  if (set(sol.http01) && set(sol.dns01)) out.push(`${path} sets http01 and dns01: one solver type per solver.`);
  else if (!set(sol.http01) && !set(sol.dns01)) out.push(`${path} configures no solver type (http01 or dns01).`);
  if (set(sol.http01)) {
    const h = asRecord(sol.http01);
    const kinds = ['ingress', 'gatewayHTTPRoute'].filter((k) => set(h[k]));
    if (kinds.length === 0) out.push(`${path}.http01 configures no HTTP01 solver (ingress or gatewayHTTPRoute).`);
    if (kinds.length > 1) out.push(`${path}.http01 sets ingress and gatewayHTTPRoute: only one HTTP01 solver type.`);
    if (set(h.ingress)) {
      const ing = asRecord(h.ingress);
      const which = ['class', 'ingressClassName', 'name'].filter((k) => (k === 'name' ? nonEmpty(ing[k]) : set(ing[k])));
      if (which.length > 1) out.push(`${path}.http01.ingress sets ${which.join(' and ')}: only one of ingressClassName, name or class.`);
      if (typeof ing.ingressClassName === 'string' && !dns1123Subdomain(ing.ingressClassName)) out.push(`${path}.http01.ingress.ingressClassName "${ing.ingressClassName}" is not a valid IngressClass name (use class for values such as azure/application-gateway).`);
      if (set(ing.serviceType) && !SOLVER_SERVICE_TYPES.includes(ing.serviceType)) out.push(`${path}.http01.ingress.serviceType must be empty, ClusterIP or NodePort.`);
    }
    if (set(h.gatewayHTTPRoute)) {
      const gw = asRecord(h.gatewayHTTPRoute);
      if (set(gw.serviceType) && !SOLVER_SERVICE_TYPES.includes(gw.serviceType)) out.push(`${path}.http01.gatewayHTTPRoute.serviceType must be empty, ClusterIP or NodePort.`);
      for (const [j, r] of asArray(gw.parentRefs).entries()) {
        const ref = asRecord(r);
        if (set(ref.kind) && !nonEmpty(ref.name)) { out.push(`${path}.http01.gatewayHTTPRoute.parentRefs[${j}].name is required when kind is set.`); break; }
        if (nonEmpty(ref.name) && !set(ref.kind)) { out.push(`${path}.http01.gatewayHTTPRoute.parentRefs[${j}].kind is required when name is set.`); break; }
      }
    }
  } else if (set(sol.dns01)) {
    out.push(...dns01Problems(`${path}.dns01`, asRecord(sol.dns01)));
  }
  return out;
}

function dns01Problems(path: string, p: Record<string, any>): string[] {
  const out: string[] = [];
  if (set(p.cnameStrategy) && p.cnameStrategy !== '' && !['None', 'Follow'].includes(p.cnameStrategy)) out.push(`${path}.cnameStrategy must be None or Follow.`);
  const providers = DNS01_PROVIDERS.filter((k) => set(p[k]));
  if (providers.length === 0) return [...out, `${path} configures no DNS01 provider.`];
  if (providers.length > 1) out.push(`${path} sets ${providers.join(' and ')}: one DNS01 provider per solver.`);
  for (const provider of providers) {
    const c = asRecord(p[provider]);
    const at = `${path}.${provider}`;
    switch (provider) {
      case 'akamai':
        out.push(...secretKeySelector(`${at}.accessTokenSecretRef`, c.accessTokenSecretRef), ...secretKeySelector(`${at}.clientSecretSecretRef`, c.clientSecretSecretRef), ...secretKeySelector(`${at}.clientTokenSecretRef`, c.clientTokenSecretRef));
        if (!nonEmpty(c.serviceConsumerDomain)) out.push(`${at}.serviceConsumerDomain is required.`);
        break;
      case 'azureDNS':
        if (nonEmpty(c.clientID) || nonEmpty(c.tenantID) || set(c.clientSecretSecretRef)) {
          if (!nonEmpty(c.clientID)) out.push(`${at}.clientID is required with tenantID or clientSecretSecretRef.`);
          if (!set(c.clientSecretSecretRef)) out.push(`${at}.clientSecretSecretRef is required with clientID or tenantID.`);
          else out.push(...secretKeySelector(`${at}.clientSecretSecretRef`, c.clientSecretSecretRef));
          if (!nonEmpty(c.tenantID)) out.push(`${at}.tenantID is required with clientID or clientSecretSecretRef.`);
          if (set(c.managedIdentity)) out.push(`${at}.managedIdentity cannot be used with clientID, clientSecretSecretRef or tenantID.`);
        } else if (set(c.managedIdentity)) {
          const mi = asRecord(c.managedIdentity);
          if (nonEmpty(mi.clientID) && nonEmpty(mi.resourceID)) out.push(`${at}.managedIdentity: clientID and resourceID cannot both be set.`);
          if (nonEmpty(mi.tenantID) && nonEmpty(mi.resourceID)) out.push(`${at}.managedIdentity: tenantID and resourceID cannot both be set.`);
          if (nonEmpty(mi.tenantID) && !nonEmpty(mi.clientID)) out.push(`${at}.managedIdentity.clientID is required with tenantID.`);
        }
        if (!nonEmpty(c.subscriptionID)) out.push(`${at}.subscriptionID is required.`);
        if (!nonEmpty(c.resourceGroupName)) out.push(`${at}.resourceGroupName is required.`);
        if (nonEmpty(c.environment) && !AZURE_ENVIRONMENTS.includes(c.environment)) out.push(`${at}.environment must be one of ${AZURE_ENVIRONMENTS.join(', ')}.`);
        break;
      case 'cloudDNS':
        if (set(c.serviceAccountSecretRef)) out.push(...secretKeySelector(`${at}.serviceAccountSecretRef`, c.serviceAccountSecretRef));
        if (!nonEmpty(c.project)) out.push(`${at}.project is required.`);
        break;
      case 'cloudflare':
        if (set(c.apiKeySecretRef)) out.push(...secretKeySelector(`${at}.apiKeySecretRef`, c.apiKeySecretRef));
        if (set(c.apiTokenSecretRef)) out.push(...secretKeySelector(`${at}.apiTokenSecretRef`, c.apiTokenSecretRef));
        if (set(c.apiKeySecretRef) && set(c.apiTokenSecretRef)) out.push(`${at}: apiKeySecretRef and apiTokenSecretRef cannot both be set.`);
        if (!set(c.apiKeySecretRef) && !set(c.apiTokenSecretRef)) out.push(`${at} needs apiTokenSecretRef (or apiKeySecretRef with email).`);
        if (set(c.apiKeySecretRef) && !nonEmpty(c.email)) out.push(`${at}.email is required with apiKeySecretRef.`);
        break;
      case 'route53':
        if (nonEmpty(c.accessKeyID) && set(c.accessKeyIDSecretRef)) out.push(`${at}: accessKeyID and accessKeyIDSecretRef cannot both be set.`);
        if (set(c.accessKeyIDSecretRef)) out.push(...secretKeySelector(`${at}.accessKeyIDSecretRef`, c.accessKeyIDSecretRef));
        break;
      case 'acmeDNS': {
        out.push(...secretKeySelector(`${at}.accountSecretRef`, c.accountSecretRef));
        if (!nonEmpty(c.host)) out.push(`${at}.host is required.`);
        const bundle = caBundleProblem(`${at}.caBundle`, c.caBundle);
        if (bundle) out.push(bundle);
        break;
      }
      case 'digitalocean':
        out.push(...secretKeySelector(`${at}.tokenSecretRef`, c.tokenSecretRef));
        break;
      case 'rfc2136': {
        if (!nonEmpty(c.nameserver)) out.push(`${at}.nameserver is required.`);
        else if (!validNameserver(c.nameserver)) out.push(`${at}.nameserver "${c.nameserver}" must be host:port (an IPv4 address, a [bracketed] IPv6 address or a hostname; the port is optional).`);
        if (nonEmpty(c.tsigAlgorithm) && !TSIG_ALGORITHMS.includes(String(c.tsigAlgorithm).toUpperCase())) out.push(`${at}.tsigAlgorithm must be one of ${TSIG_ALGORITHMS.join(', ')}.`);
        const tsig = secretKeySelector(`${at}.tsigSecretSecretRef`, c.tsigSecretSecretRef);
        if (nonEmpty(c.tsigKeyName)) out.push(...tsig);
        if (tsig.length === 0 && !nonEmpty(c.tsigKeyName)) out.push(`${at}.tsigKeyName is required with tsigSecretSecretRef.`);
        break;
      }
      case 'webhook':
        if (!nonEmpty(c.solverName)) out.push(`${at}.solverName is required.`);
        break;
    }
  }
  return out;
}

/** `util.ValidNameserver`: host or IPv4, or [IPv6], with an optional port. */
function validNameserver(ns: string): boolean {
  const m = /^(\[[0-9a-fA-F:.]+\]|[^:[\]]+)(:(\d{1,5}))?$/.exec(ns);
  return m !== null && (m[3] === undefined || Number(m[3]) <= 65535);
}

function vaultProblems(v: Record<string, any>): string[] {
  const out: string[] = [];
  if (!nonEmpty(v.server)) out.push('spec.vault.server is required.');
  if (!nonEmpty(v.path)) out.push('spec.vault.path is required (the signing endpoint, e.g. pki_int/sign/example-dot-com).');
  else if (dotDot(v.path)) out.push(`spec.vault.path "${v.path}" must not contain ".." segments.`);
  const bundle = caBundleProblem('spec.vault.caBundle', v.caBundle);
  if (bundle) out.push(bundle);
  if (nonEmpty(v.caBundle) && set(v.caBundleSecretRef)) out.push('spec.vault.caBundle and spec.vault.caBundleSecretRef cannot be used together.');
  if (set(v.clientCertSecretRef) && !set(v.clientKeySecretRef)) out.push('spec.vault.clientKeySecretRef is required with clientCertSecretRef.');
  if (!set(v.clientCertSecretRef) && set(v.clientKeySecretRef)) out.push('spec.vault.clientCertSecretRef is required with clientKeySecretRef.');
  const auth = asRecord(v.auth);
  const methods = ['tokenSecretRef', 'appRole', 'clientCertificate', 'kubernetes', 'aws'].filter((k) => set(auth[k]));
  // At least one method; the webhook tolerates several (the first set one is used) to keep old Issuers valid.
  if (methods.length === 0) out.push('spec.vault.auth sets no method: supply one of appRole, kubernetes, tokenSecretRef, clientCertificate, aws.');
  if (set(auth.appRole)) {
    const a = asRecord(auth.appRole);
    if (!nonEmpty(a.roleId)) out.push('spec.vault.auth.appRole.roleId is required.');
    if (!nonEmpty(asRecord(a.secretRef).name)) out.push('spec.vault.auth.appRole.secretRef.name is required.');
    if (dotDot(a.path)) out.push('spec.vault.auth.appRole.path must not contain ".." segments.');
  }
  if (set(auth.clientCertificate) && dotDot(asRecord(auth.clientCertificate).path)) out.push('spec.vault.auth.clientCertificate.path must not contain ".." segments.');
  if (set(auth.kubernetes)) {
    const k = asRecord(auth.kubernetes);
    if (!nonEmpty(k.role)) out.push('spec.vault.auth.kubernetes.role is required.');
    if (dotDot(k.mountPath ?? k.path)) out.push('spec.vault.auth.kubernetes.mountPath must not contain ".." segments.');
    const sources = (nonEmpty(asRecord(k.secretRef).name) ? 1 : 0) + (set(k.serviceAccountRef) ? 1 : 0);
    if (set(k.serviceAccountRef) && !nonEmpty(asRecord(k.serviceAccountRef).name)) out.push('spec.vault.auth.kubernetes.serviceAccountRef.name is required.');
    if (sources !== 1) out.push('spec.vault.auth.kubernetes: supply exactly one of secretRef, serviceAccountRef.');
  }
  if (set(auth.aws)) {
    const a = asRecord(auth.aws);
    if (!nonEmpty(a.role)) out.push('spec.vault.auth.aws.role is required.');
    if (dotDot(a.mountPath)) out.push('spec.vault.auth.aws.mountPath must not contain ".." segments.');
    if (set(a.serviceAccountRef)) {
      if (!nonEmpty(asRecord(a.serviceAccountRef).name)) out.push('spec.vault.auth.aws.serviceAccountRef.name is required.');
      if (!nonEmpty(a.iamRoleArn)) out.push('spec.vault.auth.aws.iamRoleArn is required with serviceAccountRef (IRSA).');
    }
  }
  return out;
}

function venafiProblems(v: Record<string, any>): string[] {
  const out: string[] = [];
  if (!nonEmpty(v.zone)) out.push('spec.venafi.zone is required.');
  const kinds = ['tpp', 'cloud', 'ngts'].filter((k) => set(v[k]));
  if (kinds.length !== 1) out.push(`spec.venafi: supply exactly one of tpp, cloud, ngts${kinds.length > 1 ? ` (sets ${kinds.join(' and ')})` : ''}.`);
  if (set(v.tpp)) {
    const tpp = asRecord(v.tpp);
    if (!nonEmpty(tpp.url)) out.push('spec.venafi.tpp.url is required.');
    if (nonEmpty(tpp.caBundle) && set(tpp.caBundleSecretRef)) out.push('spec.venafi.tpp: caBundle and caBundleSecretRef cannot both be set.');
  }
  if (set(v.ngts)) {
    const n = asRecord(v.ngts);
    if (!nonEmpty(n.tsgID)) out.push('spec.venafi.ngts.tsgID is required.');
    if (!nonEmpty(asRecord(n.credentialsRef).name)) out.push('spec.venafi.ngts.credentialsRef.name is required.');
  }
  return out;
}

export const issuerWebhook: Rule = {
  id: 'SM-CM-109',
  severity: 'error',
  title: 'Issuer or ClusterIssuer that the cert-manager webhook rejects',
  explanation:
    'cert-manager\'s validating webhook (`ValidateIssuerConfig`, v1.21) requires exactly one issuer type (acme, ca, selfSigned, ' +
    'vault, venafi) and checks each: ACME needs server and privateKeySecretRef, one solver type per solver (http01 with one of ' +
    'ingress/gatewayHTTPRoute, dns01 with one provider and its required fields), caBundle XOR skipTLSVerify; CA needs ' +
    'secretName; Vault needs server, path (no `..`), an auth method with its required fields, caBundle XOR caBundleSecretRef and ' +
    'client cert and key together; Venafi needs zone and one of tpp/cloud/ngts. A caBundle must hold a parseable certificate. ' +
    '`kubectl apply` is refused. Fix the field the message names.',
  sources: ['cert-manager internal/apis/certmanager/validation/issuer.go', 'cert-manager internal/apis/certmanager/validation/issuer_test.go', 'cert-manager internal/apis/certmanager/validation/clusterissuer.go'],
  *check({ index }): Iterable<Violation> {
    for (const kind of ['Issuer', 'ClusterIssuer']) {
      for (const issuer of index.ofKind(kind)) {
        if (!issuer.apiVersion.startsWith('cert-manager.io/')) continue;
        for (const message of issuerSpecProblems(asRecord(issuer.spec))) yield { object: issuer, message };
      }
    }
  },
};
