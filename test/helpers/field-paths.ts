/** Every field path of a value, as the mesh-file loader spells them (`spec.workloads[3].ingress[0]`). */
export function fieldPathsOf(value: unknown, prefix = ''): string[] {
  if (Array.isArray(value)) return value.flatMap((v, i) => [`${prefix}[${i}]`, ...fieldPathsOf(v, `${prefix}[${i}]`)]);
  if (typeof value === 'object' && value !== null) {
    return Object.entries(value).flatMap(([k, v]) => {
      const p = prefix ? `${prefix}.${k}` : k;
      return [p, ...fieldPathsOf(v, p)];
    });
  }
  return [];
}
