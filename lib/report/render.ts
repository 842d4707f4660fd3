/** One entry point for every format of the connectivity report. */
import { renderDot } from './render-dot';
import { GITHUB_COMMENT_LIMIT } from './render-budget';
import { renderJson } from './render-json';
import { renderMarkdown } from './render-markdown';
import { renderMermaid } from './render-mermaid';
import { renderSummaryMarkdown } from './render-summary';
import { renderSvg } from './render-svg';
import type { ConnectivityReport, MarkdownOptions, ReportFormat } from './types';

/**
 * `auto` shows the caller × destination matrix up to this many callers and destinations: 30 columns is about what a
 * pull-request comment shows side by side before the table scrolls sideways, and 30 × 30 = 900 cells is already
 * more than a reviewer checks one by one. Past it (or when the full report would not fit a comment), the summary.
 */
export const READABLE_MATRIX = 30;

/** Whether `auto` shows everything: few enough callers and destinations to read the matrix. */
function readable(report: ConnectivityReport): boolean {
  const callers = new Set<string>();
  const destinations = new Set<string>();
  for (const a of report.access) {
    callers.add(a.from);
    destinations.add(a.to);
    if (callers.size > READABLE_MATRIX || destinations.size > READABLE_MATRIX) return false;
  }
  return true;
}

/** Markdown at the asked detail (see `ReportDetail`). */
export function renderMarkdownReport(report: ConnectivityReport, options: MarkdownOptions = {}): string {
  const detail = options.detail ?? 'auto';
  const maxChars = options.maxChars ?? GITHUB_COMMENT_LIMIT;
  if (detail !== 'auto' && detail !== 'summary' && detail !== 'full') throw new Error(`unknown report detail "${String(detail)}": use auto, summary or full`);
  if (detail === 'full') return renderMarkdown(report);
  if (detail === 'auto' && readable(report)) {
    const full = renderMarkdown(report);
    if (full.length <= maxChars) return full;
  }
  return renderSummaryMarkdown(report, { maxChars, command: options.command ?? 'secure-mesh graph <input>' });
}

/** The report in `format`; `options` apply to Markdown and Mermaid (every other format always shows everything). */
export async function renderConnectivity(report: ConnectivityReport, format: ReportFormat, options: MarkdownOptions = {}): Promise<string> {
  switch (format) {
    case 'markdown': return renderMarkdownReport(report, options);
    case 'mermaid': return renderMermaid(report, { detail: options.detail, command: options.command });
    case 'json': return renderJson(report);
    case 'dot': return renderDot(report);
    case 'svg': return renderSvg(report);
  }
  throw new Error(`unknown connectivity report format "${String(format)}": use markdown, mermaid, json, dot or svg`);
}
