/**
 * The connectivity report's data model: who may call whom, on which ports and paths, and why.
 * Plain, JSON-serializable data so the CLI, the renderers and the diff can share it.
 */

/** A workload (a set of pods) found in the emitted objects. */
export interface WorkloadNode {
  /** `<namespace>/<name>`. */
  id: string;
  namespace: string;
  name: string;
  /** Pod labels (what policies select). */
  labels: Record<string, string>;
  /** Service account, when the objects say (its mesh identity with a sidecar). */
  serviceAccount?: string;
  /** Whether its pods run an Istio sidecar (enforce PeerAuthentication / AuthorizationPolicy). */
  sidecar: boolean;
}

/** One object (and rule) that decided part of an access. */
export interface AccessReason {
  layer: 'network' | 'mtls' | 'authorization';
  /** `Kind/namespace/name` of the deciding object (or a short description when no object decided). */
  object: string;
  /** Which part of it: `ingress[0]`, `rules[1]`, `STRICT (namespace default)`. */
  detail: string;
}

/**
 * A port, or an inclusive range `"<first>-<last>"` (NetworkPolicy `endPort`: Kubernetes admits every port between).
 */
export type AccessPort = number | `${number}-${number}`;

/**
 * How the connection is protected: `mutual` = Istio mutual TLS (the destination sees the caller's identity);
 * `app-tls` = no mesh mTLS, but the destination declares TLS on the port (the application terminates TLS itself:
 * a Certificate for its Service, a TLS port name or appProtocol); `plaintext` = no mesh mTLS and no TLS declared.
 */
export type Transport = 'mutual' | 'app-tls' | 'plaintext';

/**
 * One allowed access: `from` may reach `to` on `ports` (and, for HTTP, `paths` / `methods`, less the `not*` lists and
 * within `hosts`).
 */
export interface Access {
  /**
   * A WorkloadNode id, `namespace:<ns>` (any other pod of that namespace), `cidr:<address set>` (outside the cluster)
   * or `any` (anywhere outside the cluster that no address set names).
   */
  from: string;
  /** A WorkloadNode id, or a destination outside the cluster (`cidr:<address set>`, `any`). */
  to: string;
  /** Ports and inclusive port ranges; `[]` = all ports. */
  ports: AccessPort[];
  /** HTTP paths (Istio patterns); `[]` = all paths (and plain TCP). */
  paths: string[];
  /** HTTP methods; `[]` = all methods. */
  methods: string[];
  /** HTTP paths excluded (AuthorizationPolicy `notPaths`, DENY `paths`); absent = none. */
  notPaths?: string[];
  /** HTTP methods excluded (AuthorizationPolicy `notMethods`, DENY `methods`); absent = none. */
  notMethods?: string[];
  /** HTTP hosts (Host / :authority) admitted; absent = all. */
  hosts?: string[];
  /** HTTP hosts excluded; absent = none. */
  notHosts?: string[];
  /** Whether the connection is Istio mutual TLS, TLS the application does itself, or plaintext. */
  mtls: Transport;
  reasons: AccessReason[];
}

export interface ConnectivityReport {
  workloads: WorkloadNode[];
  access: Access[];
  /** Assumptions and things the analysis could not decide, for the reviewer. */
  notes: string[];
}

/** A workload the definition declares, for analyses of a mesh file (its pods exist although no object templates them). */
export interface DeclaredWorkload {
  readonly namespace: string;
  readonly name: string;
  /** The pod labels its policies select (the definition's `selector`). */
  readonly labels: Readonly<Record<string, string>>;
  readonly serviceAccount: string;
  readonly sidecar: boolean;
  /** Container ports. */
  readonly ports: readonly number[];
}

export interface AnalyzeOptions {
  /**
   * Istio root namespace (mesh-wide PeerAuthentication / AuthorizationPolicy).
   * @default 'istio-system'
   */
  rootNamespace?: string;
  /**
   * Trust domain of the principals (`<trustDomain>/ns/<ns>/sa/<sa>`).
   * @default 'cluster.local'
   */
  trustDomain?: string;
  /**
   * Cluster DNS domain of service hosts (`<svc>.<ns>.svc.<clusterDomain>`), for DestinationRule lookup.
   * @default 'cluster.local'
   */
  clusterDomain?: string;
  /**
   * Workloads the definition declares (`graph` of a mesh file): their pods are in the inventory even when no emitted
   * object names them (no policy, no pod template), e.g. the components of an unisolated namespace.
   * @default - only the pods the objects tell of
   */
  declaredWorkloads?: readonly DeclaredWorkload[];
}

export interface ConnectivityDiff {
  added: Access[];
  removed: Access[];
  changed: { before: Access; after: Access }[];
}

export type ReportFormat = 'markdown' | 'mermaid' | 'json' | 'dot' | 'svg';
export type DiffFormat = 'markdown' | 'json';

/**
 * How much of the report the Markdown shows (other formats always show everything).
 * - `auto`: everything while a reviewer can read it and it fits a pull-request comment, else `summary`;
 * - `summary`: grouped by namespace, cut at `maxChars` with a line saying what was left out;
 * - `full`: everything (the matrix and every access with its reasons; every change of a diff), however long.
 */
export type ReportDetail = 'auto' | 'summary' | 'full';

export interface MarkdownOptions {
  /**
   * How much to show.
   * @default 'auto'
   */
  readonly detail?: ReportDetail;
  /**
   * Longest Markdown a summary may be, in UTF-16 code units (never fewer than the characters GitHub counts).
   * @default 65536 (GitHub's limit for a pull-request comment)
   */
  readonly maxChars?: number;
  /**
   * The command that produced the report, so a summary can say how to see everything
   * (`<command> --detail full`).
   * @default 'secure-mesh graph <input>' (`secure-mesh diff <old> <new>` for a diff)
   */
  readonly command?: string;
}
