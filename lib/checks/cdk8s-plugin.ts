/**
 * The rule pack as a cdk8s CLI validation plugin, so `cdk8s synth` users get the same rules on any app:
 *
 *     # cdk8s.yaml
 *     validations:
 *       - package: ./node_modules/secure-mesh   # a local path: loads the installed package
 *         version: 0.1.0
 *         class: SecureMeshValidation
 *         properties: { rootNamespace: istio-system, failOn: error }
 *
 * A bare `package: secure-mesh` would make the cdk8s CLI `npm install secure-mesh@<version>` from the registry, where
 * the package is not published (docs/rules.md).
 *
 * Contract (cdk8s-cli `src/plugins/validation.ts`): `validate(context)` reads `context.manifests` (paths of the
 * synthesized YAML), reports through `context.report.addViolation(...)` and must end with `context.report.submit(...)`.
 * Types are declared structurally here so the library does not depend on cdk8s-cli at run time.
 */
import { ManifestInputError, loadManifests } from './manifests';
import { checkLoaded } from './validate-command';
import { allRuleMeta } from './pack';
import { severityRank, type Severity } from './rule';
import { ruleDocReference } from './rules-doc';

/** The parts of cdk8s-cli's `ValidationContext` the plugin uses. */
export interface ValidationContextLike {
  readonly manifests: readonly string[];
  readonly report: {
    addViolation(violation: {
      ruleName: string;
      recommendation: string;
      fix: string;
      violatingResources: { resourceName: string; locations: string[]; manifestPath: string }[];
    }): void;
    submit(status: 'success' | 'failure', metadata?: { readonly [key: string]: string }): void;
  };
  readonly logger: { log(message: string): void };
}

/** `properties` of the cdk8s.yaml entry. */
export interface SecureMeshValidationProps {
  /**
   * Istio's `meshConfig.rootNamespace`.
   * @default "istio-system"
   */
  readonly rootNamespace?: string;
  /**
   * Fail the synth on findings of this severity or worse; milder findings are still reported.
   * @default "error"
   */
  readonly failOn?: Severity;
}

export class SecureMeshValidation {
  private readonly props: SecureMeshValidationProps;

  public constructor(props: SecureMeshValidationProps = {}) {
    this.props = props;
  }

  public async validate(context: ValidationContextLike): Promise<void> {
    let loaded;
    try {
      loaded = await loadManifests(context.manifests);
    } catch (e) {
      if (!(e instanceof ManifestInputError)) throw e;
      context.logger.log(`secure-mesh: ${e.message}`);
      context.report.submit('failure', { error: e.message });
      return;
    }
    const findings = checkLoaded(loaded, this.props.rootNamespace).filter((f) => !f.suppressed && f.ruleId !== 'SM-SC-002');
    const meta = new Map(allRuleMeta().map((r) => [r.id, r]));
    const byRule = new Map<string, typeof findings>();
    for (const f of findings) byRule.set(f.ruleId, [...(byRule.get(f.ruleId) ?? []), f]);
    for (const [ruleId, list] of byRule) {
      const rule = meta.get(ruleId);
      context.report.addViolation({
        ruleName: `${ruleId} (${list[0].severity}): ${rule?.title ?? ruleId}`,
        recommendation: list.map((f) => `${f.object}: ${f.message}`).join('\n'),
        fix: ruleDocReference(ruleId),
        violatingResources: list.map((f) => ({ resourceName: f.object, locations: [`line ${f.line ?? 1}`], manifestPath: f.file ?? '' })),
      });
    }
    const threshold = severityRank(this.props.failOn ?? 'error');
    context.report.submit(findings.some((f) => severityRank(f.severity) >= threshold) ? 'failure' : 'success');
  }
}
