import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { formatViolation, validateObjects } from '../checks/schema';
import type { IntentGraph } from '../intent/graph';
import { objectRef, type K8sObject } from '../k8s-object';
import type { SecureMeshProps } from '../model/definition';
import type { Problem } from '../model/errors';
import { formatProblem } from '../model/errors';
import type { ResolvedMesh } from '../model/resolved';
import { synthesizeMesh } from './synthesize';

/**
 * A whole secure mesh from one definition: cert-manager issuers and certificates, the trust-manager
 * Bundle, Istio PeerAuthentications, DestinationRules and AuthorizationPolicies, NetworkPolicies,
 * Namespaces and certificate alerts, consistent by construction.
 *
 * A bad definition throws one `SecureMeshError` listing every problem. At synth time (`app.synth()`,
 * `Testing.synth()`) every emitted object is validated strictly against the pinned CRD and Kubernetes
 * schemas, CEL rules included.
 *
 * @example
 * new SecureMesh(chart, 'mesh', {
 *   namespaces: [{ name: 'shop' }],
 *   workloads: [
 *     { name: 'web', namespace: 'shop', ports: [{ name: 'http', port: 8080 }] },
 *     { name: 'api', namespace: 'shop', ports: [{ name: 'http', port: 9000 }],
 *       ingress: [{ from: Peer.workload('web'), paths: ['/api/*'] }] },
 *   ],
 * });
 */
export class SecureMesh extends Construct {
  /** The definition with every default applied. */
  public readonly mesh: ResolvedMesh;
  /** Who may call whom: the edges every policy was generated from. */
  public readonly graph: IntentGraph;
  /** The emitted objects, one `ApiObject` each, in emission order. */
  public readonly apiObjects: readonly ApiObject[];
  /** Allowed but noteworthy: printed on stderr at construction unless `SECURE_MESH_QUIET` is set. */
  public readonly warnings: readonly Problem[];

  public constructor(scope: Construct, id: string, props: SecureMeshProps) {
    super(scope, id);
    const result = synthesizeMesh(props);
    this.mesh = result.mesh;
    this.graph = result.graph;
    this.warnings = result.warnings;
    this.apiObjects = result.objects.map((obj) => new ApiObject(this, constructId(obj), obj));
    this.node.addValidation({
      validate: () => validateObjects(this.apiObjects.map((o) => o.toJson() as K8sObject)).map(formatViolation),
    });
    if (!process.env.SECURE_MESH_QUIET) {
      for (const w of this.warnings) process.stderr.write(`warning: ${formatProblem(w)}\n`);
    }
  }
}

/** A readable, unique construct id: `PeerAuthentication/shop/default`. */
function constructId(obj: K8sObject): string {
  return objectRef(obj);
}
