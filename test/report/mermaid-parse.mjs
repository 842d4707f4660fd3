/**
 * Parses Mermaid diagrams with mermaid's own parser (the package GitHub renders with), with its default limits
 * (maxEdges 500, maxTextSize 50000). mermaid ships only as an ES module, so jest tests run this in a child process:
 *   node test/report/mermaid-parse.mjs <file>...   ->  one JSON line per file: {"file", "ok", "type"?, "error"?}
 * mermaid sanitizes labels with DOMPurify, which needs a DOM: jsdom's window is installed before mermaid loads.
 */
import { readFileSync } from 'node:fs';
import { JSDOM } from 'jsdom';

const { window } = new JSDOM('');
globalThis.window = window;
globalThis.document = window.document;
const { default: mermaid } = await import('mermaid');
mermaid.initialize({ startOnLoad: false });

for (const file of process.argv.slice(2)) {
  const text = readFileSync(file, 'utf8');
  try {
    // render() refuses text over maxTextSize; parse() does not check it, so check it as rendering would.
    if (text.length > 50000) throw new Error(`Maximum text size in diagram exceeded (${text.length} > 50000)`);
    const parsed = await mermaid.parse(text);
    console.log(JSON.stringify({ file, ok: true, type: parsed.diagramType }));
  } catch (e) {
    console.log(JSON.stringify({ file, ok: false, error: String(e?.message ?? e).split('\n')[0] }));
  }
}
