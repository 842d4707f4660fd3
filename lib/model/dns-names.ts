/**
 * Limits of the DNS names the library derives from a definition, once the cluster domain is added: what every single
 * field check (names.ts) cannot see. RFC 1035 §2.3.4 (and Kubernetes' `IsFullyQualifiedDomainName`): a name is at
 * most 253 characters written out, each label at most 63. Istio matches hosts by these names
 * (`<svc>.<ns>.svc.<clusterDomain>` in DestinationRules and Sidecars, `*.<ns>.svc.<clusterDomain>` for a namespace),
 * and cert-manager puts them in certificates (`dnsNames`): a longer name never resolves, and an X.509 dNSName SAN
 * that is not a DNS name is refused by TLS clients.
 */
import type { SecureMeshProps } from './definition';
import type { Problem } from './errors';

const MAX_NAME = 253;
const MAX_LABEL = 63;

/** Why `name` (a DNS name, `*.` wildcard allowed) breaks DNS's length limits, or undefined. */
export function dnsNameLengthError(name: string): string | undefined {
  if (name.length > MAX_NAME) return `"${name.slice(0, 80)}…" is ${name.length} characters: a DNS name is at most ${MAX_NAME}`;
  const long = name.split('.').find((label) => label.length > MAX_LABEL);
  if (long !== undefined) return `"${long.slice(0, 80)}${long.length > 80 ? '…' : ''}" is a DNS label of ${long.length} characters: each dot-separated part of a DNS name is at most ${MAX_LABEL}`;
  return undefined;
}

/** A problem for each DNS name derived from the definition that is too long, on the field the user can shorten. */
export function derivedDnsNameProblems(props: SecureMeshProps, clusterDomain: string): Problem[] {
  const problems: Problem[] = [];
  // Over 253 characters, the domains themselves are refused by their own check (names.ts); their labels are not.
  if (clusterDomain.length > MAX_NAME) return [];
  const domainError = dnsNameLengthError(clusterDomain);
  if (domainError) return [{ path: 'clusterDomain', message: domainError }];
  if (props.trustDomain !== undefined && props.trustDomain.length <= MAX_NAME) {
    const error = dnsNameLengthError(props.trustDomain);
    if (error) problems.push({ path: 'trustDomain', message: error });
  }
  const suffix = `.svc.${clusterDomain}`;
  (props.namespaces ?? []).forEach((ns, i) => {
    // A name that is no DNS label is refused by its own check (names.ts): one problem per mistake.
    if (typeof ns?.name !== 'string' || ns.name.length > MAX_LABEL) return;
    const host = `*.${ns.name}${suffix}`;
    if (host.length > MAX_NAME) problems.push({ path: `namespaces[${i}].name`, message: `the namespace's hosts, "*.${ns.name}${suffix}", are ${host.length} characters with the cluster domain: a DNS name is at most ${MAX_NAME}; shorten the namespace name or clusterDomain` });
  });
  (props.workloads ?? []).forEach((w, i) => {
    if (typeof w?.name !== 'string' || typeof w.namespace !== 'string') return;
    const service = w.serviceName ?? w.name;
    // Each part longer than a DNS label is refused by its own field's check (names.ts): reported there, once.
    if (service.length > MAX_LABEL || w.namespace.length > MAX_LABEL) return;
    const fqdn = `${service}.${w.namespace}${suffix}`;
    if (fqdn.length > MAX_NAME) {
      problems.push({ path: `workloads[${i}].${w.serviceName !== undefined ? 'serviceName' : 'name'}`, message: `the Service's name with the cluster domain, "${fqdn.slice(0, 80)}…", is ${fqdn.length} characters: a DNS name is at most ${MAX_NAME}; shorten the name, the namespace or clusterDomain` });
    }
    (w.tls?.extraDnsNames ?? []).forEach((name, j) => {
      const error = typeof name === 'string' ? dnsNameLengthError(name) : undefined;
      if (error) problems.push({ path: `workloads[${i}].tls.extraDnsNames[${j}]`, message: error });
    });
  });
  return problems;
}
