import { ApiObject, Chart, JsonPatch } from 'cdk8s';
import { CronJob, ServiceAccount, type Container, type Workload } from 'cdk8s-plus-28';
import { INJECT_POD_LABEL } from '../istio/wellknown';
import { suggest } from '../model/suggest';
import type { ResolvedMesh, ResolvedWorkload } from '../model/resolved';

/** Which definition entry a cdk8s-plus workload runs, and how to bind it. */
export interface BindOptions {
  /** The entry's `workloads[].namespace`. */
  readonly namespace: string;
  /** The entry's `workloads[].name`. */
  readonly name: string;
  /**
   * The container that gets the application certificate (`workloads[].tls`): its Secret mounted and env vars set.
   * @default - the workload's only container (an error when the entry declares `tls` and there are several)
   */
  readonly container?: Container;
  /**
   * Add the ServiceAccount the entry names (`workloads[].serviceAccount`, its identity) to the workload's chart, once
   * per chart. Set false when something else creates it (a Helm chart, an existing cluster object): pods of a
   * Deployment whose service account does not exist are never created.
   * @default true
   */
  readonly createServiceAccount?: boolean;
}

/**
 * The workload entry `namespace/name` of the mesh, or an error naming it with the closest declared name. `caller`
 * prefixes the message (`SecureMesh.bindWorkload`).
 */
export function declaredWorkload(mesh: ResolvedMesh, namespace: string, name: string, caller: string): ResolvedWorkload {
  const found = mesh.workloads.find((w) => w.namespace === namespace && w.name === name);
  if (found) return found;
  const inNamespace = mesh.workloads.filter((w) => w.namespace === namespace).map((w) => w.name).sort();
  let hint: string;
  if (inNamespace.length > 0) {
    const close = suggest(name, inNamespace);
    hint = close ? `did you mean "${close}"? ` : '';
    hint += `Workloads declared in "${namespace}": ${inNamespace.slice(0, 10).join(', ')}${inNamespace.length > 10 ? ', …' : ''}`;
  } else {
    const close = suggest(namespace, new Set(mesh.workloads.map((w) => w.namespace)));
    hint = close ? `did you mean namespace "${close}"? ` : '';
    hint += `no workload is declared in namespace "${namespace}"; add one under workloads`;
  }
  return fail(`${caller}: no workload "${namespace}/${name}" in the definition; ${hint}`);
}

/**
 * Binds a cdk8s-plus workload's pods to their definition entry: the pod labels the entry's policies select (its
 * `selector`), the Istio injection label where the entry's `sidecar` differs from its namespace's, its namespace where
 * the workload has none, and its service account (created unless `createServiceAccount: false`). A workload that
 * already names a different service account or namespace is refused: its pods would not be the ones the policies admit.
 */
export function bindWorkloadIdentity(mesh: ResolvedMesh, workload: Workload, options: BindOptions, caller: string): ResolvedWorkload {
  const entry = declaredWorkload(mesh, options.namespace, options.name, caller);
  const what = `${caller}: ${workload.kind} "${workload.name}"`;
  const api = ApiObject.of(workload);
  const namespace = workload.metadata.namespace;
  if (namespace !== undefined && namespace !== entry.namespace) {
    fail(`${what} is in namespace "${namespace}", but ${entry.source} (${entry.namespace}/${entry.name}) is in "${entry.namespace}": bind it to a workload of its namespace, or create it in "${entry.namespace}"`);
  }
  // Without a namespace the workload lands wherever kubectl points; the policies only admit it in the entry's.
  if (namespace === undefined) api.addJsonPatch(JsonPatch.add('/metadata/namespace', entry.namespace));

  for (const [key, value] of Object.entries(entry.selector)) workload.podMetadata.addLabel(key, value);
  const ns = mesh.namespaces.find((n) => n.name === entry.namespace);
  // A workload whose sidecar setting differs from its namespace's injection opts in or out per pod (Istio's label).
  if (mesh.istio && ns && ns.sidecar !== entry.sidecar) workload.podMetadata.addLabel(INJECT_POD_LABEL, String(entry.sidecar));

  const current = workload.serviceAccount?.name;
  if (current !== undefined && current !== entry.serviceAccount) {
    fail(`${what} runs as service account "${current}", but ${entry.source} (${entry.namespace}/${entry.name}) has the identity "${entry.serviceAccount}": `
      + `its policies admit callers and certificates by that service account. Remove the workload's serviceAccount, or set ${entry.source}.serviceAccount to "${current}"`);
  }
  if (current === undefined) {
    // cdk8s-plus takes the service account only at construction; the pod spec field is set on the emitted object.
    api.addJsonPatch(JsonPatch.add(`${podSpecPath(workload)}/serviceAccountName`, entry.serviceAccount));
    if (options.createServiceAccount ?? true) {
      const chart = Chart.of(workload);
      const id = `secure-mesh-service-account-${entry.namespace}-${entry.serviceAccount}`;
      if (!chart.node.tryFindChild(id)) {
        new ServiceAccount(chart, id, { metadata: { name: entry.serviceAccount, namespace: entry.namespace } });
      }
    }
  }
  return entry;
}

/** Where the pod spec sits in the workload's manifest (cdk8s-plus' own layout). */
function podSpecPath(workload: Workload): string {
  return workload instanceof CronJob ? '/spec/jobTemplate/spec/template/spec' : '/spec/template/spec';
}

/** The container bound to application TLS: the one given, or the workload's only one. */
export function tlsContainer(workload: Workload, options: BindOptions, caller: string): Container {
  if (options.container) return options.container;
  const containers = workload.containers;
  if (containers.length === 1) return containers[0];
  return fail(`${caller}: ${workload.kind} "${workload.name}" has ${containers.length} containers and ${options.namespace}/${options.name} declares tls: pass { container } to say which one serves it`);
}

function fail(message: string): never {
  throw new Error(message);
}
