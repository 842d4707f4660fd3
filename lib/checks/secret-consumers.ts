import { asArray, asRecord, type PodTemplate } from './object-index';

/** Secrets a pod mounts as volumes (`secret` volumes and `projected` secret sources). */
export function mountedSecrets(pod: PodTemplate): string[] {
  const out: string[] = [];
  for (const v of asArray(pod.spec.volumes)) {
    const vol = asRecord(v);
    const name = asRecord(vol.secret).secretName;
    if (typeof name === 'string') out.push(name);
    for (const src of asArray(asRecord(vol.projected).sources)) {
      const n = asRecord(asRecord(src).secret).name;
      if (typeof n === 'string') out.push(n);
    }
  }
  return out;
}

/** All containers of a pod (init containers included). */
export function containersOf(pod: PodTemplate): Record<string, any>[] {
  return [...asArray(pod.spec.initContainers), ...asArray(pod.spec.containers)].map(asRecord);
}

/** `name=value` of a container's literal env vars. */
export function envOf(container: Record<string, any>): Map<string, string | undefined> {
  const out = new Map<string, string | undefined>();
  for (const e of asArray(container.env)) {
    const r = asRecord(e);
    if (typeof r.name === 'string') out.set(r.name, typeof r.value === 'string' ? r.value : undefined);
  }
  return out;
}
