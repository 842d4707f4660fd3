/**
 * Hand-picked bad definitions (as construct props) with the exact problem each must report. The
 * messages are part of the product: a user reads them instead of a stack trace.
 */
import type { SecureMeshProps } from '../../lib/model/definition';

export interface BadDefinition {
  readonly name: string;
  readonly props: unknown;
  readonly path: string;
  readonly message: string;
}

const ns = (name: string, extra: object = {}) => ({ name, ...extra });
const base = (extra: Partial<Record<keyof SecureMeshProps, unknown>>): unknown => ({ namespaces: [ns('shop')], ...extra });
const api = (extra: object = {}) => ({ name: 'api', namespace: 'shop', ports: [{ name: 'http', port: 8080 }], ...extra });
const web = { name: 'web', namespace: 'shop' };

export const BAD_DEFINITIONS: readonly BadDefinition[] = [
  // --- structure: types, required fields, enums, unknown keys
  { name: 'definition is not an object', props: 'mesh', path: '', message: 'must be an object (got string "mesh")' },
  { name: 'namespaces is not a list', props: { namespaces: 'shop' }, path: 'namespaces', message: 'must be a list (got string "shop")' },
  { name: 'namespace without a name', props: { namespaces: [{}] }, path: 'namespaces[0].name', message: 'is required' },
  { name: 'workload without a namespace', props: base({ workloads: [{ name: 'api' }] }), path: 'workloads[0].namespace', message: 'is required' },
  { name: 'misspelled top-level key', props: base({ workload: [] } as never), path: 'workload', message: 'unknown field — did you mean "workloads"?' },
  { name: 'misspelled namespace key', props: { namespaces: [{ name: 'shop', isolaton: 'none' }] }, path: 'namespaces[0].isolaton', message: 'unknown field — did you mean "isolation"?' },
  { name: 'misspelled workload key', props: base({ workloads: [{ ...web, ingres: [] }] }), path: 'workloads[0].ingres', message: 'unknown field — did you mean "ingress"?' },
  { name: 'unknown isolation mode', props: { namespaces: [ns('shop', { isolation: 'strict' })] }, path: 'namespaces[0].isolation', message: 'must be one of "workload", "namespace", "none" (got "strict")' },
  { name: 'lower-case mTLS mode', props: { namespaces: [ns('shop', { mtls: 'strict' })] }, path: 'namespaces[0].mtls', message: 'must be one of "STRICT", "PERMISSIVE", "DISABLE" (got "strict") — did you mean "STRICT"?' },
  { name: 'port number as a string', props: base({ workloads: [{ ...web, ports: [{ port: '8080' }] }] }), path: 'workloads[0].ports[0].port', message: 'must be an integer (got string "8080")' },
  { name: 'unknown port protocol', props: base({ workloads: [{ ...web, ports: [{ port: 8080, protocol: 'HTTP3' }] }] }), path: 'workloads[0].ports[0].protocol', message: 'must be one of "HTTP", "HTTP2", "GRPC", "HTTPS", "TLS", "TCP" (got "HTTP3") — did you mean "HTTP"?' },
  { name: 'unknown peer kind', props: base({ workloads: [web, api({ ingress: [{ from: { service: 'web' } }] })] }), path: 'workloads[1].ingress[0].from', message: 'must have one of the fields "workload", "namespace", "cidr", "system" (got "service")' },
  { name: 'misspelled system key', props: base({ workloads: [api({ ingress: [{ from: { sytem: 'prometheus' } }] })] }), path: 'workloads[0].ingress[0].from.sytem', message: 'unknown field — did you mean "system"?' },
  { name: 'unknown system caller', props: base({ workloads: [api({ ingress: [{ from: { system: 'grafana' } }] })] }), path: 'workloads[0].ingress[0].from.system', message: 'must be one of "prometheus", "knative-serving", "istio-ingressgateway" (got "grafana")' },
  { name: 'unknown HTTP method', props: base({ workloads: [web, api({ ingress: [{ from: { workload: 'web' }, methods: ['FETCH'] }] })] }), path: 'workloads[1].ingress[0].methods[0]', message: 'must be one of "GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "CONNECT", "TRACE" (got "FETCH") — did you mean "PATCH"?' },
  { name: 'istio: true instead of an object', props: base({ istio: true }), path: 'istio', message: 'must be an object (got boolean true)' },
  { name: 'null workload', props: base({ workloads: [null] }), path: 'workloads[0]', message: 'must be an object (got null)' },
  { name: 'rule without from', props: base({ workloads: [api({ ingress: [{ ports: [8080] }] })] }), path: 'workloads[0].ingress[0].from', message: 'is required' },
  { name: 'unknown root of trust type', props: base({ pki: { root: { type: 'acme' } } }), path: 'pki.root.type', message: 'must be one of "selfSigned", "secret", "vault" (got "acme")' },
  // --- names
  { name: 'upper-case namespace name', props: { namespaces: [ns('Shop')] }, path: 'namespaces[0].name', message: '"Shop" is not a valid name: use lower-case letters, digits and "-", starting and ending with a letter or digit (DNS-1123 label)' },
  { name: 'namespace name with unicode', props: { namespaces: [ns('prod-ü')] }, path: 'namespaces[0].name', message: '"prod-ü" is not a valid name: use lower-case letters, digits and "-", starting and ending with a letter or digit (DNS-1123 label)' },
  { name: 'namespace name of 64 characters', props: { namespaces: [ns('a'.repeat(64))] }, path: 'namespaces[0].name', message: '"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa" is longer than 63 characters' },
  { name: 'empty namespace name', props: { namespaces: [ns('')] }, path: 'namespaces[0].name', message: '"" is not a valid name: use lower-case letters, digits and "-", starting and ending with a letter or digit (DNS-1123 label)' },
  { name: 'workload name with a dot', props: base({ workloads: [{ name: 'api.v1', namespace: 'shop' }] }), path: 'workloads[0].name', message: '"api.v1" is not a valid name: use lower-case letters, digits and "-", starting and ending with a letter or digit (DNS-1123 label)' },
  { name: 'service account with spaces', props: base({ workloads: [{ ...web, serviceAccount: 'web sa' }] }), path: 'workloads[0].serviceAccount', message: '"web sa" is not a valid name: use lower-case letters, digits, "-" and ".", starting and ending with a letter or digit (DNS-1123 subdomain)' },
  { name: 'port name too long', props: base({ workloads: [{ ...web, ports: [{ name: 'http-metrics-admin', port: 9090 }] }] }), path: 'workloads[0].ports[0].name', message: '"http-metrics-admin" is not a valid port name: at most 15 lower-case letters, digits and "-", with at least one letter (IANA_SVC_NAME)' },
  { name: 'bad selector label value', props: base({ workloads: [{ ...web, selector: { app: 'web app' } }] }), path: 'workloads[0].selector.app', message: 'label value "web app" is invalid: letters, digits, "-", "_" and ".", starting and ending with a letter or digit' },
  { name: 'empty selector', props: base({ workloads: [{ ...web, selector: {} }] }), path: 'workloads[0].selector', message: 'must select the workload with at least one label (an empty selector selects every pod)' },
  { name: 'mesh name too long', props: base({ name: 'm'.repeat(41) }), path: 'name', message: '"mmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmm" is longer than 40 characters (object names are derived from it)' },
  // --- references
  { name: 'workload in an undeclared namespace', props: base({ workloads: [{ name: 'api', namespace: 'shpo' }] }), path: 'workloads[0].namespace', message: 'unknown namespace "shpo"; declare it under namespaces — did you mean "shop"?' },
  { name: 'workload in an unmanaged namespace', props: { namespaces: [ns('ext', { managed: false })], workloads: [{ name: 'api', namespace: 'ext' }] }, path: 'workloads[0].namespace', message: 'namespace "ext" is not managed (managed: false); workloads must live in managed namespaces' },
  { name: 'misspelled workload peer', props: base({ workloads: [{ name: 'pipeline-controller', namespace: 'shop' }, api({ ingress: [{ from: { workload: 'pipline-controller' } }] })] }), path: 'workloads[1].ingress[0].from.workload', message: 'unknown workload "pipline-controller" in namespace "shop" — did you mean "pipeline-controller"?' },
  { name: 'workload peer in another namespace without namespace', props: { namespaces: [ns('shop'), ns('ops')], workloads: [{ name: 'cron', namespace: 'ops' }, api({ ingress: [{ from: { workload: 'cron' } }] })] }, path: 'workloads[1].ingress[0].from.workload', message: 'unknown workload "cron" in namespace "shop"; a workload of that name exists in namespace "ops": add namespace: "ops"' },
  { name: 'namespace peer not declared', props: base({ workloads: [api({ ingress: [{ from: { namespace: 'knative-serving' } }] })] }), path: 'workloads[0].ingress[0].from.namespace', message: 'unknown namespace "knative-serving"; declare it under namespaces (managed: false for namespaces outside the mesh)' },
  { name: 'prometheus peer with monitoring off', props: base({ workloads: [api({ ingress: [{ from: { system: 'prometheus' } }] })] }), path: 'workloads[0].ingress[0].from.system', message: 'Prometheus is a caller only when monitoring is on; set monitoring: {}' },
  { name: 'rule port not declared', props: base({ workloads: [web, api({ ingress: [{ from: { workload: 'web' }, ports: [9090] }] })] }), path: 'workloads[1].ingress[0].ports[0]', message: '9090 is not a port of workload "api" (declared: 8080)' },
  { name: 'rule port name not declared', props: base({ workloads: [web, api({ ingress: [{ from: { workload: 'web' }, ports: ['htp'] }] })] }), path: 'workloads[1].ingress[0].ports[0]', message: 'workload "api" has no port named "htp" — did you mean "http"?' },
  { name: 'egress to a managed namespace', props: base({ workloads: [{ ...web, egress: [{ to: { namespace: 'shop' } }] }] }), path: 'workloads[0].egress[0].to.namespace', message: '"shop" is managed by this definition; let its workloads admit this one with ingress rules instead' },
  { name: 'egress to an undeclared namespace', props: base({ workloads: [{ ...web, egress: [{ to: { namespace: 'vault' } }] }] }), path: 'workloads[0].egress[0].to.namespace', message: 'unknown namespace "vault"; declare it under namespaces (managed: false for namespaces outside the mesh)' },
  // --- duplicates and empties
  { name: 'namespace declared twice', props: { namespaces: [ns('shop'), ns('shop')] }, path: 'namespaces[1].name', message: 'namespace "shop" is declared twice' },
  { name: 'workload declared twice', props: base({ workloads: [web, web] }), path: 'workloads[1].name', message: 'workload "web" is declared twice in namespace "shop"' },
  { name: 'port declared twice', props: base({ workloads: [{ ...web, ports: [{ port: 80 }, { port: 80 }] }] }), path: 'workloads[0].ports[1].port', message: 'port 80 is declared twice' },
  { name: 'rule with from: []', props: base({ workloads: [api({ ingress: [{ from: [] }] })] }), path: 'workloads[0].ingress[0].from', message: 'must name at least one caller' },
  // --- ports, paths, CIDRs
  { name: 'port 0', props: base({ workloads: [{ ...web, ports: [{ port: 0 }] }] }), path: 'workloads[0].ports[0].port', message: '0 is not a port number (1-65535)' },
  { name: 'port 65536', props: base({ workloads: [{ ...web, ports: [{ port: 65536 }] }] }), path: 'workloads[0].ports[0].port', message: '65536 is not a port number (1-65535)' },
  { name: 'fractional port', props: base({ workloads: [{ ...web, ports: [{ port: 80.5 }] }] }), path: 'workloads[0].ports[0].port', message: 'must be an integer (got number 80.5)' },
  { name: 'egress port out of range', props: base({ workloads: [{ ...web, egress: [{ to: { cidr: '10.0.0.0/8' }, ports: [70000] }] }] }), path: 'workloads[0].egress[0].ports[0]', message: '70000 is not a port number (1-65535)' },
  { name: 'paths on a TCP port', props: base({ workloads: [web, { ...web, name: 'db', ports: [{ port: 5432 }], ingress: [{ from: { workload: 'web' }, paths: ['/x'] }] }] }), path: 'workloads[1].ingress[0].paths', message: 'paths apply only to HTTP ports, and port 5432 of workload "db" is TCP; set protocol: "HTTP" on the port or name it "http-..."' },
  { name: 'methods on an HTTPS port', props: base({ workloads: [web, { ...web, name: 'db', ports: [{ name: 'https', port: 8443 }], ingress: [{ from: { workload: 'web' }, methods: ['GET'] }] }] }), path: 'workloads[1].ingress[0].methods', message: 'methods apply only to HTTP ports, and port 8443 of workload "db" is HTTPS (the sidecar sees encrypted bytes and cannot read methods)' },
  { name: 'path without a leading slash', props: base({ workloads: [web, api({ ingress: [{ from: { workload: 'web' }, paths: ['healthz'] }] })] }), path: 'workloads[1].ingress[0].paths[0]', message: '"healthz" must start with "/"' },
  { name: 'wildcard in the middle of a path', props: base({ workloads: [web, api({ ingress: [{ from: { workload: 'web' }, paths: ['/api/*/x'] }] })] }), path: 'workloads[1].ingress[0].paths[0]', message: '"/api/*/x": a wildcard may only stand at the start or the end' },
  { name: 'bare IP as CIDR', props: base({ workloads: [api({ ingress: [{ from: { cidr: '10.1.2.3' } }] })] }), path: 'workloads[0].ingress[0].from.cidr', message: '"10.1.2.3" has no prefix length; did you mean "10.1.2.3/32"?' },
  { name: 'CIDR prefix too long', props: base({ workloads: [api({ ingress: [{ from: { cidr: '10.0.0.0/33' } }] })] }), path: 'workloads[0].ingress[0].from.cidr', message: '"10.0.0.0/33" is not a CIDR block such as "10.0.0.0/8"' },
  // --- PKI
  { name: 'duration in days', props: base({ pki: { certificateDefaults: { duration: '90d' } } }), path: 'pki.certificateDefaults.duration', message: '"90d" is not a Go duration; write hours, e.g. "2160h"' },
  { name: 'duration without unit', props: base({ pki: { certificateDefaults: { duration: '2160' } } }), path: 'pki.certificateDefaults.duration', message: '"2160" is not a duration; use hours, minutes or seconds, e.g. "2160h", "90m", "1h30m"' },
  { name: 'renewBefore equal to duration', props: base({ pki: { certificateDefaults: { duration: '48h', renewBefore: '48h' } } }), path: 'pki.certificateDefaults.renewBefore', message: '"48h" must be shorter than the duration "48h" (cert-manager would ignore it and renew at 2/3 of the lifetime)' },
  { name: 'duration below cert-manager minimum', props: base({ pki: { certificateDefaults: { duration: '30m', renewBefore: '10m' } } }), path: 'pki.certificateDefaults.duration', message: '"30m" is below cert-manager\'s minimum of 1h' },
  { name: 'leaf outlives the intermediate', props: base({ pki: { certificateDefaults: { duration: '9000h' } } }), path: 'pki.certificateDefaults.duration', message: '"9000h" is longer than the signing CA\'s 8760h (pki.intermediate.duration); a certificate must not outlive its issuer' },
  { name: 'RSA 1024', props: base({ pki: { certificateDefaults: { privateKey: { algorithm: 'RSA', size: 1024 } } } }), path: 'pki.certificateDefaults.privateKey.size', message: 'RSA keys must be 2048 to 8192 bits (got 1024); weaker keys are refused' },
  { name: 'ECDSA 128', props: base({ pki: { certificateDefaults: { privateKey: { algorithm: 'ECDSA', size: 128 } } } }), path: 'pki.certificateDefaults.privateKey.size', message: 'ECDSA keys must be 256, 384 or 521 bits (got 128)' },
  { name: 'Ed25519 with PKCS1', props: base({ pki: { certificateDefaults: { privateKey: { algorithm: 'Ed25519', encoding: 'PKCS1' } } } }), path: 'pki.certificateDefaults.privateKey.encoding', message: 'Ed25519 keys are always PKCS8' },
  { name: 'empty root common name', props: base({ pki: { root: { type: 'selfSigned', commonName: '' } } }), path: 'pki.root.commonName', message: 'must not be empty (cert-manager issues CAs with an empty subject, against RFC 5280)' },
  { name: 'Vault server without scheme', props: base({ pki: { root: { type: 'vault', server: 'vault:8200', path: 'pki/sign/mesh', auth: { role: 'r' }, caSecretName: 'vault-ca' } } }), path: 'pki.root.server', message: '"vault:8200" is not an http(s) URL such as "https://vault.example.com:8200"' },
  { name: 'trust bundle extra certificate not PEM', props: base({ pki: { trustBundle: { additionalCertificates: ['MIIB...'] } } }), path: 'pki.trustBundle.additionalCertificates[0]', message: 'must be one PEM certificate (-----BEGIN CERTIFICATE----- … -----END CERTIFICATE-----)' },
  // --- Istio and namespaces
  { name: 'sidecarInjection with Istio off', props: { istio: false, namespaces: [ns('shop', { sidecarInjection: true })] }, path: 'namespaces[0].sidecarInjection', message: 'Istio is off (istio: false); remove sidecarInjection or turn Istio on' },
  { name: 'workload sidecar with Istio off', props: { istio: false, namespaces: [ns('shop')], workloads: [{ ...web, sidecar: true }] }, path: 'workloads[0].sidecar', message: 'Istio is off (istio: false); a workload cannot run a sidecar' },
  { name: 'sidecar on the host network', props: base({ workloads: [{ ...web, hostNetwork: true, sidecar: true }] }), path: 'workloads[0].sidecar', message: 'pods on the host network cannot run an Istio sidecar; remove sidecar: true' },
  { name: 'root namespace declared managed', props: { namespaces: [ns('istio-system')] }, path: 'namespaces[0].name', message: '"istio-system" is Istio\'s root namespace: policies there apply mesh-wide; declare it with managed: false' },
  { name: 'isolation on an unmanaged namespace', props: { namespaces: [ns('ext', { managed: false, isolation: 'none' })] }, path: 'namespaces[0].isolation', message: 'namespace "ext" is not managed (managed: false); isolation applies only to managed namespaces' },
  { name: 'mtls on an unmanaged namespace', props: { namespaces: [ns('ext', { managed: false, mtls: 'STRICT' })] }, path: 'namespaces[0].mtls', message: 'namespace "ext" is not managed (managed: false); its mTLS mode is not ours to set' },
  { name: 'TLS env variable with a dash', props: base({ workloads: [{ ...web, tls: { env: { certPath: 'TLS-CERT', keyPath: 'TLS_KEY', caPath: 'TLS_CA' } } }] }), path: 'workloads[0].tls.env.certPath', message: '"TLS-CERT" is not an environment variable name' },
  { name: 'relative TLS mount path', props: base({ workloads: [{ ...web, tls: { mountPath: 'etc/tls' } }] }), path: 'workloads[0].tls.mountPath', message: '"etc/tls" must be an absolute path' },
];
