/**
 * The output directory in real life (issue 12, section 7): concurrent runs, symbolic links to another file
 * system, read-only directories, a full disk, `synth` and `dev-certs` sharing a directory, files the user put
 * among ours. Each ends in exactly one of two ways: the new output in place, or one `CliError` (exit 2) with the
 * previous output byte for byte as it was, and no staging directory or lock left behind.
 *
 * Failures the machine cannot be put into on demand (EXDEV, EACCES as root, ENOSPC) are injected into the `fs`
 * calls `safe-output.ts` makes, failing exactly as the kernel does (errno `code` and `syscall`); the real
 * processes racing each other are in output-race.e2e.test.ts.
 */
import fs from 'fs';
import * as path from 'path';
import { CliError } from '../../lib/cli/exit-codes';
import { OUTPUT_MARKER, writeOutputSafely } from '../../lib/cli/safe-output';
import { tempDir } from './run-cli';

let dir: string;
beforeEach(() => {
  dir = tempDir('outdir');
});
afterEach(() => {
  jest.restoreAllMocks();
  fs.rmSync(dir, { recursive: true, force: true });
});

const ls = (d: string) => fs.readdirSync(d).sort();
const read = (f: string) => fs.readFileSync(f, 'utf8');
const write = (files: Record<string, string>) => (staging: string) => {
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(staging, name)), { recursive: true });
    fs.writeFileSync(path.join(staging, name), text);
  }
  return Object.keys(files).length;
};

/** An error as Node's fs raises it for a failed system call. */
function systemError(code: string, syscall: string, file: string): NodeJS.ErrnoException {
  const error: NodeJS.ErrnoException = new Error(`${code}: injected, ${syscall} '${file}'`);
  error.code = code;
  error.syscall = syscall;
  error.path = file;
  return error;
}

/** The previous output, as the checks below expect to find it after a refused or failed run. */
async function previousOutput(target: string): Promise<void> {
  await writeOutputSafely(target, write({ 'old.yaml': 'old' }));
}
function expectPreviousOutput(target: string): void {
  expect(ls(target)).toEqual([OUTPUT_MARKER, 'old.yaml']);
  expect(read(path.join(target, 'old.yaml'))).toBe('old');
}

describe('concurrent runs', () => {
  test('two runs into a directory that does not exist yet: the first writes, the second stops with a message; never a mixed directory', async () => {
    const target = path.join(dir, 'dist');
    let secondDone!: Promise<unknown>;
    // The first run is still writing its staging directory when the second starts.
    const first = writeOutputSafely(target, async (staging) => {
      await secondDone;
      return write({ 'first.yaml': 'first' })(staging);
    });
    const second = writeOutputSafely(target, write({ 'second.yaml': 'second' }));
    secondDone = second.catch(() => undefined);
    const [one, two] = await Promise.allSettled([first, second]);
    expect(two.status === 'rejected' && two.reason).toBeInstanceOf(CliError);
    expect(two.status === 'rejected' && (two.reason as Error).message).toMatch(
      /^another secure-mesh run \(process \d+\) is writing .*dist; nothing was written\. Wait for it to finish and run again/,
    );
    expect(one).toMatchObject({ status: 'fulfilled', value: { files: ['first.yaml'] } });
    expect(ls(target)).toEqual([OUTPUT_MARKER, 'first.yaml']);
    expect(ls(dir)).toEqual(['dist']); // no staging directory, no lock
  });

  test('a lock left by a killed run (its process is gone) is taken over; a live one is not', async () => {
    const target = path.join(dir, 'dist');
    const lock = path.join(dir, '.dist.secure-mesh-lock');
    // A process id that is not running: above Linux's pid_max (2^22).
    fs.writeFileSync(lock, `${2 ** 22 + 1} ${require('os').hostname()}\n`);
    await writeOutputSafely(target, write({ 'a.yaml': 'a' }));
    expect(ls(dir)).toEqual(['dist']);
    fs.writeFileSync(lock, `${process.pid} ${require('os').hostname()}\n`);
    await expect(writeOutputSafely(target, write({ 'b.yaml': 'b' }))).rejects.toThrow(`another secure-mesh run (process ${process.pid}) is writing`);
    expect(ls(target)).toEqual([OUTPUT_MARKER, 'a.yaml']);
  });
});

