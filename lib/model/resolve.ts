import type {
  AppTlsProps, CidrPeerSpec, EgressRuleProps, IngressRuleProps, IntermediateProps, NamespaceProps, PeerSpec,
  PkiProps, PortProps, PortProtocol, PrivateKeyProps, RootOfTrustSpec, SecureMeshProps, WorkloadProps,
} from './definition';
import { withTlsPreset } from '../integrations/app-tls/preset';
import { ProblemList, SecureMeshError, sortProblems, type Problem } from './errors';
import { parseDuration } from './duration';
import { outlivesProblems, renewalProblems, type DurationField } from './lifetimes';
import { cidrError, dns1123LabelError, dns1123SubdomainError, labelErrors } from './names';
import type {
  IssuerRef, ResolvedCaCertificate, ResolvedIssuerChain, ResolvedEgressRule, ResolvedIngressRule, ResolvedIstio, ResolvedMesh,
  ResolvedMonitoring, ResolvedNamespace, ResolvedPeer, ResolvedPki, ResolvedPort, ResolvedPrivateKey,
  ResolvedRoot, ResolvedTls, ResolvedWorkload,
} from './resolved';
import { workloadKey } from './resolved';
import { reservedNameProblems } from './reserved-names';
import { sharedIdentityProblems } from './shared-identities';
import { didYouMean, withSuggestionBudget } from './suggest';
import { SYSTEM_PEERS } from './system-peers';
import { structuralProblems } from './validate-structure';
import { snapshotDefinition } from './snapshot';
import { MAX_COMMON_NAME_LENGTH } from '../pki/wellknown';
import { ownValue } from '../own-key';
import { derivedDnsNameProblems } from './dns-names';
import { serverUrlError } from './url';
import { enforcementWarnings } from './enforcement';

/**
 * Turns a definition into a `ResolvedMesh`: checks it completely (structure first, then meaning),
 * applies every default exactly once, and returns it deeply frozen (objects are frozen as they are built, see
 * `Resolver`; test/model/resolve-frozen.test.ts checks every object of the result). Throws one `SecureMeshError` listing
 * every problem; never returns partial data.
 */
export function resolveMesh(input: unknown): ResolvedMesh {
  const props = snapshotDefinition(input); // read once, never frozen in the caller's hands (snapshot.ts)
  const structural = structuralProblems(props, 'SecureMeshProps');
  if (structural.length > 0) throw new SecureMeshError(sortProblems(structural));
  return resolveStructurallyValid(props as SecureMeshProps);
}

/**
 * `resolveMesh` for a definition whose structure the caller has just checked (`structuralProblems`): the checks of
 * meaning and the defaults only. `synthesizeMesh` uses it when expanding the integrations left the checked definition
 * as it was, instead of checking the same 5,000 workloads' structure a second time.
 */
export function resolveStructurallyValid(props: SecureMeshProps): ResolvedMesh {
  return withSuggestionBudget(() => new Resolver(props).resolve());
}

const DEFAULTS = {
  name: 'mesh',
  clusterDomain: 'cluster.local',
  pkiNamespace: 'cert-manager',
  rootDuration: '87600h',
  caRenewBefore: '720h',
  intermediateDuration: '8760h',
  leafDuration: '2160h',
  leafRenewBefore: '360h',
  rotationSuffix: 'b',
  rootKey: { algorithm: 'ECDSA', size: 384, encoding: 'PKCS8', rotationPolicy: 'Never' } as ResolvedPrivateKey,
  caKey: { algorithm: 'ECDSA', size: 256, encoding: 'PKCS8', rotationPolicy: 'Always' } as ResolvedPrivateKey,
  leafKey: { algorithm: 'ECDSA', size: 256, encoding: 'PKCS8', rotationPolicy: 'Always' } as ResolvedPrivateKey,
  rootNamespace: 'istio-system',
  mtls: 'STRICT',
  tlsMountPath: '/etc/tls',
  prometheus: { namespace: 'monitoring', podLabels: { 'app.kubernetes.io/name': 'prometheus' }, serviceAccount: 'prometheus' },
  expiringWithin: '168h',
  notReadyFor: '5m',
} as const;

/** Istio's protocol selection by port-name prefix (`<protocol>[-<suffix>]`). */
const PROTOCOL_BY_NAME_PREFIX: Readonly<Record<string, PortProtocol>> = {
  http: 'HTTP', http2: 'HTTP2', grpc: 'GRPC', 'grpc-web': 'GRPC', https: 'HTTPS', tls: 'TLS', tcp: 'TCP',
};

/** Protocols on which Istio sees HTTP requests, so paths and methods can be enforced. */
const HTTP_PROTOCOLS: ReadonlySet<PortProtocol> = new Set<PortProtocol>(['HTTP', 'HTTP2', 'GRPC']);

/**
 * The resolution itself. What it builds per namespace, workload, rule and caller is frozen as it is built; walking
 * the finished mesh to freeze it visited ~130,000 objects at 5,000 workloads and cost ~80 ms of a cold run. The rest
 * (the rule lists, filled rule by rule, the PKI and monitoring trees, and the definition's own objects that the result
 * references: selectors, labels, TLS env names, CIDR exceptions) is frozen once the mesh has resolved.
 */
class Resolver {
  private readonly problems = new ProblemList();
  private readonly warnings: Problem[] = [];
  private readonly namespaces = new Map<string, ResolvedNamespace>();
  private readonly workloads = new Map<string, ResolvedWorkload & { ingress: ResolvedIngressRule[]; egress: ResolvedEgressRule[] }>();
  /** Objects of the definition (or constants) that the result references: frozen once the mesh has resolved. */
  private readonly fromDefinition: object[] = [];
  /** One peer object per caller (a workload or namespace called by many rules), shared by those rules. */
  private readonly peers = new Map<string, ResolvedPeer>();
  /**
   * `namespace/secretName` → the workloads whose certificate writes that Secret, in definition order: each workload
   * checks its Secret against the earlier ones here instead of scanning every workload (quadratic at 5,000 workloads).
   */
  private readonly tlsSecretUsers = new Map<string, string[]>();
  /** Per caller without identity (`system caller "prometheus"`): rules warned, and the rules beyond the first few. */
  private readonly plaintextCallers = new Map<string, { who: string; count: number; more: string[] }>();
  /** Certificate duration fields by path, with what the user wrote there (lifetimes.ts reports on written fields). */
  private readonly durationFields = new Map<string, DurationField>();
  private istio?: ResolvedIstio;
  private clusterDomain = DEFAULTS.clusterDomain as string;

