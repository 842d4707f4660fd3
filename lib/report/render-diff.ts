import type { ConnectivityDiff, DiffFormat } from './types';

export function renderDiff(diff: ConnectivityDiff, format: DiffFormat): string {
  void format;
  return `${JSON.stringify(diff, null, 2)}\n`;
}
