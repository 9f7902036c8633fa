import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { build, type Metafile } from 'esbuild';
import { ROOT } from '../lib/s-yaml.js';
import { baseOptions, localOnly } from './bundle.js';
import { copyNativePackages, nativeImports } from './native.js';

const execFileAsync = promisify(execFile);

/**
 * The gateway node's build: `gateway/src/main.ts` as one ESM file, `<dir>/index.mjs` (the entry the
 * ECS unit runs, infra/src/config.ts) and its lazily imported chunks, with any native package
 * beside it in `node_modules/`. Same esbuild settings as the functions (docs/adr/0001), except that
 * identifiers are kept instead of `keepNames` (LONG_LIVED_OPTIONS); source maps beside the code but not loaded. Running built JavaScript instead of tsx
 * saves tsx's loader and the TypeScript it keeps in memory (docs/adr/0022).
 */
export const GATEWAY_ENTRY = path.join(ROOT, 'gateway/src/main.ts');
export const GATEWAY_DIST = path.join(ROOT, 'dist/gateway');

export interface GatewayBuild {
  dir: string;
  entry: string;
  bytes: number;
  natives: string[];
  /** Every source file the bundle was built from (relative to the repository root). */
  inputs: string[];
  /** The npm packages in the entry and the chunks it imports statically: what a node loads before any dynamic import. */
  startupPackages: string[];
}

/**
 * A long-lived node keeps its identifiers instead of `keepNames`: esbuild's keepNames wraps every
 * function literal in `__name(fn, "…")`, a defineProperty that gives each closure created at run
 * time its own property store (≈ 250 bytes). A gateway connection creates a dozen closures, so that
 * was a quarter of its heap (10.2 → 7.7 KB per idle connection, docs/performance.md), plus a
 * defineProperty per closure on every hot path. Unrenamed identifiers keep class and function
 * names readable all the same; the bundle is ≈ 25 % larger, which a process started once ignores.
 */
const LONG_LIVED_OPTIONS = { minify: false, minifyWhitespace: true, minifySyntax: true, keepNames: false } as const;

export async function buildGateway(dir = GATEWAY_DIST): Promise<GatewayBuild> {
  return buildNodeEntry(GATEWAY_ENTRY, dir);
}

/** Bundles one long-lived Node entry (the gateway, or a bench peer built the same way) into `<dir>/index.mjs`. */
export async function buildNodeEntry(entryPoint: string, dir: string): Promise<GatewayBuild> {
  await rm(dir, { recursive: true, force: true });
  const entry = path.join(dir, 'index.mjs');
  const result = await build({
    ...baseOptions,
    ...LONG_LIVED_OPTIONS,
    entryPoints: [{ in: entryPoint, out: 'index' }],
    outdir: dir,
    outExtension: { '.js': '.mjs' },
    // Adapters the node may never use (the FC client, database drivers behind the in-process chat
    // API) are dynamic imports; split, they stay in chunks that are read only when imported.
    splitting: true,
    chunkNames: 'chunks/[name]-[hash]',
    sourcemap: 'external',
    metafile: true,
    write: false,
    absWorkingDir: ROOT,
    plugins: [localOnly],
  });
  let bytes = 0;
  const natives = new Set<string>();
  for (const file of result.outputFiles) {
    await mkdir(path.dirname(file.path), { recursive: true });
    await writeFile(file.path, file.contents);
    if (file.path.endsWith('.map')) continue;
    bytes += file.contents.length;
    for (const name of nativeImports(file.text)) natives.add(name);
  }
  await copyNativePackages([...natives], dir);
  const inputs = inputsOf(result.metafile);
  await writeFile(path.join(dir, 'inputs.json'), JSON.stringify(inputs));
  return { dir, entry, bytes, natives: [...natives], inputs, startupPackages: startupPackages(result.metafile!, path.relative(ROOT, entry)) };
}

/**
 * The build in `dir` if it is newer than every source it was built from, else a fresh one: the
 * bench runs gateway nodes as deployed, and a stale bundle would measure yesterday's code.
 * Test files run in parallel and a running node reads its chunks lazily, so a build is made
 * beside `dir` and renamed into place, and one that another process put there meanwhile wins.
 */
export async function freshBuild(entryPoint: string, dir: string): Promise<GatewayBuild> {
  const current = await upToDate(dir);
  if (current) return current;
  const tmp = `${dir}.${process.pid}-${randomBytes(4).toString('hex')}`;
  const built = await buildNodeEntry(entryPoint, tmp);
  const theirs = await upToDate(dir);
  if (theirs) {
    await rm(tmp, { recursive: true, force: true });
    return theirs;
  }
  const old = `${tmp}.old`;
  await rename(dir, old).catch(() => undefined);
  try {
    await rename(tmp, dir);
  } catch (error) {
    // Another process renamed its build into place between our check and our rename.
    const winner = await upToDate(dir);
    await rm(tmp, { recursive: true, force: true });
    if (!winner) throw error;
    return winner;
  } finally {
    await rm(old, { recursive: true, force: true });
  }
  return { ...built, dir, entry: path.join(dir, 'index.mjs') };
}

async function upToDate(dir: string): Promise<GatewayBuild | undefined> {
  const entry = path.join(dir, 'index.mjs');
  try {
    const [{ mtimeMs: built, size }, inputs] = await Promise.all([
      stat(entry),
      readFile(path.join(dir, 'inputs.json'), 'utf8').then((t) => JSON.parse(t) as string[]),
    ]);
    // The build's own settings count as inputs: a change to them must not reuse an old bundle.
    const settings = ['scripts/build/gateway.ts', 'scripts/build/bundle.ts'];
    const times = await Promise.all([...inputs, ...settings].map((f) => stat(path.join(ROOT, f)).then((s) => s.mtimeMs)));
    return times.every((t) => t < built) ? { dir, entry, bytes: size, natives: [], inputs, startupPackages: [] } : undefined;
  } catch {
    return undefined; // missing, or a source was deleted: build
  }
}

/**
 * `<dir>.tar.gz`: what infra's GatewayArtifactUrl points at (unpacked into /opt/chat-gateway, whose
 * root then holds index.mjs). Source maps and the build's own bookkeeping stay out.
 */
export async function packGateway(build: GatewayBuild): Promise<{ file: string; bytes: number }> {
  const file = `${build.dir}.tar.gz`;
  await execFileAsync('tar', ['-czf', file, '--exclude=*.map', '--exclude=inputs.json', '-C', build.dir, '.']);
  return { file, bytes: (await stat(file)).size };
}

function startupPackages(meta: Metafile, entry: string): string[] {
  const seen = new Set<string>();
  const visit = (output: string) => {
    if (seen.has(output) || !meta.outputs[output]) return;
    seen.add(output);
    for (const i of meta.outputs[output].imports) if (i.kind === 'import-statement' && !i.external) visit(i.path);
  };
  visit(entry);
  const packages = new Set<string>();
  for (const output of seen)
    for (const input of Object.keys(meta.outputs[output]!.inputs)) {
      const match = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(input);
      if (match) packages.add(match[1]!);
    }
  return [...packages].sort();
}

function inputsOf(meta: Metafile | undefined): string[] {
  return Object.keys(meta?.inputs ?? {}).filter((f) => !f.startsWith('<'));
}
