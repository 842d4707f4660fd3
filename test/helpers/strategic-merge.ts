/**
 * Enough of Kubernetes' strategic merge patch (k8s.io/apimachinery strategicpatch) to apply app TLS patches in tests:
 * maps merge recursively; lists with a patch merge key (from the apps/v1 and core/v1 OpenAPI `x-kubernetes-patch-merge-key`:
 * containers, volumes, env by `name`, volumeMounts by `mountPath`) merge item by item, patch-only items appended after
 * the original's; other lists and scalars are replaced. Independent of lib/.
 */
const MERGE_KEYS: Readonly<Record<string, string>> = { containers: 'name', initContainers: 'name', volumes: 'name', env: 'name', volumeMounts: 'mountPath' };

type Json = unknown;

function isMap(v: Json): v is Record<string, Json> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function strategicMerge(original: Json, patch: Json, field?: string): Json {
  if (isMap(original) && isMap(patch)) {
    const out: Record<string, Json> = { ...original };
    for (const [k, v] of Object.entries(patch)) out[k] = k in original ? strategicMerge(original[k], v, k) : v;
    return out;
  }
  const key = field ? MERGE_KEYS[field] : undefined;
  if (key && Array.isArray(original) && Array.isArray(patch)) {
    const out = original.map((item) => {
      const match = patch.find((p) => isMap(p) && isMap(item) && p[key] === item[key]);
      return match === undefined ? item : strategicMerge(item, match);
    });
    for (const p of patch) if (!original.some((item) => isMap(p) && isMap(item) && p[key] === item[key])) out.push(p);
    return out;
  }
  return patch;
}