  public constructor(private readonly props: SecureMeshProps) {}

  public resolve(): ResolvedMesh {
    const p = this.props;
    const name = p.name ?? DEFAULTS.name;
    this.check('name', name.length > 40 ? `"${name}" is longer than 40 characters (object names are derived from it)` : dns1123LabelError(name));
    this.clusterDomain = p.clusterDomain ?? DEFAULTS.clusterDomain;
    this.check('clusterDomain', dns1123SubdomainError(this.clusterDomain));
    const trustDomain = p.trustDomain ?? DEFAULTS.clusterDomain;
    this.check('trustDomain', dns1123SubdomainError(trustDomain));

    const pki = this.resolvePki(name);
    this.istio = this.resolveIstio();
    this.resolveNamespaces();
    this.warnings.push(...enforcementWarnings(p, [...this.namespaces.values()], this.istio));
    const workloadProps = p.workloads ?? [];
    workloadProps.forEach((w, i) => this.resolveWorkload(w, i, pki));
    const monitoring = this.resolveMonitoring();
    workloadProps.forEach((w, i) => this.resolveRules(w, i, monitoring));
    this.summarizePlaintextCallers();
    this.checkLifetimes(pki);
    for (const q of derivedDnsNameProblems(p, this.clusterDomain)) this.problems.add(q.path, q.message);
    // Workloads sharing a Service, certificate name, selected pods or principal (see shared-identities.ts).
    const sharing = sharedIdentityProblems([...this.workloads.values()], workloadProps, { networkPolicies: p.networkPolicies ?? true, trustDomain, clusterDomain: this.clusterDomain });
    for (const e of sharing.errors) this.problems.add(e.path, e.message);
    for (const w of sharing.warnings) this.warnings.push(w);
    for (const r of reservedNameProblems(pki, [...this.namespaces.values()], [...this.workloads.values()], p.namespaces ?? [])) this.problems.add(r.path, r.message);
    this.problems.throwIfAny();

    // Only a mesh that resolved freezes anything of the definition, as when the whole result was frozen at the end.
    for (const value of this.fromDefinition) Object.freeze(value);
    deepFreeze(pki);
    if (monitoring) deepFreeze(monitoring);
    // The rules are in: the workloads' rule lists are complete.
    for (const w of this.workloads.values()) {
      Object.freeze(w.ingress);
      Object.freeze(w.egress);
    }
    for (const warning of this.warnings) Object.freeze(warning);
    return Object.freeze({
      name,
      clusterDomain: this.clusterDomain,
      trustDomain,
      pki,
      istio: this.istio,
      namespaces: Object.freeze([...this.namespaces.values()]),
      workloads: Object.freeze([...this.workloads.values()]),
      monitoring,
      networkPolicies: p.networkPolicies ?? true,
      enforcement: p.enforcement ?? 'enforce',
      warnings: Object.freeze(this.warnings),
    });
  }

  // ------------------------------------------------------------------------------------------- PKI

  private resolvePki(meshName: string): ResolvedPki {
    const pki = this.props.pki ?? {};
    const namespace = pki.namespace ?? DEFAULTS.pkiNamespace;
    this.check('pki.namespace', dns1123LabelError(namespace));
    const rootProps = pki.root ?? { type: 'selfSigned' as const, commonName: `${meshName} root CA` };
    const current = this.issuerChain('pki.root', rootProps, pki.intermediate, meshName, '');

    // A CA rotation in progress (see CaRotationProps): the new chain gets suffixed names so both coexist.
    const rotation = pki.rotation;
    let next: ResolvedIssuerChain | undefined;
    if (rotation) {
      const suffix = rotation.suffix ?? DEFAULTS.rotationSuffix;
      this.check('pki.rotation.suffix', suffix.length > 8 ? `"${suffix}" is longer than 8 characters (object names are derived from it)` : dns1123LabelError(suffix));
      next = this.issuerChain('pki.rotation.newRoot', rotation.newRoot, pki.intermediate, meshName, suffix);
      this.checkRotationRoots(rootProps, rotation.newRoot);
    }
    const active = rotation && rotation.phase !== 'trust-both' && next ? next : current;
    const other = !rotation || !next || rotation.phase === 'drop-old' ? undefined : active === next ? current : next;
    const { root, rootIssuer, rootDuration, intermediate } = active;

    const defaults = pki.certificateDefaults ?? {};
    const duration = this.durationField('pki.certificateDefaults.duration', defaults.duration, DEFAULTS.leafDuration).seconds;
    const renewBefore = this.durationField('pki.certificateDefaults.renewBefore', defaults.renewBefore, DEFAULTS.leafRenewBefore).seconds;
    this.checkRenewal('pki.certificateDefaults');
    const privateKey = this.privateKey('pki.certificateDefaults.privateKey', defaults.privateKey, DEFAULTS.leafKey);

    let trustBundle: ResolvedPki['trustBundle'];
    if (pki.trustBundle !== false) {
      const tb = pki.trustBundle === true || pki.trustBundle === undefined ? {} : pki.trustBundle;
      const bundleName = tb.name ?? `${meshName}-trust`;
      this.check('pki.trustBundle.name', dns1123SubdomainError(bundleName));
      const sourceSecret = (r: ResolvedRoot) => (r.type === 'selfSigned' ? r.certificate.secretName : r.type === 'secret' ? r.secretName : r.caSecretName);
      // While rotating, both roots are trusted: the old one first, then the new one.
      const trusted = other ? [current.root, next?.root ?? root] : [root];
      (tb.additionalCertificates ?? []).forEach((pem, i) => this.check(`pki.trustBundle.additionalCertificates[${i}]`,
        /^-----BEGIN CERTIFICATE-----[\s\S]+-----END CERTIFICATE-----\s*$/.test(pem.trim()) ? undefined : 'must be one PEM certificate (-----BEGIN CERTIFICATE----- … -----END CERTIFICATE-----)'));
      trustBundle = { name: bundleName, key: tb.key ?? 'ca.crt', sourceSecrets: trusted.map(sourceSecret), additionalCertificates: tb.additionalCertificates ?? [] };
    }

    return {
      namespace, root, rootIssuer, rootDuration, intermediate,
      leafIssuer: intermediate ? intermediate.issuer : rootIssuer,
      certificateDefaults: { duration, renewBefore, privateKey },
      trustBundle,
      ...(rotation ? { rotation: { phase: rotation.phase, ...(other ? { otherChain: other } : {}) } } : {}),
    };
  }

