import * as fs from 'fs';
import * as path from 'path';
import type { Command } from 'commander';
import type { CliIo } from '../io';
import { MESH_FILE_SCHEMA, packageRoot } from '../package-info';

export function registerSchema(program: Command, io: CliIo): void {
  program
    .command('schema')
    .description('print the JSON Schema of mesh files (for editors and CI checks)')
    .addHelpText('after', `
The schema is also shipped in the package, so editors can use it without this command:
  # yaml-language-server: $schema=../node_modules/secure-mesh/${MESH_FILE_SCHEMA}
  (as the first line of a mesh file; the path is relative to the mesh file)

Examples:
  $ secure-mesh schema > secure-mesh.schema.json
  $ secure-mesh schema | jq '.definitions.WorkloadProps'
`)
    .action(() => io.out(fs.readFileSync(path.join(packageRoot(), MESH_FILE_SCHEMA), 'utf8')));
}
