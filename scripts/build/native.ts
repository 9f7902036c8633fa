import { cp } from 'node:fs/promises';
import path from 'node:path';
import { ROOT } from '../lib/s-yaml.js';
import { dependencyClosure, packageDirs } from './layer.js';

/**
 * Packages with native binaries, which esbuild cannot inline: they stay external in every bundle
 * (bundle.ts), and a function whose bundle imports one gets it, with its run-time dependencies, in
 * `node_modules/` next to `index.mjs`, where Node's resolution from the bundle finds it.
 *
 * sharp loads `@img/sharp-<platform>` (and its libvips) for the platform npm installed, so the
 * build must run where `npm ci` installed the linux-x64 (glibc) binaries FC's nodejs20 needs:
 * on Linux x64, or after `npm install --os=linux --cpu=x64 --libc=glibc` elsewhere.
 */
export const NATIVE_PACKAGES = ['sharp'];

/** The native packages a minified ESM bundle imports (`from"sharp"`, or a dynamic `import("sharp")`). */
export function nativeImports(code: string): string[] {
  return NATIVE_PACKAGES.filter((name) => new RegExp(`(?:from\\s*|import\\s*\\(\\s*)["']${name.replace(/[/.]/g, '\\$&')}["']`).test(code));
}

/** Copies `names` and what they need at run time (installed optional binaries included) into `<codeDir>/node_modules`. */
export async function copyNativePackages(names: string[], codeDir: string): Promise<void> {
  if (names.length === 0) return;
  const root = path.join(ROOT, 'node_modules');
  const dirs = dependencyClosure({ dependencies: Object.fromEntries(names.map((n) => [n, '*'])) }, root, await packageDirs());
  for (const dir of dirs) {
    const target = path.join(codeDir, 'node_modules', path.relative(root, dir));
    // Only what runs: sharp's sources for building from scratch and type declarations stay behind.
    await cp(dir, target, { recursive: true, dereference: true, filter: (src) => !/\/(src|install)\/|\.d\.ts$|\.md$/.test(src.slice(dir.length)) });
  }
}
