/**
 * The chart name `synth` derives from the mesh file's name when the file has no `metadata.name`
 * (`shop.yaml` -> `shop`, written as `<dir>/shop.k8s.yaml`). `metadata.name` is checked as a DNS-1123
 * label with the rest of the file (mesh-file-loader.ts); a file name can hold anything the file system
 * allows (a newline, a leading dot that hides the output, a backslash, `CON` that Windows cannot create),
 * so it is checked here, before anything is written, with a message that says how to name the output.
 */
import * as path from 'path';
import { CliError, EXIT } from './exit-codes';

/** What `synth` appends to the chart name (cdk8s' file-per-chart output). */
export const MANIFEST_SUFFIX = '.k8s.yaml';

/** NAME_MAX of Linux, macOS and Windows file systems (ext4, APFS, NTFS: 255), minus the suffix. */
const MAX_NAME_LENGTH = 255 - MANIFEST_SUFFIX.length;

/**
 * Device names Windows reserves in every directory, with any extension ("Naming Files, Paths, and
 * Namespaces", learn.microsoft.com): a repository holding `nul.k8s.yaml` cannot be checked out there.
 */
const WINDOWS_RESERVED = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])$/i;

/** Letters, digits, `.`, `_` and `-`, starting with a letter or digit: portable file names (POSIX portable filename character set). */
const PORTABLE = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/** Throws `CliError` (exit 2) when `name`, derived from `file`'s name, cannot name the output file everywhere. */
export function checkDerivedOutputName(name: string, file: string): void {
  let problem: string | undefined;
  if (!PORTABLE.test(name)) problem = 'it must start with a letter or digit and hold only letters, digits, ".", "_" and "-"';
  else if (name.length > MAX_NAME_LENGTH) problem = `it is longer than ${MAX_NAME_LENGTH} characters`;
  else if (WINDOWS_RESERVED.test(name.split('.')[0])) problem = 'it is a device name Windows reserves';
  if (problem === undefined) return;
  const shown = name.length > 60 ? `${JSON.stringify(name.slice(0, 60))}… (${name.length} characters)` : JSON.stringify(name);
  // The file as given, unless it holds what would break the one-line message (a newline, a control character).
  const fileShown = /^[\x20-\x7e]*$/.test(file) ? file : JSON.stringify(file);
  throw new CliError(
    `${fileShown}: the output file is named after the mesh file, and ${shown} cannot name a file: ${problem}. ` +
    `Set metadata.name in the mesh file (a DNS-1123 label such as "${suggestion(path.basename(file))}"), or rename the file.`,
    EXIT.USAGE,
  );
}

/** A DNS-1123 label close to the file name, for the message. */
function suggestion(fileName: string): string {
  const label = fileName.toLowerCase().replace(/\.(ya?ml|json)$/, '').replace(/[^a-z0-9-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 63).replace(/-+$/, '');
  return label || 'mesh';
}