  /** Root (and intermediate) CA of one chain; `suffix` tells a rotation's new chain apart (`<name>-root-b`). */
  private issuerChain(path: string, rootProps: RootOfTrustSpec, intermediateProps: PkiProps['intermediate'], meshName: string, suffix: string): ResolvedIssuerChain {
    const sfx = suffix ? `-${suffix}` : '';
    const rootIssuer: IssuerRef = { name: `${meshName}-root${sfx}`, kind: 'ClusterIssuer', group: 'cert-manager.io' };

    let root: ResolvedRoot;
    let rootDuration: number | undefined;
    switch (rootProps.type) {
      case 'selfSigned': {
        const certificate = this.caCertificate(path, `${meshName}-root-ca${sfx}`, rootProps.commonName, rootProps, DEFAULTS.rootDuration,
          this.privateKey(`${path}.privateKey`, rootProps.privateKey, DEFAULTS.rootKey));
        root = { type: 'selfSigned', bootstrapIssuer: `${meshName}-selfsigned${sfx}`, certificate };
        rootDuration = certificate.duration;
        break;
      }
      case 'secret':
        this.check(`${path}.secretName`, dns1123SubdomainError(rootProps.secretName));
        root = { type: 'secret', secretName: rootProps.secretName };
        break;
      case 'vault':
        this.check(`${path}.server`, serverUrlError(rootProps.server));
        this.check(`${path}.path`, rootProps.path.split('/').includes('..') || rootProps.path.length === 0 ? `"${rootProps.path}" must be a Vault path such as "pki_int/sign/mesh" without ".." segments` : undefined);
        this.check(`${path}.caSecretName`, dns1123SubdomainError(rootProps.caSecretName));
        root = {
          type: 'vault', server: rootProps.server, path: rootProps.path, caSecretName: rootProps.caSecretName,
          auth: { role: rootProps.auth.role, mountPath: rootProps.auth.mountPath ?? '/v1/auth/kubernetes', serviceAccount: rootProps.auth.serviceAccount ?? 'cert-manager' },
        };
        break;
    }

    const wantsIntermediate = intermediateProps ?? rootProps.type !== 'vault';
    let intermediate: ResolvedPki['intermediate'];
    if (wantsIntermediate !== false) {
      const ip: IntermediateProps = wantsIntermediate === true ? {} : wantsIntermediate;
      const commonName = ip.commonName ?? `${meshName} intermediate CA`;
      // The new chain's intermediate has its own subject, so a verifier never confuses the two.
      const cert = this.caCertificate('pki.intermediate', `${meshName}-intermediate-ca${sfx}`, suffix ? `${commonName} ${suffix}` : commonName,
        ip, DEFAULTS.intermediateDuration, this.privateKey('pki.intermediate.privateKey', ip.privateKey, DEFAULTS.caKey));
      intermediate = { ...cert, issuer: { name: `${meshName}-intermediate${sfx}`, kind: 'ClusterIssuer', group: 'cert-manager.io' } };
    }
    return { root, rootIssuer, rootDuration, intermediate };
  }

  /** Two roots trusted side by side must be told apart: different subjects (self-signed) or different Secrets. */
  private checkRotationRoots(current: RootOfTrustSpec, next: RootOfTrustSpec): void {
    if (current.type === 'selfSigned' && next.type === 'selfSigned' && current.commonName === next.commonName) {
      this.problems.add('pki.rotation.newRoot.commonName', `"${next.commonName}" is the current root's common name; give the new root its own (e.g. "${next.commonName} 2") so verifiers can tell the two roots apart`);
    }
    if (current.type === 'secret' && next.type === 'secret' && current.secretName === next.secretName) {
      this.problems.add('pki.rotation.newRoot.secretName', `"${next.secretName}" is the current root's Secret; the new CA needs its own Secret`);
    }
  }

  /** A CA certificate; `lifetime` is what the definition writes, `defaultDuration` the CA's default lifetime. */
  private caCertificate(path: string, name: string, commonName: string, lifetime: { readonly duration?: string; readonly renewBefore?: string }, defaultDuration: string, privateKey: ResolvedPrivateKey): ResolvedCaCertificate {
    this.check(`${path}.commonName`, commonName.length === 0 ? 'must not be empty (cert-manager issues CAs with an empty subject, against RFC 5280)'
      : commonName.length > MAX_COMMON_NAME_LENGTH ? `is ${commonName.length} characters; cert-manager allows at most ${MAX_COMMON_NAME_LENGTH}` : undefined);
    const d = this.durationField(`${path}.duration`, lifetime.duration, defaultDuration).seconds;
    const r = this.durationField(`${path}.renewBefore`, lifetime.renewBefore, DEFAULTS.caRenewBefore).seconds;
    this.checkRenewal(path);
    return { name, secretName: name, commonName, duration: d, renewBefore: r, privateKey };
  }

