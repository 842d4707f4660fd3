/**
 * Every example app, one chart (and one `dist/<chart>.k8s.yaml`) each: what `npm run synth` runs.
 * Add a chart by adding a line to `buildCharts`.
 */
import { YamlOutputType, type App } from 'cdk8s';
import { KServeChart } from './kserve';
import { MayastorChart } from './mayastor';
import { ModelMeshChart } from './modelmesh';
import { PlatformChart } from './platform';
import { SentinelChart } from './sentinel';
import { runApp } from '../lib';

export function buildCharts(app: App): void {
  new PlatformChart(app);
  new KServeChart(app);
  new ModelMeshChart(app);
  new MayastorChart(app);
  new SentinelChart(app);
}

if (require.main === module) {
  runApp(buildCharts, { yamlOutputType: YamlOutputType.FILE_PER_CHART });
}
