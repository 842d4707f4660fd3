/**
 * Every example app, one chart (and one `dist/<chart>.k8s.yaml`) each: what `npm run synth` runs.
 * Add a chart by adding a line to `buildCharts`.
 */
import { YamlOutputType, type App } from 'cdk8s';
import { PlatformChart } from './platform';
import { runApp } from '../lib';

export function buildCharts(app: App): void {
  new PlatformChart(app);
}

if (require.main === module) {
  runApp(buildCharts, { yamlOutputType: YamlOutputType.FILE_PER_CHART });
}
