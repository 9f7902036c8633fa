import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { crc32, readZip, unzipTo, writeZip, zipDirectory } from './zip.js';

let dir: string | undefined;
afterEach(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
  dir = undefined;
});

describe('zip', () => {
  it('computes the standard CRC-32', () => {
    expect(crc32(Buffer.from('123456789'))).toBe(0xcbf43926);
    expect(crc32(Buffer.alloc(0))).toBe(0);
  });

  it('reads back what it writes, names, bytes and modes', () => {
    const entries = [
      { name: 'index.mjs', data: Buffer.from('export const handler = async () => 1;\n'), mode: 0o644 },
      { name: 'nodejs/node_modules/x/bin.js', data: Buffer.from('#!/usr/bin/env node\n'), mode: 0o755 },
      { name: 'empty.txt', data: Buffer.alloc(0), mode: 0o644 },
    ];
    const back = readZip(writeZip(entries));
    expect(back.sort((a, b) => a.name.localeCompare(b.name))).toEqual([...entries].sort((a, b) => a.name.localeCompare(b.name)));
  });

  it('is deterministic: the same files give the same bytes', () => {
    const files = [
      { name: 'b', data: Buffer.from('2') },
      { name: 'a', data: Buffer.from('1') },
    ];
    expect(writeZip(files).equals(writeZip([...files].reverse()))).toBe(true);
  });

  it('rejects a corrupted archive', () => {
    const zip = writeZip([{ name: 'a.txt', data: Buffer.from('hello hello hello') }]);
    const dataAt = 30 + 'a.txt'.length; // after the local header and name of the only entry
    zip[dataAt + 1] = zip[dataAt + 1]! ^ 0xff;
    expect(() => readZip(zip)).toThrow();
    expect(() => readZip(Buffer.from('not a zip'))).toThrow(/not a zip/);
  });

  it('zips a directory with a prefix and unpacks it elsewhere', async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'zip-test-'));
    await mkdir(path.join(dir, 'src/sub'), { recursive: true });
    await writeFile(path.join(dir, 'src/sub/a.js'), 'a');
    await writeFile(path.join(dir, 'src/run.sh'), 'echo', { mode: 0o755 });
    const zip = await zipDirectory(path.join(dir, 'src'), 'nodejs/');
    expect(
      readZip(zip)
        .map((e) => e.name)
        .sort(),
    ).toEqual(['nodejs/run.sh', 'nodejs/sub/a.js']);

    await unzipTo(zip, path.join(dir, 'out'));
    expect(await readFile(path.join(dir, 'out/nodejs/sub/a.js'), 'utf8')).toBe('a');
    expect((await stat(path.join(dir, 'out/nodejs/run.sh'))).mode & 0o777).toBe(0o755);
  });

  it('refuses entries that would land outside the target directory', async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'zip-test-'));
    const zip = writeZip([{ name: '../escape.txt', data: Buffer.from('x') }]);
    await expect(unzipTo(zip, path.join(dir, 'out'))).rejects.toThrow(/escapes/);
  });
});
