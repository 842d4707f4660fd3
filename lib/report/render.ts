import type { ConnectivityReport, ReportFormat } from './types';

export async function renderConnectivity(report: ConnectivityReport, format: ReportFormat): Promise<string> {
  void format;
  return `${JSON.stringify(report, null, 2)}\n`;
}
