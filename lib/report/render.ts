/** One entry point for every format of the connectivity report. */
import { renderDot } from './render-dot';
import { renderJson } from './render-json';
import { renderMarkdown } from './render-markdown';
import { renderMermaid } from './render-mermaid';
import { renderSvg } from './render-svg';
import type { ConnectivityReport, ReportFormat } from './types';

export async function renderConnectivity(report: ConnectivityReport, format: ReportFormat): Promise<string> {
  switch (format) {
    case 'markdown': return renderMarkdown(report);
    case 'mermaid': return renderMermaid(report);
    case 'json': return renderJson(report);
    case 'dot': return renderDot(report);
    case 'svg': return renderSvg(report);
  }
  throw new Error(`unknown connectivity report format "${String(format)}": use markdown, mermaid, json, dot or svg`);
}
