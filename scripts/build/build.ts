import { rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { loadSYaml, ROOT, type FunctionResource } from '../lib/s-yaml.js';
import { bundleHandlers, coreFromLayer, localOnly } from './bundle.js';
import { buildCoreLayer, directoryBytes, type LayerResult } from './layer.js';
import { copyNativePackages } from './native.js';
import { zipDirectory } from './zip.js';

/**
 * `bundle` (the default, see docs/adr/0001): every function is one self-contained ESM file.
 * `layer`: functions keep `@chat/core` external and load it from the core layer under /opt; kept
 * so the measurement can be rerun.
 */
export type Variant = 'bundle' | 'layer';

export interface BuildOptions {
  /** Stands in for `dist/`: s.yaml `code: ./dist/functions/x` is written to `<outDir>/functions/x`. */
  outDir?: string;
  variant?: Variant;
  /** Where FC mounts layers; tests unpack the layer elsewhere and point here. */
  layerMount?: string;
  /** On by default; off only to measure what minifying buys. */
  minify?: boolean;
}

export interface FunctionArtifact {
  name: string;
  codeDir: string;
  /** The file FC loads for `handler: index.handler`. */
  entry: string;
  exportName: string;
  zipPath: string;
  bytes: number;
  zipBytes: number;
  /** Native packages shipped in the function's `node_modules/` (native.ts), and their unpacked size. */
  natives: string[];
  nativeBytes: number;
}

export interface BuildReport {
  variant: Variant;
  outDir: string;
  functions: FunctionArtifact[];
  /** One esbuild run bundles every function, so time is reported for the whole build. */
  bundleMs: number;
  totalMs: number;
  layer?: LayerResult;
}

export const DIST = path.join(ROOT, 'dist');

export async function buildAll(options: BuildOptions = {}): Promise<BuildReport> {
  const outDir = path.resolve(options.outDir ?? DIST);
  const variant = options.variant ?? 'bundle';
  await Promise.all(['functions', 'sourcemaps', 'layers'].map((d) => rm(path.join(outDir, d), { recursive: true, force: true })));

  const started = performance.now();
  const layer = variant === 'layer' ? await buildCoreLayer(outDir, options.minify) : undefined;
  const plugins = [variant === 'layer' ? coreFromLayer(options.layerMount ?? '/opt') : localOnly];
  const targets = [...loadSYaml().functions.values()].map((fn) => {
    const { codeDir, file, exportName } = target(fn, outDir);
    return { name: fn.name, entry: path.join(ROOT, 'functions', fn.name, 'handler.ts'), outfile: path.join(codeDir, file), codeDir, exportName };
  });

  const bundleStarted = performance.now();
  const sizes = await bundleHandlers(targets, outDir, plugins, options.minify);
  const bundleMs = performance.now() - bundleStarted;
  const functions: FunctionArtifact[] = [];
  for (const t of targets) {
    const { bytes, natives } = sizes.get(t.name)!;
    // In the layer variant the core layer carries them (they are @chat/core dependencies).
    const shipped = variant === 'bundle' ? natives : [];
    await copyNativePackages(shipped, t.codeDir);
    const nativeBytes = shipped.length > 0 ? await directoryBytes(path.join(t.codeDir, 'node_modules')) : 0;
    // FC runs index.mjs as ESM by its extension; a package.json would only add a file to read.
    const zip = await zipDirectory(t.codeDir);
    const zipPath = path.join(outDir, 'functions', `${t.name}.zip`);
    await writeFile(zipPath, zip);
    functions.push({
      name: t.name,
      codeDir: t.codeDir,
      entry: t.outfile,
      exportName: t.exportName,
      zipPath,
      bytes,
      zipBytes: zip.length,
      natives: shipped,
      nativeBytes,
    });
  }
  return { variant, outDir, functions, bundleMs, totalMs: performance.now() - started, ...(layer ? { layer } : {}) };
}

/** Where s.yaml says the function's code goes, and which file and export its handler names. */
function target(fn: FunctionResource, outDir: string): { codeDir: string; file: string; exportName: string } {
  const code = fn.props.code;
  const relative = code ? path.relative(DIST, path.resolve(ROOT, code)) : '';
  if (!code || relative.startsWith('..')) throw new Error(`s.yaml ${fn.name}: code must be a directory under ./dist, got ${String(code)}`);
  const match = /^(\w[\w-]*)\.(\w+)$/.exec(fn.props.handler ?? '');
  if (!match) throw new Error(`s.yaml ${fn.name}: handler must look like index.handler, got ${String(fn.props.handler)}`);
  return { codeDir: path.join(outDir, relative), file: `${match[1]}.mjs`, exportName: match[2]! };
}