  private privateKey(path: string, props: PrivateKeyProps | undefined, defaults: ResolvedPrivateKey): ResolvedPrivateKey {
    const algorithm = props?.algorithm ?? defaults.algorithm;
    const sameAlgorithm = algorithm === defaults.algorithm;
    const size = algorithm === 'Ed25519' ? undefined : props?.size ?? (sameAlgorithm ? defaults.size : algorithm === 'RSA' ? 2048 : 256);
    const encoding = props?.encoding ?? defaults.encoding;
    if (algorithm === 'RSA' && size !== undefined && (size < 2048 || size > 8192)) {
      this.problems.add(`${path}.size`, `RSA keys must be 2048 to 8192 bits (got ${size}); weaker keys are refused`);
    }
    if (algorithm === 'ECDSA' && size !== undefined && ![256, 384, 521].includes(size)) {
      this.problems.add(`${path}.size`, `ECDSA keys must be 256, 384 or 521 bits (got ${size})`);
    }
    if (algorithm === 'Ed25519' && props?.size !== undefined) this.problems.add(`${path}.size`, 'Ed25519 keys have no size; remove it');
    if (algorithm === 'Ed25519' && encoding === 'PKCS1') this.problems.add(`${path}.encoding`, 'Ed25519 keys are always PKCS8');
    return Object.freeze({ algorithm, size, encoding, rotationPolicy: props?.rotationPolicy ?? defaults.rotationPolicy });
  }

  private duration(path: string, text: string): number {
    const parsed = parseDuration(text);
    if (typeof parsed !== 'number') {
      this.problems.add(path, parsed.error);
      return NaN;
    }
    return parsed;
  }

  /**
   * The duration field at `path` (recorded for the lifetime checks): what is written there, else `fallback`, a
   * default text or a value inherited from the field `from`.
   */
  private durationField(path: string, written: string | undefined, fallback: string | DurationField): DurationField {
    const field: DurationField = written !== undefined
      ? { path, written, seconds: this.duration(path, written), from: path }
      : typeof fallback === 'string'
        ? { path, seconds: parseDuration(fallback) as number, from: `default of ${path}` }
        : { path, seconds: fallback.seconds, from: fallback.written !== undefined ? fallback.path : fallback.from };
    this.durationFields.set(path, field);
    return field;
  }

  /** cert-manager's duration and renewBefore rules for the certificate at `path` (lifetimes.ts). */
  private checkRenewal(path: string): void {
    const duration = this.durationFields.get(`${path}.duration`);
    const renewBefore = this.durationFields.get(`${path}.renewBefore`);
    if (duration && renewBefore) for (const p of renewalProblems(duration, renewBefore)) this.problems.add(p.path, p.message);
  }

  /** A certificate must not outlive the CA that signs it: cert-manager does not cap it (certmanager-cdk8s-style.md §A3). */
  private checkLifetimes(pki: ResolvedPki): void {
    const field = (path: string) => this.durationFields.get(path);
    const add = (problems: readonly Problem[]) => problems.forEach((p) => this.problems.add(p.path, p.message));
    // The active chain's root: the new one once a rotation issues from it.
    const rotated = pki.rotation !== undefined && pki.rotation.phase !== 'trust-both';
    const root = pki.rootDuration !== undefined ? field(rotated ? 'pki.rotation.newRoot.duration' : 'pki.root.duration') : undefined;
    const intermediate = pki.intermediate ? field('pki.intermediate.duration') : undefined;
    if (intermediate && root) add(outlivesProblems(intermediate, root, 'the intermediate CA'));
    const ca = intermediate ?? root;
    if (!ca) return;
    const defaults = field('pki.certificateDefaults.duration');
    if (defaults) add(outlivesProblems(defaults, ca, 'the certificates'));
    for (const w of this.workloads.values()) {
      // Only durations written on the workload: an inherited one is reported once, on pki.certificateDefaults.
      const own = w.tls ? field(`${w.source}.tls.duration`) : undefined;
      if (own?.written !== undefined) add(outlivesProblems(own, ca, 'the certificates'));
    }
  }

  // ----------------------------------------------------------------------------------------- Istio

  private resolveIstio(): ResolvedIstio | undefined {
    const istio = this.props.istio;
    if (istio === false) return undefined;
    const rootNamespace = istio?.rootNamespace ?? DEFAULTS.rootNamespace;
    this.check('istio.rootNamespace', dns1123LabelError(rootNamespace));
    const istiodNamespace = istio?.istiodNamespace ?? rootNamespace;
    if (istio?.istiodNamespace !== undefined) this.check('istio.istiodNamespace', dns1123LabelError(istiodNamespace));
    return Object.freeze({ rootNamespace, istiodNamespace, mtls: istio?.mtls ?? DEFAULTS.mtls, clientTls: istio?.clientTls ?? true, sidecarScoping: istio?.sidecarScoping ?? true });
  }

  // ------------------------------------------------------------------------------------ Namespaces

