/** Every example app, one chart (and one `dist/<chart>.k8s.yaml`) each: what `npm run synth` runs. */
import { YamlOutputType } from 'cdk8s';
import { PlatformChart } from './platform';
import { runApp } from '../lib';

runApp((app) => {
  new PlatformChart(app);
}, { yamlOutputType: YamlOutputType.FILE_PER_CHART });
