/**
 * Connectivity review: a reviewable picture of who may call whom, computed from the emitted objects
 * (never from the definition), rendered as a matrix, diagrams or JSON, and diffed between two versions.
 */
export type { WorkloadNode, AccessReason, Access, ConnectivityReport, ConnectivityDiff, AnalyzeOptions, ReportFormat, DiffFormat, ReportDetail, MarkdownOptions } from './types';
export { analyzeConnectivity } from './analyze';
export { renderConnectivity } from './render';
export { diffConnectivity, accessWidens } from './diff';
export { renderDiff } from './render-diff';
