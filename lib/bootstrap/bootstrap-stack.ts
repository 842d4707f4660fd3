import { HelmProvider } from '@cdktf/provider-helm/lib/provider';
import { Release } from '@cdktf/provider-helm/lib/release';
import { LocalBackend, TerraformStack } from 'cdktf';
import type { Construct } from 'constructs';
import type { ResolvedMesh } from '../model/resolved';
import { expandIntegrations } from '../integrations/integrations';
import { resolveMesh } from '../model/resolve';
import { resolveBootstrapOptions, type MeshBootstrapProps, type ResolvedBootstrapOptions } from './options';
import { planReleases, type HelmReleaseSpec } from './release-plan';
import { valuesYaml } from './values-yaml';
import { defaultStatePath } from './wellknown';

/**
 * A Terraform stack that installs the cluster's security stack (cert-manager, trust-manager, Istio,
 * optionally the ingress gateway and KServe) with the helm provider, configured from the same
 * secure-mesh definition the manifests are synthesized from, so the two cannot disagree.
 *
 * A thin layer: the releases are planned as plain data (`planReleases`); this class only maps them to
 * `helm_release` resources (cdktf and its provider bindings are archived, see docs/bootstrap.md).
 */
export class MeshBootstrapStack extends TerraformStack {
  /** The resolved definition the values were derived from. */
  public readonly mesh: ResolvedMesh;
  public readonly options: ResolvedBootstrapOptions;
  /** The planned releases, in install order. */
  public readonly releases: readonly HelmReleaseSpec[];

  public constructor(scope: Construct, id: string, props: MeshBootstrapProps) {
    // Validate everything before the stack joins the construct tree, so a bad definition leaves no
    // half-built stack behind. Integration sections (KServe, ModelMesh, …) expand into namespaces and
    // workloads exactly as they do for the manifests.
    // The manifests' own resolved mesh (synthesizeMesh's `mesh`: the definition's order).
    const mesh = resolveMesh(expandIntegrations(props.definition).props);
    const options = resolveBootstrapOptions(props, mesh, props.definition);
    const releases = planReleases(mesh, options);
    super(scope, id);
    this.mesh = mesh;
    this.options = options;
    this.releases = releases;

    new LocalBackend(this, { path: props.statePath ?? defaultStatePath(id) });
    new HelmProvider(this, 'helm', { kubernetes: { ...options.kubernetes } });

    const created = new Map<string, Release>();
    for (const spec of releases) {
      const values = Object.keys(spec.values).length > 0 ? [valuesYaml(spec.values)] : undefined;
      const release = new Release(this, spec.name, {
        name: spec.name,
        namespace: spec.namespace,
        createNamespace: true,
        repository: spec.chart.repository,
        chart: spec.chart.chart,
        version: spec.chart.version,
        values,
        // An upgrade either completes or rolls back, and a failed install leaves nothing behind.
        atomic: true,
        cleanupOnFail: true,
        wait: true,
        timeout: options.timeoutSeconds,
        dependsOn: spec.dependsOn.length > 0 ? spec.dependsOn.map((name) => created.get(name)!) : undefined,
      });
      created.set(spec.name, release);
    }
  }
}
