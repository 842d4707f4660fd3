/**
 * CRD patterns are Go RE2. Translate what JS lacks: inline flags `(?i)` / `(?s)` (applied to the whole pattern),
 * `\\A`, `\\z`, `(?P<name>`. A pattern JS still can't compile accepts everything (listed in `untranslatablePatterns`)
 * rather than crashing the validator.
 *
 * Its own module because ajv standalone code (kind-validators.generated.js) refers to it by `goRegExp.code`, a
 * `require` of this file, instead of embedding the function.
 */
export const untranslatablePatterns = new Set<string>();

export function goRegExp(pattern: string, unicode: string): { test: (s: string) => boolean } {
  let flags = unicode;
  let src = pattern.replace(/\(\?P</g, '(?<').replace(/\\A/g, '^').replace(/\\z/g, '$');
  src = src.replace(/\(\?([imsU]+)\)/g, (_m, f: string) => {
    for (const c of f) if ((c === 'i' || c === 's' || c === 'm') && !flags.includes(c)) flags += c;
    return '';
  });
  try {
    return new RegExp(src, flags);
  } catch {
    try {
      return new RegExp(src, flags.replace('u', ''));
    } catch {
      untranslatablePatterns.add(pattern);
      return { test: () => true };
    }
  }
}
/** What ajv writes into standalone code for this function (a require relative to the generated file). */
goRegExp.code = 'require("./go-regexp").goRegExp';
