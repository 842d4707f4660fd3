/** The output directory is replaced only by a complete run, and nothing secure-mesh did not write is deleted. */
import * as fs from 'fs';
import * as path from 'path';
import { CliError } from '../../lib/cli/exit-codes';
import { OUTPUT_MARKER, writeOutputSafely } from '../../lib/cli/safe-output';
import { tempDir } from './run-cli';

let dir: string;
beforeEach(() => {
  dir = tempDir('out');
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const ls = (d: string) => fs.readdirSync(d).sort();
const write = (files: Record<string, string>) => (staging: string) => {
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(staging, name), text);
  return Object.keys(files).length;
};

test('a new directory gets the files and a marker listing them', async () => {
  const target = path.join(dir, 'dist');
  const result = await writeOutputSafely(target, write({ 'b.yaml': 'b', 'a.yaml': 'a' }));
  expect(result).toEqual({ value: 2, dir: target, files: ['a.yaml', 'b.yaml'], notes: [] });
  expect(ls(target)).toEqual([OUTPUT_MARKER, 'a.yaml', 'b.yaml']);
  expect(fs.readFileSync(path.join(target, OUTPUT_MARKER), 'utf8').split('\n').filter((l) => l && !l.startsWith('#'))).toEqual(['a.yaml', 'b.yaml']);
});

test('a failing write leaves the previous output byte for byte, and no staging directory', async () => {
  const target = path.join(dir, 'dist');
  await writeOutputSafely(target, write({ 'old.yaml': 'old' }));
  await expect(writeOutputSafely(target, (staging) => {
    fs.writeFileSync(path.join(staging, 'new.yaml'), 'half');
    throw new Error('boom');
  })).rejects.toThrow('boom');
  expect(ls(target)).toEqual([OUTPUT_MARKER, 'old.yaml']);
  expect(fs.readFileSync(path.join(target, 'old.yaml'), 'utf8')).toBe('old');
  expect(ls(dir)).toEqual(['dist']);
});

test('a second run replaces its own output, stale files included', async () => {
  const target = path.join(dir, 'dist');
  await writeOutputSafely(target, write({ 'old.yaml': 'old' }));
  await writeOutputSafely(target, write({ 'new.yaml': 'new' }));
  expect(ls(target)).toEqual([OUTPUT_MARKER, 'new.yaml']);
  expect(ls(dir)).toEqual(['dist']);
});

test('a directory with files secure-mesh did not write is refused; --force replaces same-named files and keeps the rest', async () => {
  const target = path.join(dir, 'mine');
  fs.mkdirSync(target);
  fs.writeFileSync(path.join(target, 'notes.txt'), 'keep');
  fs.writeFileSync(path.join(target, 'a.yaml'), 'theirs');
  await expect(writeOutputSafely(target, write({ 'a.yaml': 'ours' }))).rejects.toThrow(CliError);
  expect(ls(target)).toEqual(['a.yaml', 'notes.txt']);
  await writeOutputSafely(target, write({ 'a.yaml': 'ours', 'b.yaml': 'ours' }), { force: true });
  expect(ls(target)).toEqual([OUTPUT_MARKER, 'a.yaml', 'b.yaml', 'notes.txt']);
  expect(fs.readFileSync(path.join(target, 'notes.txt'), 'utf8')).toBe('keep');
  // Our files in a shared directory are replaced on the next forced run; the user's stay.
  await writeOutputSafely(target, write({ 'c.yaml': 'ours' }), { force: true });
  expect(ls(target)).toEqual([OUTPUT_MARKER, 'c.yaml', 'notes.txt']);
});

test('an empty directory is used; a file in the way is refused', async () => {
  fs.mkdirSync(path.join(dir, 'empty'));
  await writeOutputSafely(path.join(dir, 'empty'), write({ 'a.yaml': 'a' }));
  expect(ls(path.join(dir, 'empty'))).toEqual([OUTPUT_MARKER, 'a.yaml']);
  fs.writeFileSync(path.join(dir, 'file'), 'x');
  await expect(writeOutputSafely(path.join(dir, 'file'), write({}))).rejects.toThrow('it exists and is not a directory');
});

test('staging directories of killed runs (ours by name and marker, or empty) are removed, whatever their age; foreign ones are not', async () => {
  // The run holds the directory's lock, so no staging directory of this target belongs to a run in progress.
  const stale = path.join(dir, '.dist.secure-mesh-1-deadbeef');
  const fresh = path.join(dir, '.dist.secure-mesh-2-cafebabe');
  const empty = path.join(dir, '.dist.secure-mesh-3-01234567');
  const foreign = path.join(dir, '.dist.secure-mesh-notes');
  const unmarked = path.join(dir, '.dist.secure-mesh-4-89abcdef');
  for (const d of [stale, fresh, empty, foreign, unmarked]) fs.mkdirSync(d);
  fs.writeFileSync(path.join(stale, OUTPUT_MARKER), '');
  fs.writeFileSync(path.join(fresh, OUTPUT_MARKER), '');
  fs.writeFileSync(path.join(unmarked, 'notes.txt'), 'not ours');
  const hourAgo = new Date(Date.now() - 3600_000);
  fs.utimesSync(path.join(stale, OUTPUT_MARKER), hourAgo, hourAgo);
  await writeOutputSafely(path.join(dir, 'dist'), write({ 'a.yaml': 'a' }));
  expect(ls(dir)).toEqual(['.dist.secure-mesh-4-89abcdef', '.dist.secure-mesh-notes', 'dist']);
});
