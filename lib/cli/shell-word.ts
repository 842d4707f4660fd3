/** Arguments written back into a command line a user can paste into a POSIX shell (as in the Markdown reports). */

/** `mesh.yaml` as is; anything with spaces or shell characters in single quotes (`'` written as `'\''`). */
export function shellWord(arg: string): string {
  return /^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}

/** `secure-mesh graph mesh.yaml --trust-domain example.org`: the command and the options that change the result. */
export function commandLine(words: readonly string[], options: Readonly<Record<string, string | undefined>>): string {
  const flags = Object.entries(options).filter((e): e is [string, string] => e[1] !== undefined).flatMap(([flag, value]) => [flag, value]);
  return ['secure-mesh', ...words, ...flags].map(shellWord).join(' ');
}
