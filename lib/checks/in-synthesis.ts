import { ApiObject, Chart } from 'cdk8s';
import type { IConstruct } from 'constructs';
import type { K8sObject } from '../k8s-object';
import type { Finding } from './finding';
import { formatPackError, rulePackErrorFindings } from './pack-errors';
import type { PackOptions } from './rule';

/** Charts already checked: several meshes in one chart validate it once. */
const checkedCharts = new WeakSet<IConstruct>();

/**
 * Run the rule pack at synth time over every ApiObject of the chart the construct is in (user-added objects included).
 * A chart is one manifest file (`dist/<chart>.k8s.yaml`, one cluster's worth of objects); charts of one app can be
 * independent scenarios (several meshes, each with its own istio-system/default), so each chart is checked on its own.
 * Errors fail `app.synth()` / `Testing.synth()` with the rule ID and objects; warnings go to stderr unless
 * `SECURE_MESH_QUIET` is set; suppressed findings are listed on stderr too, so the reason stays visible.
 * `format` words each error (the `SecureMesh` construct names the definition field its objects come from).
 */
export function addRulePackValidation(scope: IConstruct, options: PackOptions = {}, format: (f: Finding) => string = formatPackError): void {
  const chart = Chart.of(scope);
  if (checkedCharts.has(chart)) return;
  checkedCharts.add(chart);
  scope.node.addValidation({
    validate: () => rulePackErrorFindings(chart.node.findAll().filter((c): c is ApiObject => c instanceof ApiObject).map((o) => o.toJson() as K8sObject), options).map(format),
  });
}
