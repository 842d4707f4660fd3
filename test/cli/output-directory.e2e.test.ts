/**
 * The output directory as a user meets it (issue 12, section 7), through the CLI: three real `synth`
 * processes racing into one directory, `synth` and `dev-certs` pointed at each other's directory, a file put
 * among dev-certs' keys, a full disk, and output names derived from odd mesh file names. Every refusal or
 * failure is exit 2 with one line on stderr (no stack trace) and the previous output untouched.
 * The failures injected into `fs` calls and the unit cases are in output-directory.test.ts.
 */
import fs from 'fs';
import * as path from 'path';
import { OUTPUT_MARKER } from '../../lib/cli/safe-output';
import { runCliInProcess, runCliProcess, tempDir, type CliResult } from './run-cli';
import { SHOP } from './meshes';

let dir: string;
beforeAll(() => {
  dir = tempDir('outdir-e2e');
  fs.writeFileSync(path.join(dir, 'shop.yaml'), SHOP);
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
afterEach(() => jest.restoreAllMocks());

const ls = (d: string) => fs.readdirSync(d).sort();
const leftovers = () => ls(dir).filter((e) => e.includes('secure-mesh'));

/** One message, on one line, without a stack trace. */
function expectOneLineRefusal(result: CliResult, message: RegExp): void {
  expect(result).toMatchObject({ code: 2, stdout: '' });
  expect(result.stderr).toMatch(/^secure-mesh: [^\n]+\n$/);
  expect(result.stderr).toMatch(message);
}

test('three synth processes at once into a directory that does not exist yet: each writes the whole output or stops with one message', async () => {
  const runs = await Promise.all([1, 2, 3].map(() => runCliProcess(['synth', 'shop.yaml', '-o', 'race'], dir)));
  const expected = await runCliInProcess(['synth', 'shop.yaml', '-o', 'reference'], dir);
  expect(expected.code).toBe(0);
  expect(runs.some((r) => r.code === 0)).toBe(true);
  for (const run of runs) {
    if (run.code === 0) expect(run).toMatchObject({ stdout: expect.stringMatching(/^wrote race\/shop\.k8s\.yaml \(\d+ objects\)\n$/), stderr: '' });
    else expectOneLineRefusal(run, /^secure-mesh: another secure-mesh run( \(process \d+\))? is writing race; nothing was written\. Wait for it to finish and run again/);
  }
  expect(ls(path.join(dir, 'race'))).toEqual([OUTPUT_MARKER, 'shop.k8s.yaml']);
  expect(fs.readFileSync(path.join(dir, 'race', 'shop.k8s.yaml'), 'utf8')).toBe(fs.readFileSync(path.join(dir, 'reference', 'shop.k8s.yaml'), 'utf8'));
  expect(leftovers()).toEqual([]); // no staging directory, no lock
}, 60000);

test('dev-certs into synth\'s output, or synth into dev-certs\' output, is refused: neither deletes the other\'s files', async () => {
  expect((await runCliInProcess(['synth', 'shop.yaml', '-o', 'dist'], dir)).code).toBe(0);
  expect((await runCliInProcess(['dev-certs', 'shop.yaml', '--all-workloads', '-o', 'certs'], dir)).code).toBe(0);
  const manifests = ls(path.join(dir, 'dist'));
  const keys = fs.readFileSync(path.join(dir, 'certs', 'shop', 'web', 'tls.key'), 'utf8');

  expectOneLineRefusal(await runCliInProcess(['dev-certs', 'shop.yaml', '-o', 'dist'], dir),
    /^secure-mesh: refusing to write to dist: it holds the manifests of `secure-mesh synth`, and the certificates and private keys of `secure-mesh dev-certs` would replace them\. Choose another output directory \(-o\), or delete this one first if you no longer need it\.\n$/);
  expectOneLineRefusal(await runCliInProcess(['synth', 'shop.yaml', '-o', 'certs', '--force'], dir),
    /^secure-mesh: refusing to write to certs: it holds the certificates and private keys of `secure-mesh dev-certs`, and the manifests of `secure-mesh synth` would replace them\./);
  expect(ls(path.join(dir, 'dist'))).toEqual(manifests);
  expect(fs.readFileSync(path.join(dir, 'certs', 'shop', 'web', 'tls.key'), 'utf8')).toBe(keys);
  expect(ls(path.join(dir, 'certs'))).toEqual([OUTPUT_MARKER, 'ca', 'shop']);

  // A file the user keeps next to the keys is not deleted by the next dev-certs run.
  fs.writeFileSync(path.join(dir, 'certs', 'shop', 'web', 'client.p12'), 'mine');
  expectOneLineRefusal(await runCliInProcess(['dev-certs', 'shop.yaml', '--all-workloads', '-o', 'certs', '--force'], dir),
    /^secure-mesh: refusing to write to certs: shop\/web\/client\.p12 is inside directories secure-mesh wrote, which the next output replaces as a whole\. Move them out/);
  expect(fs.readFileSync(path.join(dir, 'certs', 'shop', 'web', 'client.p12'), 'utf8')).toBe('mine');
  expect(fs.readFileSync(path.join(dir, 'certs', 'shop', 'web', 'tls.key'), 'utf8')).toBe(keys);
  expect(leftovers()).toEqual([]);
});

test('a full disk while synth writes: exit 2, one message, the previous output as it was', async () => {
  expect((await runCliInProcess(['synth', 'shop.yaml', '-o', 'full'], dir)).code).toBe(0);
  const before = fs.readFileSync(path.join(dir, 'full', 'shop.k8s.yaml'), 'utf8');
  const realWrite = fs.writeFileSync;
  // The disk fills up once the manifests are written, at the marker that completes the staging directory.
  jest.spyOn(fs, 'writeFileSync').mockImplementation((file, data, options) => {
    if (String(file).includes('.full.secure-mesh-') && path.basename(String(file)) === OUTPUT_MARKER && String(data).includes('shop.k8s.yaml')) {
      throw Object.assign(new Error(`ENOSPC: no space left on device, write`), { code: 'ENOSPC', syscall: 'write' });
    }
    realWrite(file, data, options);
  });
  const result = await runCliInProcess(['synth', 'shop.yaml', '-o', 'full'], dir);
  jest.restoreAllMocks();
  expectOneLineRefusal(result, /^secure-mesh: cannot write to full \(nothing was changed\): writing the output into the staging directory failed: no space left on the device\. Free some space and run again/);
  expect(ls(path.join(dir, 'full'))).toEqual([OUTPUT_MARKER, 'shop.k8s.yaml']);
  expect(fs.readFileSync(path.join(dir, 'full', 'shop.k8s.yaml'), 'utf8')).toBe(before);
  expect(leftovers()).toEqual([]);
});

describe('output names derived from the mesh file name', () => {
  const unnamed = SHOP.replace('metadata: { name: shop }\n', '');

  test.each([
    ['a leading dot (the output would be hidden)', '.shop.yaml', '".shop"'],
    ['a newline', 'shop\nprod.yaml', '"shop\\nprod"'],
    ['a backslash (a path separator on Windows)', 'team\\shop.yaml', '"team\\\\shop"'],
    ['a space', 'my shop.yaml', '"my shop"'],
    ['a device name Windows reserves', 'con.yaml', '"con"'],
    ['a reserved name with an extension', 'NUL.v2.yaml', '"NUL.v2"'],
  ])('%s is refused, naming metadata.name as the fix; nothing is written', async (_, fileName, shown) => {
    const sub = tempDir('outdir-name');
    try {
      fs.writeFileSync(path.join(sub, fileName), unnamed);
      const result = await runCliInProcess(['synth', fileName, '-o', 'out'], sub);
      expectOneLineRefusal(result, new RegExp(`the output file is named after the mesh file, and ${shown.replace(/[\\.]/g, '\\$&')} cannot name a file: .*Set metadata\\.name in the mesh file \\(a DNS-1123 label such as "[a-z0-9-]+"\\), or rename the file\\.\\n$`));
      expect(ls(sub)).toEqual([fileName]);
    } finally {
      fs.rmSync(sub, { recursive: true, force: true });
    }
  });

  test('an ordinary file name still names the output, capitals, dots and underscores included', async () => {
    fs.writeFileSync(path.join(dir, 'Shop_v2.prod.yaml'), unnamed);
    const result = await runCliInProcess(['synth', 'Shop_v2.prod.yaml', '-o', 'named'], dir);
    expect(result).toMatchObject({ code: 0, stdout: expect.stringMatching(/^wrote named\/Shop_v2\.prod\.k8s\.yaml /) });
  });
});