  private resolveNamespaces(): void {
    (this.props.namespaces ?? []).forEach((ns: NamespaceProps, i) => {
      const path = `namespaces[${i}]`;
      this.check(`${path}.name`, dns1123LabelError(ns.name));
      if (this.namespaces.has(ns.name)) {
        this.problems.add(`${path}.name`, `namespace "${ns.name}" is declared twice`);
        return;
      }
      const managed = ns.managed ?? true;
      if (!this.istio) {
        if (ns.sidecarInjection) this.problems.add(`${path}.sidecarInjection`, 'Istio is off (istio: false); remove sidecarInjection or turn Istio on');
        if (ns.mtls) this.problems.add(`${path}.mtls`, 'Istio is off (istio: false); mutual TLS modes need Istio');
      }
      if (!managed) {
        if (ns.isolation !== undefined) this.problems.add(`${path}.isolation`, `namespace "${ns.name}" is not managed (managed: false); isolation applies only to managed namespaces`);
        if (ns.mtls !== undefined) this.problems.add(`${path}.mtls`, `namespace "${ns.name}" is not managed (managed: false); its mTLS mode is not ours to set`);
        if (ns.enforcement !== undefined) this.problems.add(`${path}.enforcement`, `namespace "${ns.name}" is not managed (managed: false); enforcement applies only to managed namespaces`);
      }
      if (this.istio && managed && ns.name === this.istio.rootNamespace) {
        this.problems.add(`${path}.name`, `"${ns.name}" is Istio's root namespace: policies there apply mesh-wide; declare it with managed: false`);
      }
      for (const e of labelErrors(ns.labels ?? {})) this.problems.add(`${path}.labels.${e.key}`, e.message);
      this.namespaces.set(ns.name, Object.freeze({
        name: ns.name,
        managed,
        sidecar: ns.sidecarInjection ?? (managed && this.istio !== undefined),
        mtls: ns.mtls ?? this.istio?.mtls ?? 'DISABLE',
        isolation: ns.isolation ?? 'workload',
        labels: this.adopt(ns.labels ?? {}),
        enforcement: ns.enforcement ?? this.props.enforcement ?? 'enforce',
      }));
    });
  }

  // ------------------------------------------------------------------------------------- Workloads

  private resolveWorkload(w: WorkloadProps, i: number, pki: ResolvedPki): void {
    const path = `workloads[${i}]`;
    this.check(`${path}.name`, dns1123LabelError(w.name));
    const ns = this.namespaces.get(w.namespace);
    if (!ns) {
      this.problems.add(`${path}.namespace`, `unknown namespace "${w.namespace}"; declare it under namespaces${didYouMean(w.namespace, this.namespaces.keys())}`);
    } else if (!ns.managed) {
      this.problems.add(`${path}.namespace`, `namespace "${w.namespace}" is not managed (managed: false); workloads must live in managed namespaces`);
    }
    const key = workloadKey(w);
    if (this.workloads.has(key)) {
      this.problems.add(`${path}.name`, `workload "${w.name}" is declared twice in namespace "${w.namespace}"`);
      return;
    }
    const selector = this.adopt(w.selector ?? { app: w.name });
    if (Object.keys(selector).length === 0) this.problems.add(`${path}.selector`, 'must select the workload with at least one label (an empty selector selects every pod)');
    // Values derived from the name are checked only when written: a valid name makes them valid, and an invalid one is
    // reported once, on the name, not again on fields the user never wrote.
    if (w.selector !== undefined) for (const e of labelErrors(selector)) this.problems.add(`${path}.selector.${e.key}`, e.message);
    const serviceAccount = w.serviceAccount ?? w.name;
    if (w.serviceAccount !== undefined) this.check(`${path}.serviceAccount`, dns1123SubdomainError(serviceAccount));
    const serviceName = w.serviceName ?? w.name;
    if (w.serviceName !== undefined) this.check(`${path}.serviceName`, dns1123LabelError(serviceName));
    const hostNetwork = w.hostNetwork ?? false;
    if (hostNetwork && w.sidecar) this.problems.add(`${path}.sidecar`, 'pods on the host network cannot run an Istio sidecar; remove sidecar: true');
    const sidecar = !hostNetwork && (w.sidecar ?? ns?.sidecar ?? false);
    if (sidecar && !this.istio) this.problems.add(`${path}.sidecar`, 'Istio is off (istio: false); a workload cannot run a sidecar');

    // Frozen now; its ingress and egress lists are filled by resolveRules and frozen at the end.
    this.workloads.set(key, Object.freeze({
      name: w.name,
      namespace: w.namespace,
      selector,
      serviceAccount,
      serviceName,
      ports: this.resolvePorts(w.ports ?? [], `${path}.ports`),
      sidecar,
      hostNetwork,
      tls: w.tls ? this.resolveTls(w, withTlsPreset(w.tls), `${path}.tls`, serviceName, pki) : undefined,
      ingress: [],
      egress: [],
      source: path,
    }));
  }

  private resolvePorts(ports: readonly PortProps[], path: string): readonly ResolvedPort[] {
    const numbers = new Set<number>();
    const names = new Set<string>();
    return Object.freeze(ports.map((p, i) => {
      if (!Number.isInteger(p.port) || p.port < 1 || p.port > 65535) this.problems.add(`${path}[${i}].port`, `${p.port} is not a port number (1-65535)`);
      if (numbers.has(p.port)) this.problems.add(`${path}[${i}].port`, `port ${p.port} is declared twice`);
      numbers.add(p.port);
      if (p.name !== undefined) {
        if (p.name.length > 15 || !/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(p.name) || !/[a-z]/.test(p.name)) {
          this.problems.add(`${path}[${i}].name`, `"${p.name}" is not a valid port name: at most 15 lower-case letters, digits and "-", with at least one letter (IANA_SVC_NAME)`);
        }
        if (names.has(p.name)) this.problems.add(`${path}[${i}].name`, `port name "${p.name}" is declared twice`);
        names.add(p.name);
      }
      const inferred = p.name ? ownValue(PROTOCOL_BY_NAME_PREFIX, p.name.split('-')[0]) ?? ownValue(PROTOCOL_BY_NAME_PREFIX, p.name) : undefined;
      return Object.freeze({ name: p.name, port: p.port, protocol: p.protocol ?? inferred ?? 'TCP' });
    }));
  }

