/**
 * Random valid definitions (arbitraries.ts) with shared identities drawn in: two workloads given one service account,
 * one selector nested in (or overlapping) another's, one Service host, possibly with different sidecars. The pair may
 * be in two namespaces, where nothing is shared. Issue 12 §2: each shape must be refused or warned, or the emitted
 * objects must still do exactly what the definition declares.
 */
import fc from 'fast-check';
import type { SecureMeshProps, WorkloadProps } from '../../lib/model/definition';
import { arbDefinition, MeshCase } from './arbitraries';

export type SharingShape = 'serviceAccount' | 'serviceAccountAdmitted' | 'selectorSubset' | 'selectorOverlap' | 'serviceName';

interface Draw {
  readonly shape: SharingShape;
  readonly i: number;
  readonly j: number;
  /** The workload whose new rule admits workload i (shape serviceAccountAdmitted). */
  readonly k: number;
  readonly sidecar: boolean;
}

/** The definition's own defaults (definition.ts doc comments), read here without lib/model. */
export const serviceAccountOf = (w: WorkloadProps): string => w.serviceAccount ?? w.name;
export const selectorOf = (w: WorkloadProps): Readonly<Record<string, string>> => w.selector ?? { app: w.name };
export const serviceOf = (w: WorkloadProps): string => w.serviceName ?? w.name;

function apply(def: SecureMeshProps, draws: readonly Draw[]): SecureMeshProps {
  const workloads = (def.workloads ?? []).map((w) => ({ ...w }));
  for (const { shape, i, j, k, sidecar } of draws) {
    if (i === j) continue;
    const [a, b] = [workloads[i], workloads[j]];
    switch (shape) {
      case 'serviceAccount':
        workloads[j] = { ...b, serviceAccount: serviceAccountOf(a) };
        break;
      case 'serviceAccountAdmitted': {
        // Two meshed workloads of one namespace, one account, and a rule admitting workload i: widened to the other.
        const other = workloads.findIndex((w, x) => x !== i && w.namespace === a.namespace);
        if (other < 0) break;
        const meshed = def.istio !== false ? { sidecar: true } : {};
        workloads[i] = { ...a, ...meshed };
        workloads[other] = { ...workloads[other], ...meshed, serviceAccount: serviceAccountOf(a) };
        workloads[k] = { ...workloads[k], ingress: [...(workloads[k].ingress ?? []), { from: { workload: a.name, namespace: a.namespace } }] };
        break;
      }
      case 'selectorSubset':
        workloads[j] = { ...b, selector: { ...selectorOf(a), role: `r${j}` } };
        break;
      case 'selectorOverlap': {
        const [key, value] = Object.entries(selectorOf(a))[0];
        workloads[i] = { ...a, selector: { ...selectorOf(a), role: `r${i}` } };
        workloads[j] = { ...b, selector: { [key]: value, role: `r${j}` } };
        break;
      }
      case 'serviceName':
        workloads[j] = { ...b, serviceName: serviceOf(a), ...(def.istio !== false ? { sidecar } : {}) };
        break;
    }
  }
  return { ...def, workloads };
}

export const arbSharingCase: fc.Arbitrary<MeshCase> = arbDefinition
  .filter((def) => (def.workloads ?? []).length >= 2)
  .chain((def) => {
    const last = (def.workloads ?? []).length - 1;
    const draw: fc.Arbitrary<Draw> = fc.record({
      shape: fc.constantFrom<SharingShape>('serviceAccount', 'serviceAccountAdmitted', 'serviceAccountAdmitted', 'selectorSubset', 'selectorOverlap', 'serviceName'),
      i: fc.nat(last),
      j: fc.nat(last),
      k: fc.nat(last),
      sidecar: fc.boolean(),
    });
    return fc.array(draw, { minLength: 1, maxLength: 2 }).map((draws) => new MeshCase(apply(def, draws)));
  });