describe('symbolic links and file systems', () => {
  /** Two file systems: `a/` and `b/`; rename(2) between them fails with EXDEV, as the kernel's does. */
  function twoFileSystems(): { a: string; b: string } {
    const a = path.join(dir, 'a');
    const b = path.join(dir, 'b');
    fs.mkdirSync(a);
    fs.mkdirSync(b);
    const real = fs.renameSync;
    const fileSystem = (p: string) => (fs.realpathSync(path.dirname(p)).startsWith(fs.realpathSync(b)) ? 'b' : 'a');
    jest.spyOn(fs, 'renameSync').mockImplementation((from, to) => {
      if (fileSystem(String(from)) !== fileSystem(String(to))) throw systemError('EXDEV', 'rename', String(from));
      real(from, to);
    });
    return { a, b };
  }

  test('-o a symbolic link to a directory on another file system: staged next to the real directory, replaced there, the link kept', async () => {
    const { a, b } = twoFileSystems();
    fs.symlinkSync(path.join(b, 'real'), path.join(a, 'out'));
    // Twice: first into the link's missing target, then replacing the output there.
    await writeOutputSafely(path.join(a, 'out'), write({ 'one.yaml': '1' }));
    const result = await writeOutputSafely(path.join(a, 'out'), write({ 'two.yaml': '2' }));
    expect(result.dir).toBe(path.join(fs.realpathSync(b), 'real'));
    expect(fs.lstatSync(path.join(a, 'out')).isSymbolicLink()).toBe(true);
    expect(ls(path.join(a, 'out'))).toEqual([OUTPUT_MARKER, 'two.yaml']);
    expect(ls(a)).toEqual(['out']);
    expect(ls(b)).toEqual(['real']);
  });

  test('a rename that still crosses file systems (a mount point) ends in one message, the previous output intact', async () => {
    const target = path.join(dir, 'dist');
    await previousOutput(target);
    jest.spyOn(fs, 'renameSync').mockImplementation((from) => {
      throw systemError('EXDEV', 'rename', String(from));
    });
    await expect(writeOutputSafely(target, write({ 'new.yaml': 'new' }))).rejects.toThrow(
      /^cannot write to .*dist \(nothing was changed\): moving the previous output aside failed: the staging directory and the output directory are on different file systems/,
    );
    jest.restoreAllMocks();
    expectPreviousOutput(target);
    expect(ls(dir)).toEqual(['dist']);
  });
});

describe('permissions', () => {
  test('a read-only parent directory: one message naming why secure-mesh writes there, nothing left behind', async () => {
    const parent = path.join(dir, 'ro');
    const target = path.join(parent, 'dist');
    await previousOutput(target);
    // What the kernel refuses in a directory without write permission: creating or renaming entries in it.
    const denied = (p: unknown) => path.dirname(String(p)) === parent;
    const realWrite = fs.writeFileSync;
    const realOpen = fs.openSync;
    const realMkdir = fs.mkdirSync;
    jest.spyOn(fs, 'writeFileSync').mockImplementation((file, data, options) => {
      if (denied(file)) throw systemError('EACCES', 'open', String(file));
      realWrite(file, data, options);
    });
    jest.spyOn(fs, 'openSync').mockImplementation((file, flags, mode) => {
      if (denied(file) && !fs.existsSync(String(file))) throw systemError('EACCES', 'open', String(file));
      return realOpen(file, flags, mode);
    });
    jest.spyOn(fs, 'mkdirSync').mockImplementation((p, options) => {
      if (denied(p) && !fs.existsSync(String(p))) throw systemError('EACCES', 'mkdir', String(p));
      return realMkdir(p, options);
    });
    const run = writeOutputSafely(target, write({ 'new.yaml': 'new' }));
    await expect(run).rejects.toThrow(CliError);
    await expect(run).rejects.toThrow(/^cannot write to .*dist \(nothing was changed\): creating a lock file \(in .*ro: secure-mesh writes next to the output directory, to replace it in one step\) failed: permission denied\. Make it writable for you, or choose another output directory \(-o\)\.$/);
    jest.restoreAllMocks();
    expectPreviousOutput(target);
    expect(ls(parent)).toEqual(['dist']);
  });

  test('a read-only output directory is refused before anything moves (it could not be removed after the swap)', async () => {
    const target = path.join(dir, 'dist');
    await previousOutput(target);
    // A directory without write permission (as a user other than root): access(2) says so, and its files cannot be removed.
    const inTarget = (p: unknown) => fs.existsSync(String(p)) && fs.statSync(String(p)).ino === fs.statSync(target).ino;
    const realAccess = fs.accessSync;
    const realRm = fs.rmSync;
    const readOnly = fs.statSync(target).ino;
    jest.spyOn(fs, 'accessSync').mockImplementation((p, mode) => {
      if (inTarget(p) && mode === fs.constants.W_OK) throw systemError('EACCES', 'access', String(p));
      realAccess(p, mode);
    });
    jest.spyOn(fs, 'rmSync').mockImplementation((p, options) => {
      if (fs.existsSync(String(p)) && fs.statSync(String(p)).ino === readOnly) throw systemError('EACCES', 'unlink', String(p));
      realRm(p, options);
    });
    await expect(writeOutputSafely(target, write({ 'new.yaml': 'new' }))).rejects.toThrow(
      /^cannot write to .*dist \(nothing was changed\): checking that .*dist can be replaced failed: permission denied/,
    );
    jest.restoreAllMocks();
    expectPreviousOutput(target);
    expect(ls(dir)).toEqual(['dist']);
  });

  test('a read-only previous output left by a crashed run does not stop later runs: it is made writable and removed', async () => {
    const leftover = path.join(dir, '.dist.secure-mesh-1-deadbeef.old');
    fs.mkdirSync(leftover);
    fs.writeFileSync(path.join(leftover, OUTPUT_MARKER), '');
    fs.writeFileSync(path.join(leftover, 'old.yaml'), 'old');
    const yesterday = new Date(Date.now() - 24 * 3600_000);
    fs.utimesSync(path.join(leftover, OUTPUT_MARKER), yesterday, yesterday);
    const realRm = fs.rmSync;
    let writable = false;
    jest.spyOn(fs, 'chmodSync').mockImplementation(() => {
      writable = true;
    });
    // Removing fails until the directory is made writable, as for a directory the user made read-only (chmod a-w).
    jest.spyOn(fs, 'rmSync').mockImplementation((p, options) => {
      if (String(p) === leftover && !writable) throw systemError('EACCES', 'unlink', path.join(leftover, 'old.yaml'));
      realRm(p, options);
    });
    const result = await writeOutputSafely(path.join(dir, 'dist'), write({ 'a.yaml': 'a' }));
    expect(result.notes).toEqual([]);
    expect(ls(dir)).toEqual(['dist']);
  });
});