  private resolveTls(w: WorkloadProps, tls: AppTlsProps, path: string, serviceName: string, pki: ResolvedPki): ResolvedTls {
    const secretName = tls.secretName ?? `${w.name}-tls`;
    if (tls.secretName !== undefined) this.check(`${path}.secretName`, dns1123SubdomainError(secretName));
    const secretKey = `${w.namespace}/${secretName}`;
    const users = this.tlsSecretUsers.get(secretKey);
    for (const other of users ?? []) {
      this.problems.add(`${path}.secretName`, `Secret "${secretName}" is already used by ${other}; every service needs its own certificate`);
    }
    // Both fields named: `workload "web" (workloads[0].tls.secretName)`.
    const user = `workload "${w.name}" (${path}.secretName)`;
    if (users) users.push(user);
    else this.tlsSecretUsers.set(secretKey, [user]);
    const mountPath = tls.mountPath ?? DEFAULTS.tlsMountPath;
    if (!mountPath.startsWith('/')) this.problems.add(`${path}.mountPath`, `"${mountPath}" must be an absolute path`);
    const fqdn = `${serviceName}.${w.namespace}.svc.${this.clusterDomain}`;
    const dnsNames = [serviceName, `${serviceName}.${w.namespace}`, `${serviceName}.${w.namespace}.svc`, fqdn];
    (tls.extraDnsNames ?? []).forEach((name, j) => {
      const wildcard = name.startsWith('*.') ? name.slice(2) : name;
      this.check(`${path}.extraDnsNames[${j}]`, dns1123SubdomainError(wildcard));
      if (!dnsNames.includes(name)) dnsNames.push(name);
    });
    if (tls.env) {
      const names = [tls.env.enabled, tls.env.certPath, tls.env.keyPath, tls.env.caPath].filter((n): n is string => n !== undefined);
      for (const [field, value] of Object.entries(tls.env)) {
        if (typeof value === 'string' && !/^[A-Za-z_][A-Za-z0-9_]*$/.test(value)) this.problems.add(`${path}.env.${field}`, `"${value}" is not an environment variable name`);
      }
      if (new Set(names).size !== names.length) this.problems.add(`${path}.env`, 'the same variable is used for two files');
    }
    const inherit = (field: string) => this.durationFields.get(`pki.certificateDefaults.${field}`) as DurationField;
    const duration = this.durationField(`${path}.duration`, tls.duration, inherit('duration')).seconds;
    const renewBefore = this.durationField(`${path}.renewBefore`, tls.renewBefore, inherit('renewBefore')).seconds;
    this.checkRenewal(path);
    const defaults = pki.certificateDefaults.privateKey;
    const privateKey = this.privateKey(`${path}.privateKey`, tls.privateKey, defaults);
    return Object.freeze({
      secretName, mountPath, env: tls.env && this.adopt(tls.env), dnsNames: Object.freeze(dnsNames),
      commonName: fqdn.length <= MAX_COMMON_NAME_LENGTH ? fqdn : undefined,
      duration, renewBefore, privateKey, reload: tls.reload ?? 'restart',
    });
  }

  // ---------------------------------------------------------------------------------------- Rules

  private resolveRules(w: WorkloadProps, i: number, monitoring: ResolvedMonitoring | undefined): void {
    const target = this.workloads.get(workloadKey(w));
    if (!target || target.source !== `workloads[${i}]`) return; // a duplicate, already reported
    (w.ingress ?? []).forEach((rule: IngressRuleProps, j) => {
      const path = `workloads[${i}].ingress[${j}]`;
      const many = Array.isArray(rule.from);
      const froms = many ? rule.from as readonly PeerSpec[] : [rule.from as PeerSpec];
      if (froms.length === 0) this.problems.add(`${path}.from`, 'must name at least one caller');
      const from: ResolvedPeer[] = [];
      for (let k = 0; k < froms.length; k++) {
        const peer = this.resolvePeer(froms[k], many ? `${path}.from[${k}]` : `${path}.from`, target, monitoring);
        if (peer) from.push(peer);
      }
      // No ports means every declared port of the workload (or every port if it declares none).
      const declared = this.rulePorts(rule.ports ?? NONE, `${path}.ports`, target);
      const ports = declared.length > 0 || (rule.ports ?? NONE).length > 0 ? declared : frozenList(target.ports.map((p) => p.port));
      const paths = rule.paths ?? NONE;
      const methods = rule.methods ?? NONE;
      paths.forEach((p, k) => this.check(`${path}.paths[${k}]`, pathError(p)));
      if (paths.length > 0 || methods.length > 0) this.checkHttpPorts(path, ports, target, paths.length > 0 ? 'paths' : 'methods');
      for (const peer of from) this.warnAboutPeer(path, peer, target, ports);
      target.ingress.push(Object.freeze({ from: Object.freeze(from), ports, paths: dedupe(paths), methods: dedupe(methods), source: path }));
    });
    (w.egress ?? []).forEach((rule: EgressRuleProps, j) => {
      const path = `workloads[${i}].egress[${j}]`;
      rule.ports?.forEach((port, k) => {
        if (!Number.isInteger(port) || port < 1 || port > 65535) this.problems.add(`${path}.ports[${k}]`, `${port} is not a port number (1-65535)`);
      });
      let to: ResolvedEgressRule['to'] | undefined;
      if ('cidr' in rule.to) {
        to = this.cidrPeer(rule.to, `${path}.to`);
      } else {
        const ns = this.namespaces.get(rule.to.namespace);
        if (!ns) this.problems.add(`${path}.to.namespace`, `unknown namespace "${rule.to.namespace}"; declare it under namespaces (managed: false for namespaces outside the mesh)${didYouMean(rule.to.namespace, this.namespaces.keys())}`);
        else if (ns.managed) this.problems.add(`${path}.to.namespace`, `"${ns.name}" is managed by this definition; let its workloads admit this one with ingress rules instead`);
        to = Object.freeze({ kind: 'namespace', namespace: rule.to.namespace });
      }
      target.egress.push(Object.freeze({ to, ports: dedupe(rule.ports ?? NONE), source: path }));
    });
  }

