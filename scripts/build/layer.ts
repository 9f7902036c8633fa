import { cp, mkdir, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { build } from 'esbuild';
import { ROOT } from '../lib/s-yaml.js';
import { NODE_TARGET } from './bundle.js';
import { zipDirectory } from './zip.js';

/**
 * Variant B of docs/adr/0001: an FC layer holding `@chat/core` (compiled file by file, not bundled)
 * and its npm dependencies as `nodejs/node_modules/...`, which FC unpacks under /opt.
 */
const CORE_DIR = path.join(ROOT, 'layers/core');
const NOT_SHIPPED = /\.(test|contract)\.ts$/;
// Embedded local database (WebAssembly); deployed functions use DATABASE_URL instead.
const LEFT_OUT = new Set(['@electric-sql/pglite']);

export interface LayerResult {
  zipPath: string;
  zipBytes: number;
  rawBytes: number;
}

export async function buildCoreLayer(outDir: string, minify = true): Promise<LayerResult> {
  const staging = path.join(outDir, 'layers/core');
  const modules = path.join(staging, 'nodejs/node_modules');
  await rm(staging, { recursive: true, force: true });
  await compileCore(path.join(modules, '@chat/core'), minify);
  await writeStub(path.join(modules, '@electric-sql/pglite'));
  const corePackage = JSON.parse(await readFile(path.join(CORE_DIR, 'package.json'), 'utf8')) as PackageJson;
  for (const dir of dependencyClosure(corePackage, path.join(ROOT, 'node_modules'), await packageDirs())) {
    await cp(dir, path.join(modules, path.relative(path.join(ROOT, 'node_modules'), dir)), { recursive: true, dereference: true });
  }
  const zip = await zipDirectory(staging);
  const zipPath = path.join(outDir, 'layers/core.zip');
  await writeFile(zipPath, zip);
  return { zipPath, zipBytes: zip.length, rawBytes: await directoryBytes(staging) };
}

async function compileCore(target: string, minify: boolean): Promise<void> {
  const sources = (await readdir(path.join(CORE_DIR, 'src'), { recursive: true }))
    .filter((f) => f.endsWith('.ts') && !NOT_SHIPPED.test(f))
    .map((f) => path.join(CORE_DIR, 'src', f));
  await build({
    entryPoints: sources,
    outdir: path.join(target, 'src'),
    outbase: path.join(CORE_DIR, 'src'),
    bundle: false,
    platform: 'node',
    format: 'esm',
    target: NODE_TARGET,
    minify,
    keepNames: true,
    logLevel: 'warning',
  });
  await writeFile(path.join(target, 'package.json'), JSON.stringify({ name: '@chat/core', type: 'module', exports: { './*': './src/*.js' } }));
}

async function writeStub(target: string): Promise<void> {
  await mkdir(target, { recursive: true });
  await writeFile(path.join(target, 'package.json'), JSON.stringify({ name: '@electric-sql/pglite', type: 'module', exports: './index.js' }));
  await writeFile(
    path.join(target, 'index.js'),
    "export class PGlite { constructor() { throw new Error('PGlite is not packaged into FC functions: set DATABASE_URL'); } }\n",
  );
}

export interface PackageJson {
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
}

/** Installed package directories (hoisted under node_modules), keyed by package name. */
export async function packageDirs(): Promise<Map<string, { dir: string; pkg: PackageJson }>> {
  const root = path.join(ROOT, 'node_modules');
  const found = new Map<string, { dir: string; pkg: PackageJson }>();
  for (const name of await readdir(root)) {
    const names = name.startsWith('@') ? (await readdir(path.join(root, name))).map((n) => `${name}/${n}`) : [name];
    for (const n of names) {
      try {
        found.set(n, { dir: path.join(root, n), pkg: JSON.parse(await readFile(path.join(root, n, 'package.json'), 'utf8')) as PackageJson });
      } catch {
        // not a package (e.g. .bin)
      }
    }
  }
  return found;
}

/** The hoisted packages `pkg` needs at run time; nested node_modules travel with their parent. */
export function dependencyClosure(pkg: PackageJson, root: string, installed: Map<string, { dir: string; pkg: PackageJson }>): string[] {
  const seen = new Set<string>();
  const visit = (p: PackageJson, required: boolean) => {
    const wanted = [
      ...Object.keys(p.dependencies ?? {}).map((n) => [n, true] as const),
      ...Object.keys(p.optionalDependencies ?? {}).map((n) => [n, false] as const),
    ];
    for (const [name, must] of wanted) {
      if (LEFT_OUT.has(name) || seen.has(name)) continue;
      const found = installed.get(name);
      if (!found) {
        if (must && required) throw new Error(`layer: dependency ${name} is not installed under ${root}`);
        continue;
      }
      seen.add(name);
      visit(found.pkg, must && required);
    }
  };
  visit(pkg, true);
  return [...seen].map((name) => installed.get(name)!.dir);
}

export async function directoryBytes(dir: string): Promise<number> {
  let total = 0;
  for (const f of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (f.isFile()) total += (await stat(path.join(f.parentPath, f.name))).size;
  }
  return total;
}
