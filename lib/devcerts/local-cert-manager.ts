import type { K8sObject } from '../k8s-object';
import type { PrivateKeyAlgorithm, PrivateKeyEncoding } from '../model/definition';
import { parseDuration } from '../model/duration';
import type { ResolvedPrivateKey } from '../model/resolved';
import { issueCertificate, type IssuedCertificate } from './issue';

interface CertificateSpec {
  readonly secretName: string;
  readonly isCA?: boolean;
  readonly commonName?: string;
  readonly dnsNames?: readonly string[];
  readonly uris?: readonly string[];
  readonly ipAddresses?: readonly string[];
  readonly duration?: string;
  readonly privateKey?: { readonly algorithm?: PrivateKeyAlgorithm; readonly size?: number; readonly encoding?: PrivateKeyEncoding };
  readonly issuerRef: { readonly name: string; readonly kind?: string };
}

/** cert-manager's defaults for fields a Certificate leaves out (cert-manager v1.21.1: 90 days, RSA 2048, PKCS1). */
const DEFAULT_DURATION_SECONDS = 2160 * 3600;
const DEFAULT_KEY: ResolvedPrivateKey = { algorithm: 'RSA', size: 2048, encoding: 'PKCS1', rotationPolicy: 'Always' };

/**
 * A stand-in for cert-manager on a developer's machine: applies emitted objects (ClusterIssuers of
 * type selfSigned and ca, Certificates) and keeps the Secrets it issues across applies, re-issuing a
 * Certificate only when its spec changes (as cert-manager does when e.g. its issuerRef changes).
 * It lets rotation plans be rehearsed with the manifests of each step; trust-manager Bundles are
 * read with `bundle`.
 */
export class LocalCertManager {
  private readonly secrets = new Map<string, { readonly spec: string; readonly issued: IssuedCertificate }>();

  /**
   * @param clusterResourceNamespace where ClusterIssuers of type `ca` read their Secret (the PKI namespace)
   */
  public constructor(private readonly clusterResourceNamespace = 'cert-manager', private readonly now: () => Date = () => new Date()) {}

  /** Issue every Certificate of `objects` whose Secret is missing or was issued for another spec. */
  public async apply(objects: readonly K8sObject[]): Promise<void> {
    const issuers = new Map(objects.filter((o) => o.kind === 'ClusterIssuer').map((o) => [o.metadata.name, o.spec as Record<string, { secretName?: string } | undefined>]));
    let pending = objects.filter((o) => o.kind === 'Certificate').filter((o) => {
      const current = this.secrets.get(this.key(o.metadata.namespace, (o.spec as CertificateSpec).secretName));
      return current?.spec !== specKey(o.spec);
    });
    while (pending.length > 0) {
      const waiting: K8sObject[] = [];
      for (const cert of pending) {
        const spec = cert.spec as CertificateSpec;
        const issuerSpec = issuers.get(spec.issuerRef.name);
        if (!issuerSpec) throw new Error(`Certificate ${cert.metadata.namespace}/${cert.metadata.name}: ClusterIssuer "${spec.issuerRef.name}" is not among the objects`);
        let signer: IssuedCertificate | undefined;
        if (issuerSpec.ca) {
          signer = this.secret(this.clusterResourceNamespace, issuerSpec.ca.secretName ?? '');
          if (!signer) {
            waiting.push(cert); // its CA is issued later in this apply
            continue;
          }
        } else if (!issuerSpec.selfSigned) {
          throw new Error(`ClusterIssuer "${spec.issuerRef.name}": only selfSigned and ca issuers can issue locally`);
        }
        const issued = asCertManagerWrites(await issueCertificate({
          commonName: spec.commonName, isCA: spec.isCA ?? false, dnsNames: spec.dnsNames, uris: spec.uris, ipAddresses: spec.ipAddresses,
          durationSeconds: durationSeconds(spec.duration), privateKey: privateKey(spec), now: this.now(),
        }, signer), signer);
        this.secrets.set(this.key(cert.metadata.namespace, spec.secretName), { spec: specKey(spec), issued });
      }
      if (waiting.length === pending.length) {
        throw new Error(`cannot issue ${waiting.map((c) => c.metadata.name).join(', ')}: their CA Secrets are never issued`);
      }
      pending = waiting;
    }
  }