  /** The caller a rule names (undefined when it names none, a problem then); one frozen object per workload or namespace caller. */
  private resolvePeer(peer: PeerSpec, path: string, target: ResolvedWorkload, monitoring: ResolvedMonitoring | undefined): ResolvedPeer | undefined {
    if ('workload' in peer) {
      const namespace = peer.namespace ?? target.namespace;
      const key = `${namespace}/${peer.workload}`;
      const caller = this.workloads.get(key);
      if (!caller) {
        const inNamespace = [...this.workloads.values()].filter((x) => x.namespace === namespace).map((x) => x.name);
        const elsewhere = [...this.workloads.values()].filter((x) => x.name === peer.workload).map((x) => x.namespace);
        const hint = didYouMean(peer.workload, inNamespace) || (elsewhere.length > 0 ? `; a workload of that name exists in namespace ${elsewhere.map((n) => `"${n}"`).join(', ')}: add namespace: "${elsewhere[0]}"` : '');
        this.problems.add(`${path}.workload`, `unknown workload "${peer.workload}" in namespace "${namespace}"${hint}`);
        return undefined;
      }
      if (caller.hostNetwork) {
        this.warnings.push({ path, message: `caller "${caller.name}" runs on the host network; NetworkPolicies cannot select it by labels and it has no mesh identity` });
      }
      let resolved = this.peers.get(key);
      if (!resolved) {
        resolved = Object.freeze({ kind: 'workload', namespace, name: caller.name, selector: caller.selector, serviceAccount: caller.serviceAccount, sidecar: caller.sidecar });
        this.peers.set(key, resolved);
      }
      return resolved;
    }
    if ('namespace' in peer) {
      const ns = this.namespaces.get(peer.namespace);
      if (!ns) {
        this.problems.add(`${path}.namespace`, `unknown namespace "${peer.namespace}"; declare it under namespaces (managed: false for namespaces outside the mesh)${didYouMean(peer.namespace, this.namespaces.keys())}`);
        return undefined;
      }
      // Namespace names have no "/", so they never meet a workload's key.
      let resolved = this.peers.get(ns.name);
      if (!resolved) {
        resolved = Object.freeze({ kind: 'namespace', namespace: ns.name, sidecar: ns.sidecar });
        this.peers.set(ns.name, resolved);
      }
      return resolved;
    }
    if ('cidr' in peer) return this.cidrPeer(peer, path);
    if (peer.system === 'prometheus') {
      if (!monitoring) {
        this.problems.add(`${path}.system`, 'Prometheus is a caller only when monitoring is on; set monitoring: {}');
        return undefined;
      }
      return Object.freeze({ kind: 'system', name: 'prometheus', ...monitoring.prometheus });
    }
    const facts = SYSTEM_PEERS[peer.system];
    const namespace = facts.namespace === 'root' ? this.istio?.rootNamespace ?? DEFAULTS.rootNamespace : facts.namespace;
    const declared = this.namespaces.get(namespace);
    const podLabels = facts.podLabels && this.adopt(facts.podLabels);
    return Object.freeze({ kind: 'system', name: peer.system, namespace, podLabels, serviceAccount: facts.serviceAccount, sidecar: declared?.sidecar ?? (facts.sidecar && this.istio !== undefined) });
  }

  private cidrPeer(peer: CidrPeerSpec, path: string): { readonly kind: 'cidr'; readonly cidr: string; readonly except: readonly string[] } {
    this.check(`${path}.cidr`, cidrError(peer.cidr));
    (peer.except ?? NONE).forEach((e, k) => this.check(`${path}.except[${k}]`, cidrError(e)));
    return Object.freeze({ kind: 'cidr', cidr: peer.cidr, except: peer.except ? this.adopt(peer.except) : NONE });
  }

  private rulePorts(ports: readonly (number | string)[], path: string, target: ResolvedWorkload): readonly number[] {
    const result: number[] = [];
    ports.forEach((port, k) => {
      if (typeof port === 'string') {
        const byName = target.ports.find((p) => p.name === port);
        if (!byName) {
          this.problems.add(`${path}[${k}]`, `workload "${target.name}" has no port named "${port}"${didYouMean(port, target.ports.flatMap((p) => (p.name ? [p.name] : [])))}`);
          return;
        }
        result.push(byName.port);
        return;
      }
      if (!Number.isInteger(port) || port < 1 || port > 65535) {
        this.problems.add(`${path}[${k}]`, `${port} is not a port number (1-65535)`);
        return;
      }
      if (target.ports.length > 0 && !target.ports.some((p) => p.port === port)) {
        this.problems.add(`${path}[${k}]`, `${port} is not a port of workload "${target.name}" (declared: ${target.ports.map((p) => p.port).join(', ')})`);
        return;
      }
      result.push(port);
    });
    return dedupe(result);
  }

  private checkHttpPorts(path: string, ports: readonly number[], target: ResolvedWorkload, field: string): void {
    const targeted = ports.length > 0 ? target.ports.filter((p) => ports.includes(p.port)) : target.ports;
    if (targeted.length === 0) {
      this.problems.add(`${path}.${field}`, `${field} need HTTP ports; declare the ports of workload "${target.name}" with protocol HTTP, HTTP2 or GRPC`);
      return;
    }
    for (const p of targeted) {
      if (!HTTP_PROTOCOLS.has(p.protocol)) {
        const hint = p.protocol === 'HTTPS' || p.protocol === 'TLS' ? ` (the sidecar sees encrypted bytes and cannot read ${field})` : `; set protocol: "HTTP" on the port or name it "http-..."`;
        this.problems.add(`${path}.${field}`, `${field} apply only to HTTP ports, and port ${p.port} of workload "${target.name}" is ${p.protocol}${hint}`);
      }
    }
  }

