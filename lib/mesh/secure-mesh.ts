import { ApiObject, Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { addRulePackValidation } from '../checks/in-synthesis';
import { printNoticeOnce } from '../checks/notices';
import { validateObjects } from '../checks/schema';
import { Suppressions } from '../checks/suppressions';
import type { IntentGraph } from '../intent/graph';
import { objectRef, type K8sObject } from '../k8s-object';
import type { SecureMeshProps } from '../model/definition';
import type { Problem } from '../model/errors';
import { formatProblem } from '../model/errors';
import type { ResolvedMesh } from '../model/resolved';
import { registerMesh, requireCompatibleWithApp } from './meshes-in-app';
import { synthesizeMesh } from './synthesize';
import { findingInDefinitionTerms, violationInDefinitionTerms } from './definition-findings';
import type { ObjectOrigin, ObjectOrigins } from './object-origins';
import { bindWorkloadIdentity, tlsContainer, type BindOptions } from './bind-workload';
import { appTlsBinding, bindAppTls, type AppTlsBinding } from '../integrations/app-tls/bind';
import type { Workload } from 'cdk8s-plus-28';
import type { ResolvedIntegrations } from '../integrations/integrations';

/**
 * A whole secure mesh from one definition: cert-manager issuers and certificates, the trust-manager
 * Bundle, Istio PeerAuthentications, DestinationRules and AuthorizationPolicies, NetworkPolicies,
 * Namespaces and certificate alerts, consistent by construction.
 *
 * A bad definition throws one `SecureMeshError` listing every problem, and so does a definition whose objects would
 * share an identity (kind, namespace and name) with each other or, differently, with those of another `SecureMesh` in
 * the same app (identical shared objects, such as the mesh-wide PeerAuthentication, are fine). At synth time (`app.synth()`,
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
  /** The definition with every default applied; its namespaces by name and its workloads by namespace and name (the canonical order). */
  public readonly mesh: ResolvedMesh;
  /** Who may call whom: the edges every policy was generated from. */
  public readonly graph: IntentGraph;
  /** The emitted objects, one `ApiObject` each, in the canonical order (docs/cli.md). */
  public readonly apiObjects: readonly ApiObject[];
  /** Allowed but noteworthy: printed on stderr at construction (once per process) unless `SECURE_MESH_QUIET` is set. */
  public readonly warnings: readonly Problem[];
  /** The integration sections with their defaults applied (what the integration helpers bind from). */
  public readonly integrations: ResolvedIntegrations;

  public constructor(scope: Construct, id: string, props: SecureMeshProps) {
    // Synthesized before the node joins the tree: a bad definition throws without leaving an empty `id` behind
    // (which would refuse a corrected retry under the same id, e.g. in a REPL or a test).
    const result = synthesizeMesh(props);
    // Another mesh in the same app emitting one of these objects differently is refused, before joining the tree.
    requireCompatibleWithApp(scope, id, result.objects);
    super(scope, id);
    registerMesh(scope, id, result.objects);
    this.mesh = result.mesh;
    this.graph = result.graph;
    this.warnings = result.warnings;
    this.integrations = result.integrations;
    // Identities are unique (synthesizeMesh refuses repeats); the id leaves out the API group, so a kind that two groups
    // define (Gateway) keeps its apiVersion in the id of its second object instead of failing inside cdk8s.
    const ids = new Set<string>();
    this.apiObjects = result.objects.map((obj) => {
      const ref = constructId(obj);
      const unique = ids.has(ref) ? `${ref} (${obj.apiVersion})` : ref;
      ids.add(unique);
      return new ApiObject(this, unique, obj);
    });
    // Refusals of emitted objects name the definition field each comes from (definition-findings.ts).
    this.node.addValidation({
      validate: () => validateObjects(this.apiObjects.map((o) => o.toJson() as K8sObject)).map((v) => violationInDefinitionTerms(v, result.origins)),
    });
    // The rule pack runs once per chart over every object of it, so objects users add next to the mesh are checked too;
    // the origins of every mesh in the chart are merged for it.
    const origins = chartOrigins(this);
    origins.sources.push(() => result.origins);
    addRulePackValidation(this, { rootNamespace: this.mesh.istio ? this.mesh.istio.rootNamespace : undefined }, (f) => findingInDefinitionTerms(f, origins));
    for (const w of this.warnings) printNoticeOnce(`warning: ${formatProblem(w)}`);
  }

  /**
   * Binds a cdk8s-plus workload (Deployment, StatefulSet, DaemonSet, Job, CronJob) to its definition entry
   * `workloads[]` `{ namespace, name }`, so that the entry's policies are about its pods: the pod labels they select
   * (the entry's `selector`), its namespace when the workload has none, its service account (its identity; the
   * ServiceAccount object is added to the workload's chart unless `createServiceAccount: false`), Istio's injection
   * label where the entry's `sidecar` differs from its namespace, and, where the entry declares `tls`, its
   * application certificate as `AppTls.bind` does (returned). A workload not bound this way is selected by no
   * policy, so default-deny cuts it off (rule SM-WL-001 reports it).
   *
   * Throws, naming the entry, when no workload `namespace/name` is declared (with the closest declared name) or the
   * workload already runs in another namespace or as another service account.
   */
  public bindWorkload(workload: Workload, options: BindOptions): AppTlsBinding | undefined {
    const entry = bindWorkloadIdentity(this.mesh, workload, options, 'SecureMesh.bindWorkload');
    const declaresTls = this.integrations.appTls.workloads.some((w) => w.namespace === entry.namespace && w.name === entry.name);
    if (!declaresTls) return undefined;
    const binding = appTlsBinding(this.mesh, this.integrations.appTls, entry.namespace, entry.name);
    bindAppTls(workload, workload, tlsContainer(workload, options, 'SecureMesh.bindWorkload'), binding);
    return binding;
  }

  /**
   * Acknowledge a rule finding on one emitted object (`Kind/namespace/name`, as findings name it). The reason (at least
   * 10 characters) is written into the object's `secure-mesh.io/suppressions` annotation, so reviewers see it.
   * For objects you create yourself use `Suppressions.add(apiObject, { id, reason })`.
   */
  public suppress(ruleId: string, objectRef: string, reason: string): void {
    const target = this.apiObjects.find((o) => constructId(o.toJson() as K8sObject) === objectRef);
    if (!target) throw new Error(`SecureMesh.suppress: no emitted object ${objectRef}; use the Kind/namespace/name a finding names`);
    Suppressions.add(target, { id: ruleId, reason });
  }
}

/**
 * The definition origins of every mesh's objects in the chart of `scope`, shared by its one rule-pack validation.
 * Merged on the first finding that needs them: a chart that validates cleanly never builds the map.
 */
interface ChartOrigins {
  readonly sources: (() => ObjectOrigins)[];
  merged?: Map<string, ObjectOrigin>;
  get(ref: string): ObjectOrigin | undefined;
}
const originsByChart = new WeakMap<object, ChartOrigins>();
function chartOrigins(scope: Construct): ChartOrigins {
  const chart = Chart.of(scope);
  let origins = originsByChart.get(chart);
  if (!origins) {
    const created: ChartOrigins = {
      sources: [],
      get(ref) {
        if (!created.merged) {
          created.merged = new Map();
          for (const source of created.sources) for (const [r, o] of source()) if (!created.merged.has(r)) created.merged.set(r, o);
        }
        return created.merged.get(ref);
      },
    };
    originsByChart.set(chart, (origins = created));
  }
  return origins;
}

/** A readable, unique construct id: `PeerAuthentication/shop/default`. */
function constructId(obj: K8sObject): string {
  return objectRef(obj);
}
