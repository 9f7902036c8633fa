import path from 'node:path';
import { defineConfig, type PluginOption } from 'vite';
import preact from '@preact/preset-vite';

const root = import.meta.dirname;

// The local cloud serves dist/web at `/` on the origin of /v1 and /ws (scripts/local-cloud/web-static.ts),
// so the app calls relative URLs and needs no proxy or base path. Hashed names under assets/ are
// what lets the server (and the CDN) cache them as immutable.
export default defineConfig({
  root,
  // The preset's types come from the root's Vite (vitest's), the build runs this workspace's Vite 7.
  plugins: [preact() as unknown as PluginOption],
  build: {
    outDir: path.resolve(root, '../../dist/web'),
    emptyOutDir: true,
    target: 'es2022',
    assetsDir: 'assets',
    sourcemap: true,
  },
});