  private warnAboutPeer(path: string, peer: ResolvedPeer, target: ResolvedWorkload, ports: readonly number[]): void {
    if (!target.sidecar || peer.kind === 'cidr' || peer.sidecar) return;
    const ns = this.namespaces.get(target.namespace);
    if (ns?.mtls === 'DISABLE') return;
    const who = peer.kind === 'workload' ? `workload "${peer.name}"` : peer.kind === 'namespace' ? `namespace "${peer.namespace}"` : `system caller "${peer.name}"`;
    // A caller such as Prometheus is often admitted by hundreds of rules: a few are warned one by one, the rest summed up.
    // Keyed by caller, not by its words: two sidecar-less workloads of one name in two namespaces are two callers.
    const key = peer.kind === 'workload' ? `${peer.namespace}/${peer.name}` : who;
    const seen = this.plaintextCallers.get(key) ?? { who, count: 0, more: [] };
    this.plaintextCallers.set(key, seen);
    if (++seen.count > MAX_WARNINGS_PER_CALLER) {
      seen.more.push(path);
      return;
    }
    const portText = ports.length > 0 ? `port${ports.length > 1 ? 's' : ''} ${ports.join(', ')}` : 'every port';
    const accepts = `${portText} of "${target.name}" accept${ports.length === 1 ? 's' : ''} plaintext from callers without identity`;
    this.warnings.push({
      path,
      message: this.props.networkPolicies === false
        ? `${who} has no sidecar, so it has no mesh identity, and NetworkPolicies are off (networkPolicies: false): ${accepts}, from any pod without a sidecar`
        : `${who} has no sidecar, so it has no mesh identity: it is admitted by NetworkPolicy only, and ${accepts}`,
    });
  }

  /** The rules beyond MAX_WARNINGS_PER_CALLER admitting a caller without identity: one warning per caller. */
  private summarizePlaintextCallers(): void {
    for (const { who, more } of this.plaintextCallers.values()) {
      if (more.length === 0) continue;
      const listed = `${more.slice(0, LISTED_RULES).join(', ')}${more.length > LISTED_RULES ? `, and ${more.length - LISTED_RULES} more` : ''}`;
      this.warnings.push({
        path: more[0],
        message: `${more.length} more rule${more.length > 1 ? 's' : ''} admit ${who}, which has no sidecar and so no mesh identity (${listed}): the ports they name accept plaintext from callers without identity too, as in the rules warned above`,
      });
    }
  }

  // ------------------------------------------------------------------------------------ Monitoring

  private resolveMonitoring(): ResolvedMonitoring | undefined {
    const m = this.props.monitoring;
    if (m === undefined || m === false) return undefined;
    const prom = m.prometheus ?? {};
    const namespace = prom.namespace ?? DEFAULTS.prometheus.namespace;
    this.check('monitoring.prometheus.namespace', dns1123LabelError(namespace));
    const podLabels = prom.podLabels ?? DEFAULTS.prometheus.podLabels;
    for (const e of labelErrors(podLabels)) this.problems.add(`monitoring.prometheus.podLabels.${e.key}`, e.message);
    const ruleLabels = m.ruleLabels ?? {};
    for (const e of labelErrors(ruleLabels)) this.problems.add(`monitoring.ruleLabels.${e.key}`, e.message);
    let certificateAlerts: ResolvedMonitoring['certificateAlerts'];
    if (m.certificateAlerts !== false) {
      const a = m.certificateAlerts ?? {};
      certificateAlerts = {
        expiringWithin: this.duration('monitoring.certificateAlerts.expiringWithin', a.expiringWithin ?? DEFAULTS.expiringWithin),
        notReadyFor: this.duration('monitoring.certificateAlerts.notReadyFor', a.notReadyFor ?? DEFAULTS.notReadyFor),
      };
    }
    return {
      prometheus: { namespace, podLabels, serviceAccount: prom.serviceAccount ?? DEFAULTS.prometheus.serviceAccount, sidecar: this.namespaces.get(namespace)?.sidecar ?? false },
      certificateAlerts,
      ruleLabels: { ...ruleLabels },
    };
  }

  /** `value`, referenced by the result: frozen with it (see `fromDefinition`). */
  private adopt<T extends object>(value: T): T {
    this.fromDefinition.push(value);
    return value;
  }

  private check(path: string, message: string | undefined): void {
    if (message !== undefined) this.problems.add(path, message);
  }
}

/** Rules warned one by one per caller without identity; the rest of them are summed up in one warning. */
const MAX_WARNINGS_PER_CALLER = 3;
/** Rules named in one summary. */
const LISTED_RULES = 5;

/** Istio path rules: exact, `prefix*`, `*suffix` or `*`; exact and prefix paths start with `/`. */
function pathError(path: string): string | undefined {
  if (path === '*') return undefined;
  const inner = path.replace(/^\*/, '').replace(/\*$/, '');
  if (inner.includes('*')) return `"${path}": a wildcard may only stand at the start or the end`;
  if (!path.startsWith('/') && !path.startsWith('*')) return `"${path}" must start with "/"`;
  if (/\s/.test(path)) return `"${path}" must not contain spaces`;
  return undefined;
}

/** An empty list, shared by every rule without paths, methods, ports or CIDR exceptions (frozen, so sharing is safe). */
const NONE: readonly never[] = Object.freeze([]);

/** `values` as a frozen list (NONE when empty). */
function frozenList<T>(values: T[]): readonly T[] {
  return values.length === 0 ? NONE : Object.freeze(values);
}

/** `values` without repeats, as a new frozen list (NONE when empty); a Set only when there can be repeats. */
function dedupe<T>(values: readonly T[]): readonly T[] {
  if (values.length === 0) return NONE;
  if (values.length === 1) return Object.freeze([values[0]]);
  return Object.freeze([...new Set(values)]);
}

/**
 * Freezes the resolved mesh and everything it references. Objects referenced twice (a caller's selector in every
 * rule naming it) are frozen once; arrays are walked by index and objects with for…in, so no array of values is
 * allocated per object (this walk visits every resolved object: ~100 ms at 5,000 workloads with `Object.values`).
 */
function deepFreeze<T extends object>(value: T): T {
  Object.freeze(value);
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) freezeChild(value[i]);
  } else {
    for (const key in value) freezeChild(value[key]);
  }
  return value;
}

function freezeChild(child: unknown): void {
  if (typeof child === 'object' && child !== null && !Object.isFrozen(child)) deepFreeze(child);
}
