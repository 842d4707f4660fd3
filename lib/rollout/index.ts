/**
 * Staged enforcement: the ordered steps from `enforcement: audit` to enforce, namespace by namespace, each a
 * definition that synthesizes, with what to check before applying it (`secure-mesh rollout plan`).
 */
export { rolloutPlan, stepFileName, type RolloutPlanOptions } from './plan';
export { renderRolloutPlan } from './render';
export type { RolloutStep, RolloutChanges } from './step';
