/** SVG: the DOT picture laid out by Graphviz (compiled to WebAssembly in @viz-js/viz; no system binary). */
import { instance, type Viz } from '@viz-js/viz';
import { renderDot } from './render-dot';
import type { ConnectivityReport } from './types';

let viz: Promise<Viz> | undefined;

export async function renderSvg(report: ConnectivityReport): Promise<string> {
  viz ??= instance();
  const svg = (await viz).renderString(renderDot(report), { format: 'svg' });
  // Graphviz writes an XML prolog and DOCTYPE first; the picture itself starts at <svg.
  return svg.slice(svg.indexOf('<svg'));
}
