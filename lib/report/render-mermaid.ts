/**
 * Mermaid `flowchart LR` (renders natively in GitHub pull requests): a subgraph per namespace, an edge
 * per access labelled with its ports and paths; plaintext edges are dotted.
 */
import { layout } from './graph-layout';

/** Mermaid strings in double quotes: `"` must be written as an entity. */
function quote(text: string): string {
  return `"${text.replace(/"/g, '#quot;')}"`;
}

export function renderMermaid(report: Parameters<typeof layout>[0]): string {
  const d = layout(report);
  const lines = ['flowchart LR'];
  d.groups.forEach((g, i) => {
    lines.push(`  subgraph ns${i}[${quote(g.namespace)}]`);
    for (const n of g.nodes) lines.push(`    ${n.key}[${quote(n.label)}]`);
    lines.push('  end');
  });
  for (const n of d.outside) lines.push(`  ${n.key}([${quote(n.label)}])`);
  for (const e of d.edges) lines.push(`  ${e.from} ${e.mutual ? '-->' : '-.->'}|${quote(e.label)}| ${e.to}`);
  return `${lines.join('\n')}\n`;
}
