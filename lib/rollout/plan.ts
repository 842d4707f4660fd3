import { objectRef, type K8sObject } from '../k8s-object';
import { synthesizeMesh } from '../mesh/synthesize';
import type { NamespaceProps, SecureMeshProps } from '../model/definition';
import { SecureMeshError } from '../model/errors';
import { snapshotDefinition } from '../model/snapshot';
import type { RolloutChanges, RolloutStep } from './step';
import { watchBeforeEnforcing, watchBeforeMeshWide } from './watch';

export interface RolloutPlanOptions {
  /**
   * The order in which managed namespaces are enforced (names of `namespaces`); the ones not listed follow in
   * definition order.
   * @default - namespaces the definition already enforces first, then definition order
   */
  readonly order?: readonly string[];
}

/** The file a step's mesh file is written to (`rollout plan -o`): numbered, so the steps list in order. */
export function stepFileName(step: Pick<RolloutStep, 'number' | 'enforces'>, meshWide: boolean): string {
  const n = String(step.number).padStart(2, '0');
  if (step.enforces.length === 0 && !meshWide) return `step-${n}-audit.yaml`;
  return `step-${n}-enforce-${meshWide ? 'mesh' : step.enforces.join('-')}.yaml`;
}

/**
 * The steps from audit to enforce (`enforcement`), each a definition: first every namespace in audit (nothing
 * emitted refuses a connection; the dry runs and metrics collect what enforcing would refuse), then one managed
 * namespace at a time switched to enforce, then the definition as given without any `enforcement` (the mesh-wide
 * default enforced too; folded into the last namespace step when it changes no object). Each step is synthesized
 * here, so a plan only lists definitions that synthesize. A bad definition raises one `SecureMeshError`.
 */
export function rolloutPlan(definition: unknown, options: RolloutPlanOptions = {}): RolloutStep[] {
  const given = snapshotDefinition(definition) as SecureMeshProps;
  const current = synthesizeMesh(given);
  const declared = (given.namespaces ?? []).filter((n) => n.managed !== false).map((n) => n.name);
  for (const [i, name] of (options.order ?? []).entries()) {
    if (!declared.includes(name)) throw new SecureMeshError([{ path: `order[${i}]`, message: `"${name}" is not a managed namespace of the definition (managed: ${declared.join(', ') || 'none'})` }], 'Invalid rollout order');
  }
  const alreadyEnforced = current.mesh.namespaces.filter((n) => n.managed && n.enforcement === 'enforce' && declared.includes(n.name)).map((n) => n.name);
  const order = [...new Set([...(options.order ?? []), ...(options.order ? [] : alreadyEnforced), ...declared])];
  const enforced = withoutEnforcement(given);
  const rootNamespace = current.mesh.istio?.rootNamespace;
  // Namespaces the integrations add follow the mesh-wide mode: the last step enforces them.
  const followingMesh = current.mesh.namespaces.filter((n) => n.managed && !declared.includes(n.name)).map((n) => n.name);

  const drafts: Array<Omit<RolloutStep, 'number' | 'objects' | 'changes' | 'file'> & { meshWide: boolean }> = [];
  drafts.push({
    title: 'Audit everything',
    description: 'Every managed namespace in audit: AuthorizationPolicies are Istio dry runs (evaluated, logged and counted, not enforced), '
      + 'STRICT mTLS is PERMISSIVE, and no NetworkPolicies or Sidecar egress scopes are applied, so nothing emitted refuses a connection. '
      + 'Apply it, then let real traffic run long enough to see every caller (a week covers weekly jobs) before the next step.',
    enforces: [],
    watch: ['Nothing to check before applying: this step refuses nothing. Istio must be 1.10 or later for the dry-run annotation (istio.io/dry-run).'],
    definition: { enforcement: 'audit', ...enforced },
    meshWide: false,
  });
  const done: string[] = [];
  for (const name of order) {
    done.push(name);
    drafts.push({
      title: `Enforce namespace "${name}"`,
      description: `Namespace "${name}" enforces: its AuthorizationPolicies lose the dry-run annotation, STRICT mTLS is STRICT again, and its `
        + 'NetworkPolicies and Sidecar egress scope are applied; enforced namespaces\' egress (NetworkPolicy, Sidecar scope) towards it narrows to the declared calls.',
      enforces: [name],
      watch: watchBeforeEnforcing(name, '<this step\'s mesh file>'),
      definition: { enforcement: 'audit', ...enforced, namespaces: withEnforced(enforced.namespaces ?? [], done) },
      meshWide: false,
    });
  }
  drafts.push({
    title: 'Enforce the mesh-wide defaults',
    description: `The definition as given, enforced everywhere${rootNamespace ? `: the PeerAuthentication in "${rootNamespace}" returns to the mesh's mode, for every namespace without its own` : ''}`
      + `${followingMesh.length > 0 ? `; namespaces added by integrations (${followingMesh.map((n) => `"${n}"`).join(', ')}) enforce now` : ''}.`,
    enforces: followingMesh,
    watch: [...(rootNamespace ? watchBeforeMeshWide(rootNamespace) : []), ...followingMesh.flatMap((n) => watchBeforeEnforcing(n, '<this step\'s mesh file>'))],
    definition: enforced,
    meshWide: true,
  });

  const steps: RolloutStep[] = [];
  let previous = current.objects;
  for (const draft of drafts) {
    const objects = synthesizeMesh(draft.definition).objects;
    const changes = diffObjects(previous, objects);
    const last = steps[steps.length - 1];
    if (draft.meshWide && last && changes.added.length + changes.removed.length + changes.changed.length === 0) {
      // Nothing left for a step of its own: the last namespace step takes the final definition.
      steps[steps.length - 1] = { ...last, title: `${last.title} and the mesh-wide defaults`, definition: draft.definition, file: stepFileName(last, true) };
      break;
    }
    const { meshWide, ...rest } = draft;
    const number = steps.length + 1;
    const step = { ...rest, number, objects: objects.length, changes, file: stepFileName({ number, enforces: draft.enforces }, meshWide) };
    steps.push({ ...step, watch: step.watch.map((w) => w.replace('<this step\'s mesh file>', step.file)) });
    previous = objects;
  }
  return steps;
}

/** The definition without any `enforcement`, at the mesh or namespace level: what enforce means. */
function withoutEnforcement(def: SecureMeshProps): SecureMeshProps {
  const { enforcement: _mesh, ...rest } = def;
  if (!def.namespaces) return rest;
  return { ...rest, namespaces: def.namespaces.map(({ enforcement: _ns, ...ns }) => ns) };
}

function withEnforced(namespaces: readonly NamespaceProps[], names: readonly string[]): NamespaceProps[] {
  return namespaces.map((n) => (names.includes(n.name) ? { ...n, enforcement: 'enforce' } : n));
}

function diffObjects(before: readonly K8sObject[], after: readonly K8sObject[]): RolloutChanges {
  const index = (objects: readonly K8sObject[]) => new Map(objects.map((o) => [objectRef(o), JSON.stringify(o)]));
  const a = index(before);
  const b = index(after);
  return {
    added: [...b.keys()].filter((k) => !a.has(k)),
    removed: [...a.keys()].filter((k) => !b.has(k)),
    changed: [...b.keys()].filter((k) => a.has(k) && a.get(k) !== b.get(k)),
  };
}
