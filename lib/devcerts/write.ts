import * as fs from 'node:fs';
import * as path from 'node:path';
import { SecureMeshError } from '../model/errors';
import type { LocalMeshCertificates } from './mesh-chain';
import {
  CA_BUNDLE_FILE, CA_CERT_KEY, CA_DIR, CERT_FILE_MODE, INTERMEDIATE_CERT_FILE, KEY_FILE_MODE, ROOT_CERT_FILE, TLS_CERT_KEY, TLS_KEY_KEY,
} from './wellknown';

export interface IssuedFile {
  /** Path relative to the output directory, with `/` separators. */
  readonly path: string;
  readonly kind: 'ca-cert' | 'cert' | 'key' | 'bundle';
  /** `namespace/name` of the workload the file belongs to. */
  readonly workload?: string;
}

interface FileToWrite extends IssuedFile {
  readonly content: string;
}

/**
 * The files of a locally issued mesh, in a fixed order: `ca/root.crt`, `ca/intermediate.crt`,
 * `ca/ca-bundle.crt`, then per workload `<namespace>/<workload>/{tls.crt, tls.key, ca.crt}` as
 * cert-manager fills the workload's Secret.
 */
export function layoutFiles(certs: LocalMeshCertificates): FileToWrite[] {
  const files: FileToWrite[] = [{ path: `${CA_DIR}/${ROOT_CERT_FILE}`, kind: 'ca-cert', content: certs.root.caCrt }];
  if (certs.intermediate) files.push({ path: `${CA_DIR}/${INTERMEDIATE_CERT_FILE}`, kind: 'ca-cert', content: certs.intermediate.certificate.toString('pem') + '\n' });
  files.push({ path: `${CA_DIR}/${CA_BUNDLE_FILE}`, kind: 'bundle', content: certs.root.caCrt });
  for (const leaf of certs.leaves) {
    const dir = `${leaf.namespace}/${leaf.name}`;
    files.push(
      { path: `${dir}/${TLS_CERT_KEY}`, kind: 'cert', workload: leaf.workload, content: leaf.certificate.tlsCrt },
      { path: `${dir}/${TLS_KEY_KEY}`, kind: 'key', workload: leaf.workload, content: leaf.certificate.tlsKey },
      { path: `${dir}/${CA_CERT_KEY}`, kind: 'ca-cert', workload: leaf.workload, content: leaf.certificate.caCrt },
    );
  }
  return files;
}

/** Refuse an output directory that cannot hold the files, before anything is issued or written. */
export function checkOutDir(outDir: string): void {
  let stat: fs.Stats | undefined;
  try {
    stat = fs.statSync(outDir);
  } catch {
    return; // created on write
  }
  if (!stat.isDirectory()) {
    throw new SecureMeshError([{ path: 'outDir', message: `"${outDir}" exists and is not a directory; choose a directory for the certificates` }], 'Cannot write certificates');
  }
}

/** Write the files; keys (and the folders holding them) are readable by their owner only, also when they existed before. */
export function writeFiles(outDir: string, files: readonly FileToWrite[]): void {
  for (const file of files) {
    const target = path.join(outDir, ...file.path.split('/'));
    fs.mkdirSync(path.dirname(target), { recursive: true });
    const mode = file.kind === 'key' ? KEY_FILE_MODE : CERT_FILE_MODE;
    fs.writeFileSync(target, file.content, { mode });
    fs.chmodSync(target, mode); // writeFileSync's mode applies only to a new file
  }
}

