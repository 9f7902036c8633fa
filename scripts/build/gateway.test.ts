import { mkdtemp, readdir, readFile, rm, stat, utimes, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildGateway, freshBuild, type GatewayBuild } from './gateway.js';

let tmp: string;
beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'gateway-build-'));
});
afterAll(() => rm(tmp, { recursive: true, force: true }));

describe('the gateway build', () => {
  let build: GatewayBuild;
  beforeAll(async () => {
    build = await buildGateway(path.join(tmp, 'gateway'));
  }, 60_000);

  it('loads at start only what every node uses; adapters behind dynamic imports stay in chunks', () => {
    expect(build.startupPackages).toEqual(expect.arrayContaining(['ioredis', 'ws', 'jose', 'pino', 'zod']));
    // The in-process chat API (pg, amqplib, MongoDB), the FC client and the optional providers are
    // read from disk only when a node first uses them.
    for (const lazy of ['pg', 'amqplib', 'mongodb', '@alicloud/fc20230330', 'sharp', 'firebase-admin', '@stream-io/node-sdk', 'ali-oss']) {
      expect(build.startupPackages).not.toContain(lazy);
    }
    expect(build.natives).toEqual([]);
  });

  it('writes index.mjs and its chunks, with the source maps beside them', async () => {
    const chunks = await readdir(path.join(build.dir, 'chunks'));
    expect(chunks.some((f) => f.endsWith('.mjs'))).toBe(true);
    expect((await readFile(build.entry, 'utf8')).startsWith('import')).toBe(true);
    expect((await stat(`${build.entry}.map`)).size).toBeGreaterThan(0);
  });
});

describe('freshBuild', () => {
  it('reuses a build newer than its sources and rebuilds after a source changes', async () => {
    const entry = path.join(tmp, 'entry.ts');
    await writeFile(entry, 'export const answer: number = 41;\nconsole.log(answer + 1);\n');
    const dir = path.join(tmp, 'fresh');
    const first = await freshBuild(entry, dir);
    expect(await readFile(first.entry, 'utf8')).toContain('41');
    const builtAt = (await stat(first.entry)).mtimeMs;

    await freshBuild(entry, dir);
    expect((await stat(first.entry)).mtimeMs).toBe(builtAt);

    await writeFile(entry, 'export const answer: number = 1;\nconsole.log(answer + 1);\n');
    const later = new Date(builtAt + 5_000);
    await utimes(entry, later, later);
    await freshBuild(entry, dir);
    expect(await readFile(first.entry, 'utf8')).not.toContain('41');
  });
});
