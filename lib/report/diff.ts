import type { ConnectivityDiff, ConnectivityReport } from './types';

export function diffConnectivity(before: ConnectivityReport, after: ConnectivityReport): ConnectivityDiff {
  void before;
  void after;
  return { added: [], removed: [], changed: [] };
}

export function accessWidens(diff: ConnectivityDiff): boolean {
  return diff.added.length > 0;
}
