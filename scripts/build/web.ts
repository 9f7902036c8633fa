import { createRequire } from 'node:module';
import { readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import { pathToFileURL } from 'node:url';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { ROOT } from '../lib/s-yaml.js';

export const WEB_DIR = path.join(ROOT, 'dist', 'web');
const APP = path.join(ROOT, 'web', 'app');
/** What the bundle is made of: the app and the SDK it imports from source. */
const SOURCES = [path.join(APP, 'src'), path.join(APP, 'index.html'), path.join(APP, 'vite.config.ts'), path.join(ROOT, 'web', 'client', 'src')];

export interface WebAsset {
  file: string;
  bytes: number;
  gzipBytes: number;
}

/**
 * `vite build` of web/app into `outDir`. It builds next to the target and swaps the directory in,
 * so a server reading dist/web meanwhile (and a second build racing this one) never sees half a build.
 */
export async function buildWeb(outDir = WEB_DIR): Promise<WebAsset[]> {
  // web/app's own Vite 7, not the Vite that vitest hoists to the root node_modules.
  const vite = createRequire(path.join(APP, 'package.json')).resolve('vite');
  const { build } = (await import(pathToFileURL(vite).href)) as typeof import('vite');
  const staging = `${outDir}.${process.pid}.${Date.now()}`;
  // Vite builds for production only when NODE_ENV is unset or `production`; under vitest it is
  // `test`, which kept the development code paths in (dist/web was 112 KB of JavaScript, not 79).
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({ configFile: path.join(APP, 'vite.config.ts'), mode: 'production', logLevel: 'warn', build: { outDir: staging, emptyOutDir: true } });
  } finally {
    if (nodeEnv === undefined) delete process.env.NODE_ENV;
    else process.env.NODE_ENV = nodeEnv;
  }
  const old = `${staging}.old`;
  await rename(outDir, old).catch(() => undefined);
  await rename(staging, outDir).catch(async () => rm(staging, { recursive: true, force: true }));
  await rm(old, { recursive: true, force: true });
  return webAssets(outDir);
}

/** The JavaScript and CSS the browser downloads, raw and gzipped (the figures in docs/performance.md). */
export async function webAssets(outDir = WEB_DIR): Promise<WebAsset[]> {
  const dir = path.join(outDir, 'assets');
  const names = (await readdir(dir)).filter((n) => n.endsWith('.js') || n.endsWith('.css'));
  return Promise.all(
    names.map(async (n) => {
      const bytes = await readFile(path.join(dir, n));
      return { file: `assets/${n}`, bytes: bytes.length, gzipBytes: gzipSync(bytes, { level: 9 }).length };
    }),
  );
}

/** True when dist/web is missing or older than any source file: `npm start` then builds it first. */
export async function webIsStale(outDir = WEB_DIR): Promise<boolean> {
  const built = await stat(path.join(outDir, 'index.html')).catch(() => undefined);
  if (!built) return true;
  return (await newestMtime(SOURCES)) > built.mtimeMs;
}

async function newestMtime(paths: string[]): Promise<number> {
  let newest = 0;
  for (const p of paths) {
    const s = await stat(p).catch(() => undefined);
    if (!s) continue;
    if (s.isDirectory()) {
      const entries = await readdir(p);
      newest = Math.max(newest, s.mtimeMs, await newestMtime(entries.map((e) => path.join(p, e))));
    } else newest = Math.max(newest, s.mtimeMs);
  }
  return newest;
}
