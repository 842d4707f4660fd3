/** Graphviz DOT: a cluster per namespace, an edge per access; plaintext edges are dashed. */
import { layout } from './graph-layout';
import type { ConnectivityReport } from './types';

function quote(text: string): string {
  return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

export function renderDot(report: ConnectivityReport): string {
  const d = layout(report);
  const lines = ['digraph connectivity {', '  rankdir=LR;', '  node [shape=box, fontname="Helvetica"];', '  edge [fontname="Helvetica", fontsize=10];'];
  d.groups.forEach((g, i) => {
    lines.push(`  subgraph cluster_${i} {`, `    label=${quote(g.namespace)};`);
    for (const n of g.nodes) lines.push(`    ${n.key} [label=${quote(n.label)}];`);
    lines.push('  }');
  });
  for (const n of d.outside) lines.push(`  ${n.key} [label=${quote(n.label)}, shape=ellipse];`);
  for (const e of d.edges) lines.push(`  ${e.from} -> ${e.to} [label=${quote(e.label)}${e.mutual ? '' : ', style=dashed'}];`);
  lines.push('}');
  return `${lines.join('\n')}\n`;
}
