import { synthesizeMesh } from '../mesh/synthesize';
import type { CaRotationPhase, CaRotationProps, RootOfTrustSpec } from '../model/definition';
import { SecureMeshError } from '../model/errors';
import type { RotationStep } from './step';
import { sectionAt, withSection } from './definition-edit';
import { meshCaRotationNotes, meshCaTrustConsumers } from './trust-consumers';

export interface CaRotationOptions {
  /**
   * The root of trust to rotate to.
   * @default - a self-signed root like the current one, its common name followed by the suffix
   */
  readonly newRoot?: RootOfTrustSpec;
  /**
   * Suffix of the new chain's object names.
   * @default "b"
   */
  readonly suffix?: string;
}

const PHASES: readonly CaRotationPhase[] = ['trust-both', 'issue-from-new', 'drop-old'];
const DEFAULT_SUFFIX = 'b';

/**
 * A root CA rotation with overlapping trust, as three definitions applied in order (each one is the
 * definition with `pki.rotation` at the next phase) and the objects each synthesizes:
 * 1. trust both roots, 2. re-issue leaves from the new chain, 3. drop the old root.
 * Every step keeps old and new pods able to talk while they roll (rehearsed in test/rotation).
 */
export function caRotationPlan(definition: unknown, options: CaRotationOptions = {}): RotationStep[] {
  const current = synthesizeMesh(definition); // validates the definition as it is
  if (current.mesh.pki.rotation) {
    throw new SecureMeshError([{ path: 'pki.rotation', message: `a rotation is already in progress (phase "${current.mesh.pki.rotation.phase}"); finish it and remove pki.rotation before planning the next` }], 'Cannot plan a CA rotation');
  }
  const suffix = options.suffix ?? DEFAULT_SUFFIX;
  const newRoot = options.newRoot ?? defaultNewRoot(definition, current.mesh.pki.root, current.mesh.name, suffix);
  const pki = current.mesh.pki;
  const chainNames = (s: string) => [pki.root.type === 'selfSigned' ? `${current.mesh.name}-root-ca${s}` : undefined, pki.intermediate ? `${current.mesh.name}-intermediate-ca${s}` : undefined]
    .filter((n): n is string => n !== undefined).join(', ');
  const consumers = meshCaTrustConsumers(definition, current);
  if (!pki.trustBundle && consumers.length > 0) {
    // Without the bundle nothing we wire can trust two roots: the plan could not keep its promise.
    throw new SecureMeshError([{
      path: 'pki.trustBundle',
      message: `is off, so ${consumers.map((c) => `${c.path} (${c.name})`).join(', ')} trust only the one CA in their own Secret and fail from step 2 on. `
        + 'Turn the trust bundle on (pki.trustBundle: true), apply it and let the workloads roll so they trust the bundle, then plan the rotation',
    }], 'Cannot plan an outage-free CA rotation');
  }
  const singleRoot = consumers.filter((c) => !c.holdsTwoRoots);
  const warnings = singleRoot.map((c) => `${c.path}: ${c.name}. Trusted: ${c.trusts}, never the old and the new root at once; `
    + `handshakes between its pods of the old and of the new chain fail from this step until all of them run certificates of the new chain. Fix: ${c.fix ?? 'turn the trust bundle on for it'}`);
  const notes = meshCaRotationNotes(current).map((n) => ` ${n}`).join('');
  const bundle = pki.trustBundle ? `the trust bundle "${pki.trustBundle.name}"` : 'your trust distribution (pki.trustBundle is off: distribute both roots yourself)';

  const descriptions: Record<CaRotationPhase, { title: string; description: string }> = {
    'trust-both': {
      title: 'Trust both roots',
      description: `cert-manager issues the new chain (${chainNames(`-${suffix}`) || 'issuers only'}) next to the old one, and ${bundle} carries the old and the new root. `
        + 'Leaves still come from the old chain. Wait until every namespace\'s bundle ConfigMap holds both roots and every workload has reloaded its trust before the next step '
        + '(Deployments bound with AppTls.bind or ModelMeshTls.bind carry a Stakater Reloader annotation on the bundle, so they roll by themselves; applications with reload "hot" re-read the mounted file).',
    },
    'issue-from-new': {
      title: 'Issue leaves from the new chain',
      description: `Every workload Certificate now names the issuer "${current.mesh.name}-${pki.intermediate ? 'intermediate' : 'root'}-${suffix}"; cert-manager re-issues them because the issuer changed. `
        + `Consumers that trust ${bundle} keep both roots, so pods with old and new leaves keep talking while they roll`
        + `${singleRoot.length > 0 ? ` (except the ${singleRoot.length} listed in the warnings, which trust a single CA)` : ''}. Wait until every Certificate is Ready from the new issuer and every workload has rolled.${notes}`,
    },
    'drop-old': {
      title: 'Drop the old root',
      description: `${bundle[0].toUpperCase()}${bundle.slice(1)} carries only the new root; the old chain (${chainNames('') || 'its issuers'}) is no longer emitted. `
        + 'kubectl apply does not prune: delete the old chain\'s ClusterIssuers and Certificates (and their Secrets) yourself. Keep pki.rotation at phase "drop-old": it is the steady state until the next rotation.',
    },
  };

  return PHASES.map((phase, i) => {
    const rotation: CaRotationProps = { newRoot, phase, ...(options.suffix ? { suffix } : {}) };
    const objects = [...synthesizeMesh(withSection(definition, ['pki', 'rotation'], rotation)).objects];
    const { title, description } = descriptions[phase];
    return {
      number: i + 1, title, description: `${description} Definition: pki.rotation.phase = "${phase}".`, manifests: objects,
      ...(phase === 'issue-from-new' && warnings.length > 0 ? { warnings } : {}),
    };
  });
}

function defaultNewRoot(definition: unknown, root: { type: string }, meshName: string, suffix: string): RootOfTrustSpec {
  if (root.type !== 'selfSigned') {
    throw new SecureMeshError([{ path: 'newRoot', message: `the current root is a ${root.type} root; say which root to rotate to (option newRoot, e.g. RootOfTrust.fromSecret("new-ca"))` }], 'Cannot plan a CA rotation');
  }
  const spec = sectionAt(definition, ['pki', 'root']) as RootOfTrustSpec | undefined;
  const commonName = spec?.type === 'selfSigned' ? spec.commonName : `${meshName} root CA`;
  return { ...(spec?.type === 'selfSigned' ? spec : { type: 'selfSigned' as const }), commonName: `${commonName} ${suffix}` };
}

