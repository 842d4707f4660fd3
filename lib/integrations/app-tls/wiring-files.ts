/**
 * The app TLS wiring for mesh-file users: `AppTls.bind` wires a cdk8s-plus Deployment in TypeScript; a mesh file's
 * workloads run from the user's own manifests or charts, so `secure-mesh synth` writes the same wiring (pod-wiring.ts)
 * next to the manifests, per workload with `tls`, in the two forms those are usually built with:
 *
 *   <out>/<chart>.app-tls/<namespace>.<workload>.patch.yaml   a kustomize strategic-merge patch of Deployment <workload>
 *   <out>/<chart>.app-tls/<namespace>.<workload>.values.yaml  Helm values with the keys of `helm create`'s chart
 *   <out>/<chart>.app-tls/kustomization.yaml                   a kustomize Component listing every patch
 *
 * Namespaces and workload names are DNS labels (no dots), so `<namespace>.<workload>` never names two workloads.
 * Written with the manifests' YAML writer (serialize/yaml.ts: keys sorted, fast at 1,000 workloads with `tls`).
 */
import type { K8sObject } from '../../k8s-object';
import { documentYaml } from '../../serialize/yaml';
import type { ResolvedMesh } from '../../model/resolved';
import { appTlsBinding } from './bind';
import { podTlsWiring, type PodTlsWiring } from './pod-wiring';
import type { ResolvedAppTls } from './resolve';
import { APP_TLS_WIRING_DIR_SUFFIX } from './wellknown';

/** The directory of the wiring files, next to `<chart>.k8s.yaml`. */
export function appTlsWiringDir(chartName: string): string {
  return `${chartName}${APP_TLS_WIRING_DIR_SUFFIX}`;
}

export interface WiringFile {
  /** Relative to the output directory, `/`-separated. */
  readonly path: string;
  readonly text: string;
}

/** The wiring files of every workload with `tls` (none when there is none). */
export function appTlsWiringFiles(chartName: string, mesh: ResolvedMesh, appTls: ResolvedAppTls): WiringFile[] {
  if (appTls.workloads.length === 0) return [];
  const dir = appTlsWiringDir(chartName);
  const files: WiringFile[] = [];
  const patches: string[] = [];
  const sorted = [...appTls.workloads].sort((a, b) => (`${a.namespace}.${a.name}` < `${b.namespace}.${b.name}` ? -1 : 1));
  // The binding looks its workload up by name: give it just that one, so 1,000 TLS workloads of 5,000 stay linear.
  const resolved = new Map(mesh.workloads.map((w) => [`${w.namespace}/${w.name}`, w]));
  for (const w of sorted) {
    const own = resolved.get(`${w.namespace}/${w.name}`);
    const wiring = podTlsWiring(appTlsBinding({ ...mesh, workloads: own ? [own] : [] }, { ...appTls, workloads: [w] }, w.namespace, w.name));
    const container = w.tls.container ?? w.name;
    const base = `${w.namespace}.${w.name}`;
    patches.push(`${base}.patch.yaml`);
    files.push({ path: `${dir}/${base}.patch.yaml`, text: patchText(w.namespace, w.name, container, wiring, appTls.phase) });
    files.push({ path: `${dir}/${base}.values.yaml`, text: valuesText(w.namespace, w.name, container, wiring, appTls.phase) });
  }
  files.push({ path: `${dir}/kustomization.yaml`, text: componentText(patches) });
  return files;
}

/**
 * A strategic-merge patch of Deployment `<workload>` in `<namespace>`: maps merge, `containers`, `volumes` and `env`
 * merge by `name`, `volumeMounts` by `mountPath` (the patch merge keys of apps/v1 and core/v1), so the user's own
 * containers, volumes and variables stay.
 */
export function appTlsPatch(namespace: string, workload: string, container: string, wiring: PodTlsWiring): Record<string, unknown> {
  const annotations = Object.keys(wiring.deploymentAnnotations).length > 0 ? { annotations: { ...wiring.deploymentAnnotations } } : {};
  const containerPatch: Record<string, unknown> = { name: container };
  if (wiring.env.length > 0) containerPatch.env = wiring.env.map((e) => ({ ...e }));
  if (wiring.volumeMounts.length > 0) containerPatch.volumeMounts = wiring.volumeMounts.map((m) => ({ ...m }));
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: workload, namespace, ...annotations },
    spec: {
      template: {
        metadata: { labels: { ...wiring.podLabels } },
        spec: {
          serviceAccountName: wiring.serviceAccountName,
          containers: [containerPatch],
          ...(wiring.volumes.length > 0 ? { volumes: structuredClone(wiring.volumes) } : {}),
        },
      },
    },
  };
}

/**
 * Helm values under the keys `helm create` scaffolds (`podLabels`, `serviceAccount.name`, `volumes`, `volumeMounts`)
 * plus `env` and `deploymentAnnotations`, which that scaffold has no key for: a chart must pass them into the
 * container's `env` and the Deployment's `metadata.annotations` (docs/integrations.md).
 */
export function appTlsValues(wiring: PodTlsWiring): Record<string, unknown> {
  return {
    podLabels: { ...wiring.podLabels },
    serviceAccount: { name: wiring.serviceAccountName },
    volumes: structuredClone(wiring.volumes),
    volumeMounts: wiring.volumeMounts.map((m) => ({ ...m })),
    env: wiring.env.map((e) => ({ ...e })),
    deploymentAnnotations: { ...wiring.deploymentAnnotations },
  };
}

function patchText(namespace: string, workload: string, container: string, wiring: PodTlsWiring, phase: string): string {
  return [
    `# Application TLS of ${namespace}/${workload} (workloads[].tls, phase ${phase}), written by secure-mesh synth.`,
    `# A kustomize strategic-merge patch of Deployment ${workload}: the mounts and env vars go to container "${container}"`,
    '# (tls.container, default: the workload name). Use it as `patches: [{ path: <this file> }]`, or include the',
    '# directory as a kustomize component. Regenerated on every synth: do not edit.',
    documentYaml(appTlsPatch(namespace, workload, container, wiring) as unknown as K8sObject).trimEnd(),
    '',
  ].join('\n');
}

function valuesText(namespace: string, workload: string, container: string, wiring: PodTlsWiring, phase: string): string {
  return [
    `# Application TLS of ${namespace}/${workload} (workloads[].tls, phase ${phase}), written by secure-mesh synth.`,
    '# Helm values under the keys of `helm create` (podLabels, serviceAccount.name, volumes, volumeMounts) for the',
    `# application container ("${container}"), plus env and deploymentAnnotations (the Reloader annotations), which`,
    '# your chart must pass to the container and to the Deployment metadata. Use as `helm upgrade -f <this file>`.',
    documentYaml(appTlsValues(wiring) as unknown as K8sObject).trimEnd(),
    '',
  ].join('\n');
}

function componentText(patches: readonly string[]): string {
  return [
    '# Every app TLS patch of this mesh as a kustomize component: `components: [<path to this directory>]`.',
    '# Each patch needs its Deployment among the kustomization\'s resources; otherwise list the patches you need.',
    documentYaml({ apiVersion: 'kustomize.config.k8s.io/v1alpha1', kind: 'Component', patches: patches.map((p) => ({ path: p })) } as unknown as K8sObject).trimEnd(),
    '',
  ].join('\n');
}