describe('a full disk', () => {
  test('ENOSPC while writing: one message, the previous output intact, the staging directory removed', async () => {
    const target = path.join(dir, 'dist');
    await previousOutput(target);
    const run = writeOutputSafely(target, (staging) => {
      fs.writeFileSync(path.join(staging, 'half.yaml'), 'half');
      throw systemError('ENOSPC', 'write', path.join(staging, 'new.yaml'));
    });
    await expect(run).rejects.toThrow(CliError);
    await expect(run).rejects.toThrow(/^cannot write to .*dist \(nothing was changed\): writing the output into the staging directory failed: no space left on the device\. Free some space and run again/);
    expectPreviousOutput(target);
    expect(ls(dir)).toEqual(['dist']);
  });

  test('ENOSPC writing the marker, after the output was written: the same', async () => {
    const target = path.join(dir, 'dist');
    await previousOutput(target);
    const realWrite = fs.writeFileSync;
    let markers = 0;
    jest.spyOn(fs, 'writeFileSync').mockImplementation((file, data, options) => {
      if (path.basename(String(file)) === OUTPUT_MARKER && ++markers === 2) throw systemError('ENOSPC', 'write', String(file));
      realWrite(file, data, options);
    });
    await expect(writeOutputSafely(target, write({ 'new.yaml': 'new' }))).rejects.toThrow(/no space left on the device/);
    jest.restoreAllMocks();
    expectPreviousOutput(target);
    expect(ls(dir)).toEqual(['dist']);
  });
  test('ENOSPC writing the lock file: no empty lock is left to stop the next run', async () => {
    const target = path.join(dir, 'dist');
    await previousOutput(target);
    jest.spyOn(fs, 'writeSync').mockImplementationOnce((fd) => {
      throw systemError('ENOSPC', 'write', `fd ${String(fd)}`);
    });
    await expect(writeOutputSafely(target, write({ 'new.yaml': 'new' }))).rejects.toThrow(/^cannot write to .*dist \(nothing was changed\): creating a lock file .* failed: no space left on the device/);
    jest.restoreAllMocks();
    expectPreviousOutput(target);
    expect(ls(dir)).toEqual(['dist']);
    await writeOutputSafely(target, write({ 'new.yaml': 'new' }));
    expect(ls(target)).toEqual([OUTPUT_MARKER, 'new.yaml']);
  });
});

