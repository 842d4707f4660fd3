import type { K8sObject } from '../k8s-object';
import type { AnalyzeOptions, ConnectivityReport } from './types';

export function analyzeConnectivity(objects: readonly K8sObject[], options: AnalyzeOptions = {}): ConnectivityReport {
  void objects;
  void options;
  return { workloads: [], access: [], notes: [] };
}