  /** The Secret cert-manager would hold (`tls.crt`, `tls.key`, `ca.crt`). */
  public secret(namespace: string | undefined, name: string): IssuedCertificate | undefined {
    return this.secrets.get(this.key(namespace, name))?.issued;
  }

  /** The CA certificates a trust-manager Bundle of `objects` distributes (its Secret sources' `ca.crt` and inline PEMs). */
  public bundle(objects: readonly K8sObject[], name: string): string[] {
    const bundle = objects.find((o) => o.kind === 'Bundle' && o.metadata.name === name);
    if (!bundle) throw new Error(`no Bundle "${name}" among the objects`);
    const sources = (bundle.spec as { sources: { secret?: { name: string }; inLine?: string }[] }).sources;
    return sources.map((s) => {
      if (s.inLine) return s.inLine;
      const secret = this.secret(this.clusterResourceNamespace, s.secret?.name ?? '');
      if (!secret) throw new Error(`Bundle "${name}": source Secret "${s.secret?.name}" was never issued`);
      return secret.caCrt;
    });
  }

  /**
   * The ConfigMap trust-manager writes for a Bundle of `objects` into `namespace` (`{ [target key]: PEM }`),
   * or undefined when the Bundle's `namespaceSelector` does not select that namespace (as declared by the
   * Namespace objects among `objects`): a pod mounting it would then not start.
   */
  public bundleConfigMap(objects: readonly K8sObject[], namespace: string, name: string): Record<string, string> | undefined {
    const bundle = objects.find((o) => o.kind === 'Bundle' && o.metadata.name === name);
    if (!bundle) return undefined;
    const target = (bundle.spec as { target: { configMap?: { key: string }; namespaceSelector?: { matchLabels?: Record<string, string> } } }).target;
    if (!target.configMap) return undefined;
    const labels = objects.find((o) => o.kind === 'Namespace' && o.metadata.name === namespace)?.metadata.labels ?? {};
    const selected = Object.entries(target.namespaceSelector?.matchLabels ?? {}).every(([k, v]) => labels[k] === v);
    if (!selected) return undefined;
    // trust-manager concatenates the sources' certificates into one PEM bundle.
    return { [target.configMap.key]: this.bundle(objects, name).map((pem) => pem.trim()).join('\n') + '\n' };
  }

  private key(namespace: string | undefined, name: string): string {
    return `${namespace ?? ''}/${name}`;
  }
}

/**
 * The Secret as cert-manager's CA issuer writes it (`pkg/util/pki` `SignCSRTemplate` →
 * `ParseSingleCertificateChain`): `tls.crt` is the leaf followed by the CA Secret's own `tls.crt` chain
 * without a self-signed root, and `ca.crt` is the top of that chain: the root only when the issuing CA's
 * Secret chain ends in it. A leaf signed by an intermediate CA issuer (whose Secret's `tls.crt` holds only
 * the intermediate) gets the intermediate as `ca.crt`, not the root (cert-manager issue #3619).
 */
function asCertManagerWrites(issued: IssuedCertificate, signer: IssuedCertificate | undefined): IssuedCertificate {
  if (!signer) return issued;
  const top = signer.chain[signer.chain.length - 1] ?? signer.certificate;
  return { ...issued, caCrt: top.toString('pem') + '\n' };
}

/**
 * A Certificate spec as a comparable string, keys sorted: cert-manager compares field values, so the
 * same spec written with its keys in another order (cdk8s' output and plain manifests differ) is no change.
 */
function specKey(spec: unknown): string {
  return JSON.stringify(spec, (_key, value: unknown) => (value && typeof value === 'object' && !Array.isArray(value)
    ? Object.fromEntries(Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
    : value));
}

function durationSeconds(text: string | undefined): number {
  if (text === undefined) return DEFAULT_DURATION_SECONDS;
  const parsed = parseDuration(text);
  if (typeof parsed !== 'number') throw new Error(`duration "${text}": ${parsed.error}`);
  return parsed;
}

function privateKey(spec: CertificateSpec): ResolvedPrivateKey {
  const p = spec.privateKey ?? {};
  const algorithm = p.algorithm ?? DEFAULT_KEY.algorithm;
  return {
    algorithm,
    size: algorithm === 'Ed25519' ? undefined : p.size ?? (algorithm === 'RSA' ? 2048 : 256),
    encoding: p.encoding ?? DEFAULT_KEY.encoding,
    rotationPolicy: 'Always',
  };
}
