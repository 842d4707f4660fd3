/**
 * `secure-mesh import`: manifests (and optionally traffic) in, a mesh file out, with every finding printed and
 * written into the file. The round trip is checked before anything is written: a pair the imported mesh would allow
 * and the manifests did not stops the command (exit 1) with the list, and nothing is written.
 */
import * as fs from 'fs';
import * as path from 'path';
import { loadManifests, ManifestInputError } from '../checks/manifests';
import { CliError, EXIT } from './exit-codes';
import type { CliIo } from './io';
import { MESH_FILE_SCHEMA, packageRoot } from './package-info';
import { importMesh } from '../adopt/import-mesh';
import { readTraffic } from './read-traffic';
import { renderMeshFile } from '../adopt/render-mesh-file';
import { roundTrip } from '../adopt/round-trip';

export interface ImportCommandOptions {
  readonly output: string;
  readonly traffic?: readonly string[];
  readonly name?: string;
  readonly rootNamespace?: string;
  readonly trustDomain?: string;
  readonly clusterDomain?: string;
  readonly force?: boolean;
  /** `--no-verify` sets it false. */
  readonly verify: boolean;
}

export async function runImport(paths: readonly string[], options: ImportCommandOptions, io: CliIo, command: string): Promise<void> {
  const toStdout = options.output === '-';
  const target = toStdout ? undefined : path.resolve(options.output);
  if (target && fs.existsSync(target) && !options.force) {
    throw new CliError(`${options.output}: already exists; choose another -o, or add --force to replace it`, EXIT.USAGE);
  }
  let loaded;
  try {
    loaded = await loadManifests(paths);
  } catch (error) {
    if (error instanceof ManifestInputError) throw new CliError(error.message, EXIT.USAGE);
    throw error;
  }
  const traffic = options.traffic && options.traffic.length > 0 ? readTraffic(options.traffic) : undefined;
  const objects = loaded.map((l) => l.object);
  io.progress(`importing ${objects.length} objects…`);
  const settings = { rootNamespace: options.rootNamespace, trustDomain: options.trustDomain, clusterDomain: options.clusterDomain };
  const result = importMesh(objects, { ...settings, name: options.name, traffic });
  if (result.workloads.length === 0) throw new CliError(`${paths.join(' ')}: no workloads (Deployment, StatefulSet, DaemonSet, Job, CronJob or Pod) to import`, EXIT.USAGE);
  if (options.verify) {
    io.progress('checking the round trip…');
    const check = roundTrip(result.analyzedObjects, result.meshFile.spec, result.workloads, settings, result.report);
    if (check.widened.length > 0) {
      io.done();
      io.err(`secure-mesh: the imported mesh would allow ${check.widened.length} call(s) the manifests do not; nothing written. Please report this:\n${check.widened.slice(0, 50).map((p) => `  ${p}\n`).join('')}`);
      io.exitCode = EXIT.FINDINGS;
      return;
    }
  }
  const schema = target ? path.relative(path.dirname(target), path.join(packageRoot(), MESH_FILE_SCHEMA)).split(path.sep).join('/') : `./node_modules/secure-mesh/${MESH_FILE_SCHEMA}`;
  const text = renderMeshFile(result.meshFile, {
    schema,
    provenance: [
      `Imported by \`${command}\` from ${loaded.length} objects: ${result.workloads.length} workloads.`,
      traffic ? 'Ingress rules are the calls seen in the traffic that the policies allow (each says how often it was seen).' : `Ingress rules express what the existing policies allow${options.verify ? ' (checked: synthesized, it allows no call they did not)' : ''}.`,
    ],
    findings: result.findings,
    comments: result.comments,
  });
  io.done();
  if (target) writeAtomically(target, text);
  else io.out(text);
  const counts = { narrowed: 0, 'not-imported': 0, info: 0 };
  for (const f of result.findings) counts[f.effect]++;
  if (!io.quiet) {
    for (const f of result.findings) io.err(`${f.effect}: ${f.object}: ${f.message}\n`);
    io.err(`${target ? `wrote ${options.output}` : 'imported'}: ${result.workloads.length} workloads, ${result.meshFile.spec.namespaces?.length ?? 0} namespaces; ${counts.narrowed} narrowed, ${counts['not-imported']} not imported, ${counts.info} notes${options.verify ? '; round trip checked: nothing widened' : ''}\n`);
  }
}

/** The file appears whole or not at all: written next to the target, then renamed over it. */
function writeAtomically(target: string, text: string): void {
  const temp = path.join(path.dirname(target), `.${path.basename(target)}.secure-mesh-${process.pid}`);
  try {
    fs.writeFileSync(temp, text);
    fs.renameSync(temp, target);
  } catch (error) {
    fs.rmSync(temp, { force: true });
    throw new CliError(`${target}: cannot write: ${(error as Error).message}`, EXIT.USAGE);
  }
}
