import { asArray, asRecord } from '../object-index';
import type { Rule, Violation } from '../rule';

const CERT_FIELDS = ['serverCertificate', 'privateKey', 'caCertificates', 'tlsCertificates', 'credentialName', 'credentialNames'];

function problems(name: string, spec: Record<string, any>): string[] {
  const out: string[] = [];
  if (name.includes('.')) out.push(`metadata.name "${name}" must be a DNS-1123 label (no dots).`);
  const servers = asArray(spec.servers).map(asRecord);
  if (servers.length === 0) out.push('needs at least one server.');
  const portNames = new Map<string, number>();
  servers.forEach((server, i) => {
    const port = asRecord(server.port);
    const protocol = String(port.protocol ?? '').toUpperCase();
    if (typeof port.name !== 'string' || port.name === '') out.push(`servers[${i}].port.name is required.`);
    else if (portNames.has(port.name)) out.push(`servers[${i}].port.name "${port.name}" is already used by servers[${portNames.get(port.name)}].`);
    else portNames.set(port.name, i);
    if (port.targetPort !== undefined) out.push(`servers[${i}].port.targetPort has no effect on Gateways; remove it.`);
    if (asArray(server.hosts).length === 0) out.push(`servers[${i}] needs at least one host.`);
    const tls = server.tls === undefined ? undefined : asRecord(server.tls);
    if ((protocol === 'HTTPS' || protocol === 'TLS') && !tls) out.push(`servers[${i}] protocol ${protocol} requires tls.`);
    if (!tls) return;
    const mode = tls.mode;
    const certs = CERT_FIELDS.filter((f) => tls[f] !== undefined);
    if (protocol === 'HTTP' && certs.length > 0) out.push(`servers[${i}] protocol HTTP may only set tls.httpsRedirect, not ${certs.join(', ')}.`);
    if (mode === 'ISTIO_MUTUAL' && certs.length > 0) out.push(`servers[${i}].tls mode ISTIO_MUTUAL must not set ${certs.join(', ')}.`);
    if ((mode === undefined || mode === 'PASSTHROUGH') && certs.length > 0 && protocol !== 'HTTP') {
      out.push(`servers[${i}].tls has ${certs.join(', ')} but mode ${mode ?? 'unset (= PASSTHROUGH)'}: the certificates are ignored. Set mode SIMPLE or MUTUAL.`);
    }
    const sources = [tls.serverCertificate !== undefined || tls.privateKey !== undefined, tls.credentialName !== undefined, tls.credentialNames !== undefined, tls.tlsCertificates !== undefined].filter(Boolean).length;
    if (sources > 1) out.push(`servers[${i}].tls sets more than one certificate source (serverCertificate/privateKey, credentialName, credentialNames, tlsCertificates).`);
    if ((mode === 'SIMPLE' || mode === 'MUTUAL' || mode === 'OPTIONAL_MUTUAL') && sources === 0) out.push(`servers[${i}].tls mode ${mode} needs a certificate (credentialName).`);
    if ((mode === 'MUTUAL' || mode === 'OPTIONAL_MUTUAL') && sources > 0 && tls.credentialName === undefined && tls.credentialNames === undefined && tls.caCertificates === undefined && tls.caCertCredentialName === undefined) {
      out.push(`servers[${i}].tls mode ${mode} requires a client CA bundle (caCertificates).`);
    }
  });
  return out;
}

export const gatewayWebhook: Rule = {
  id: 'SM-IS-103',
  severity: 'error',
  title: 'Gateway servers that istiod rejects or whose certificates are silently ignored',
  explanation:
    'istiod\'s `ValidateGateway` requires a DNS-label name, at least one server with hosts, unique port names and no ' +
    '`targetPort`; HTTPS/TLS servers need `tls`; ISTIO_MUTUAL forbids certificate fields; one certificate source per server; ' +
    'MUTUAL needs a client CA. `tls` without `mode` is PASSTHROUGH, which ignores `credentialName` (only a webhook warning). ' +
    'Fix what the message names; set `tls.mode` explicitly.',
  sources: ['istio pkg/config/validation/validation.go ValidateGateway', 'istio-kserve-modelmesh.md §1.5'],
  *check({ index }): Iterable<Violation> {
    for (const gw of index.ofKind('Gateway')) {
      if (!gw.apiVersion.startsWith('networking.istio.io/')) continue;
      for (const message of problems(gw.metadata.name, asRecord(gw.spec))) yield { object: gw, message };
    }
  },
};
