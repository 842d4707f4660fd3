/**
 * The names a generated declarations file (`*.generated.d.ts`, written by scripts/generated-module.ts's users) declares
 * as exported constants, sorted: compared with what the generated JavaScript module really exports. The generators
 * write each declaration on a line of its own starting `export declare const <name>:`.
 */
export function declaredConstants(dts: string): string[] {
  return [...dts.matchAll(/^export declare const (\w+):/gm)].map((m) => m[1]).sort();
}
