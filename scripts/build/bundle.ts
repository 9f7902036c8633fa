import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { build, type BuildOptions, type Plugin } from 'esbuild';
import { NATIVE_PACKAGES, nativeImports } from './native.js';

/**
 * esbuild settings for FC's nodejs20 runtime. Both packaging variants compared in
 * docs/adr/0001-bundle-functions-with-esbuild.md use them; they differ only in what stays external.
 */
export const NODE_TARGET = 'node20';

// CJS dependencies (pg, ioredis) call require() for Node built-ins, which an ESM bundle lacks.
const REQUIRE_BANNER = "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);";

export const baseOptions: BuildOptions = {
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: NODE_TARGET,
  minify: true,
  // Error and class names stay readable in logs (pino serialises err.type from the constructor).
  keepNames: true,
  banner: { js: REQUIRE_BANNER },
  // pg only loads its native binding when asked for `pg.native`, which this project never does;
  // urllib (under ali-oss) requires proxy-agent, which is not installed, only with URLLIB_ENABLE_PROXY.
  // Native modules ship beside the bundle instead (native.ts).
  external: ['pg-native', 'proxy-agent', ...NATIVE_PACKAGES],
  logLevel: 'warning',
};

/**
 * The embedded stand-ins (PGlite, memory stores, file sinks) live in `wiring/embedded.ts`, which
 * only the local cloud and tests import. A handler that reaches them anyway (PGlite is WebAssembly
 * plus data files) fails the build here instead of shipping them.
 */
export const localOnly: Plugin = {
  name: 'local-only',
  setup(b) {
    b.onResolve({ filter: /^@electric-sql\/pglite(\/.*)?$|\/wiring\/embedded(\.js)?$/ }, (args) => ({
      errors: [{ text: `${args.path} is local-only (embedded stand-ins); deployed functions must not import it (imported by ${args.importer})` }],
    }));
  },
};

/**
 * Variant B: `@chat/core/x` lives in a layer. ESM ignores NODE_PATH, so the import is rewritten to
 * the absolute path where FC mounts the layer (`/opt`, or a stand-in directory in tests).
 */
export function coreFromLayer(mount: string): Plugin {
  return {
    name: 'core-from-layer',
    setup(b) {
      // Absolute paths skip package.json `exports`, so this mirrors its `./*` → `./src/*.js`.
      b.onResolve({ filter: /^@chat\/core\// }, (args) => ({
        path: path.posix.join(mount, 'nodejs/node_modules/@chat/core/src', `${args.path.slice('@chat/core/'.length)}.js`),
        external: true,
      }));
    },
  };
}

export interface BundleTarget {
  name: string;
  entry: string;
  /** Where the bundle goes (`<code dir>/index.mjs`); its source map goes to `sourcemaps/<name>/`. */
  outfile: string;
}

/**
 * Bundles every handler in one esbuild run (shared modules are parsed once; each output is still
 * self-contained). Source maps stay outside the deployed directory: they would only add to the
 * package FC fetches on a cold start. Returns the size of each bundle, and the native packages it
 * imports, by name.
 */
export async function bundleHandlers(
  targets: BundleTarget[],
  outDir: string,
  plugins: Plugin[],
  minify = true,
): Promise<Map<string, { bytes: number; natives: string[] }>> {
  // esbuild names outputs `<outdir>/<name>/index.mjs(.map)`; with outdir = the maps' directory,
  // each map is written where esbuild computed its relative source paths from.
  const mapsDir = path.join(outDir, 'sourcemaps');
  const result = await build({
    ...baseOptions,
    minify,
    entryPoints: targets.map((t) => ({ in: t.entry, out: `${t.name}/${path.basename(t.outfile, '.mjs')}` })),
    outdir: mapsDir,
    outExtension: { '.js': '.mjs' },
    sourcemap: 'external',
    write: false,
    plugins,
  });
  const byPath = new Map(targets.map((t) => [path.join(mapsDir, t.name, path.basename(t.outfile)), t]));
  const sizes = new Map<string, { bytes: number; natives: string[] }>();
  for (const file of result.outputFiles) {
    const t = file.path.endsWith('.map') ? undefined : byPath.get(file.path);
    if (!file.path.endsWith('.map') && !t) throw new Error(`esbuild wrote an unexpected file ${file.path}`);
    const target = t ? t.outfile : file.path;
    await mkdir(path.dirname(target), { recursive: true });
    await writeFile(target, file.contents);
    if (t) sizes.set(t.name, { bytes: file.contents.length, natives: nativeImports(file.text) });
  }
  return sizes;
}
