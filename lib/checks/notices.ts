/**
 * Warnings and suppressed findings printed at synthesis time, each once per process. cdk8s validates a chart in
 * several passes (and an app may synthesize more than once, e.g. `runApp` and a plugin), so the same finding came up
 * to six times in one `npm run synth`; a reviewer reading CI logs needs each once. Silenced by `SECURE_MESH_QUIET`.
 */
const printed = new Set<string>();

/** Writes `line` to stderr unless this process has already printed it or `SECURE_MESH_QUIET` is set. */
export function printNoticeOnce(line: string): void {
  if (process.env.SECURE_MESH_QUIET || printed.has(line)) return;
  printed.add(line);
  process.stderr.write(`${line}\n`);
}
