import * as fs from 'fs';
import * as path from 'path';
import { packageRoot } from '../cli/package-info';

/** Where docs/rules.md sits inside the installed package (shipped through package.json `files`). */
export const RULES_DOC_PATH = 'docs/rules.md';

/** Anchor of a rule's section in docs/rules.md (GitHub lowercases heading ids). */
export function ruleAnchor(id: string): string {
  return id.toLowerCase();
}

/**
 * The web address of docs/rules.md, from package.json `repository` (or `homepage`) when the package declares one;
 * undefined otherwise. We never invent one: a made-up address in SARIF `helpUri` sends reviewers to a 404. Forks and
 * mirrors that set `repository` get links to their own copy.
 */
export function rulesDocUrl(root: string = packageRoot()): string | undefined {
  const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { repository?: string | { url?: string }; homepage?: string };
  const repository = typeof manifest.repository === 'string' ? manifest.repository : manifest.repository?.url;
  const web = repository ? repositoryWebUrl(repository) : undefined;
  if (web) return `${web}/blob/HEAD/${RULES_DOC_PATH}`;
  return manifest.homepage && /^https:\/\//.test(manifest.homepage) ? `${manifest.homepage.replace(/\/+$/, '')}/${RULES_DOC_PATH}` : undefined;
}

/** `git+https://host/org/repo.git`, `https://host/org/repo`, `github:org/repo` -> `https://host/org/repo`. */
function repositoryWebUrl(repository: string): string | undefined {
  const shorthand = /^(?:github:)?([\w.-]+\/[\w.-]+)$/.exec(repository);
  if (shorthand) return `https://github.com/${shorthand[1].replace(/\.git$/, '')}`;
  const url = /^(?:git\+)?https:\/\/([^/]+\/.+?)(?:\.git)?\/?$/.exec(repository);
  return url ? `https://${url[1]}` : undefined;
}

/** Where a reader finds a rule's documentation: the web page when known, else the file in the installed package. */
export function ruleDocReference(id: string, url: string | undefined = rulesDocUrl()): string {
  return `${url ?? `node_modules/secure-mesh/${RULES_DOC_PATH}`}#${ruleAnchor(id)}`;
}