describe('ownership', () => {
  test('synth and dev-certs never replace each other\'s output, not even with --force', async () => {
    const certs = path.join(dir, 'certs');
    const dist = path.join(dir, 'dist');
    await writeOutputSafely(certs, write({ 'ca/root.crt': 'root', 'shop/web/tls.key': 'key' }), { kind: 'dev-certs', mode: 0o700 });
    await writeOutputSafely(dist, write({ 'shop.k8s.yaml': 'manifests' }), { kind: 'synth' });
    await expect(writeOutputSafely(certs, write({ 'shop.k8s.yaml': 'x' }), { kind: 'synth', force: true })).rejects.toThrow(
      /^refusing to write to .*certs: it holds the certificates and private keys of `secure-mesh dev-certs`, and the manifests of `secure-mesh synth` would replace them\. Choose another output directory \(-o\), or delete this one first/,
    );
    await expect(writeOutputSafely(dist, write({ 'ca/root.crt': 'x' }), { kind: 'dev-certs', force: true })).rejects.toThrow(
      /^refusing to write to .*dist: it holds the manifests of `secure-mesh synth`, and the certificates and private keys of `secure-mesh dev-certs` would replace them/,
    );
    expect(read(path.join(certs, 'shop', 'web', 'tls.key'))).toBe('key');
    expect(ls(dist)).toEqual([OUTPUT_MARKER, 'shop.k8s.yaml']);
    expect(ls(dir)).toEqual(['certs', 'dist']);
  });

  test('a marker written before markers had a kind: dev-certs\' output is recognised by its ca directory', async () => {
    const certs = path.join(dir, 'certs');
    fs.mkdirSync(path.join(certs, 'ca'), { recursive: true });
    fs.writeFileSync(path.join(certs, 'ca', 'root.crt'), 'root');
    fs.writeFileSync(path.join(certs, OUTPUT_MARKER), '# Written by secure-mesh: the files below are replaced on the next run.\nca\n');
    await expect(writeOutputSafely(certs, write({ 'shop.k8s.yaml': 'x' }), { kind: 'synth' })).rejects.toThrow('it holds the certificates and private keys of `secure-mesh dev-certs`');
    // The same command replaces it (the directories an old marker lists are its own, as a whole).
    await writeOutputSafely(certs, write({ 'ca/root.crt': 'new root' }), { kind: 'dev-certs' });
    expect(read(path.join(certs, 'ca', 'root.crt'))).toBe('new root');
  });

  test('a file the user put inside a directory secure-mesh wrote is never deleted: the run is refused, naming it', async () => {
    const certs = path.join(dir, 'certs');
    await writeOutputSafely(certs, write({ 'ca/root.crt': 'root', 'shop/web/tls.crt': 'crt', 'shop/web/tls.key': 'key' }), { kind: 'dev-certs' });
    fs.writeFileSync(path.join(certs, 'shop', 'web', 'notes.txt'), 'mine');
    fs.mkdirSync(path.join(certs, 'ca', 'backup'));
    for (const force of [false, true]) {
      await expect(writeOutputSafely(certs, write({ 'ca/root.crt': 'new' }), { kind: 'dev-certs', force })).rejects.toThrow(
        /^refusing to write to .*certs: ca\/backup\/, shop\/web\/notes\.txt are inside directories secure-mesh wrote, which the next output replaces as a whole\. Move them out of the output directory and run again/,
      );
    }
    expect(read(path.join(certs, 'shop', 'web', 'notes.txt'))).toBe('mine');
    expect(read(path.join(certs, 'ca', 'root.crt'))).toBe('root');
    // Moved out, the run goes ahead.
    fs.rmSync(path.join(certs, 'ca', 'backup'), { recursive: true });
    fs.renameSync(path.join(certs, 'shop', 'web', 'notes.txt'), path.join(dir, 'notes.txt'));
    await writeOutputSafely(certs, write({ 'ca/root.crt': 'new' }), { kind: 'dev-certs' });
    expect(ls(certs)).toEqual([OUTPUT_MARKER, 'ca']);
  });

  test('the marker lists every file, directories included, and the command that wrote them', async () => {
    const certs = path.join(dir, 'certs');
    await writeOutputSafely(certs, write({ 'shop/web/tls.key': 'key', 'ca/root.crt': 'root' }), { kind: 'dev-certs' });
    expect(read(path.join(certs, OUTPUT_MARKER)).split('\n').filter((l) => l && !l.startsWith('# Written') && !l.startsWith('# secure-mesh refuses'))).toEqual([
      '# kind: dev-certs', 'ca/root.crt', 'shop/web/tls.key',
    ]);
  });
});
