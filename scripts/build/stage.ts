import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { buildAll, type BuildOptions, type BuildReport } from './build.js';
import { unzipTo } from './zip.js';

/**
 * Builds into `root` and unpacks the deployable zips the way FC does: each function into its own
 * code directory (FC: /code) and the layer into a directory standing in for /opt. Whatever runs
 * from here ran from the zips, not from the build's working directories.
 */
export interface StagedFunction {
  name: string;
  entry: string;
  exportName: string;
}

export interface Staged {
  report: BuildReport;
  layerMount: string | undefined;
  functions: StagedFunction[];
}

export async function buildAndUnpack(root: string, options: Omit<BuildOptions, 'outDir' | 'layerMount'> = {}): Promise<Staged> {
  const opt = path.join(root, 'opt');
  const report = await buildAll({ ...options, outDir: path.join(root, 'dist'), layerMount: opt });
  if (report.layer) await unzipTo(await readFile(report.layer.zipPath), opt);
  const functions: StagedFunction[] = [];
  for (const fn of report.functions) {
    const code = path.join(root, 'code', fn.name);
    await unzipTo(await readFile(fn.zipPath), code);
    functions.push({ name: fn.name, entry: path.join(code, path.basename(fn.entry)), exportName: fn.exportName });
  }
  return { report, layerMount: report.layer ? opt : undefined, functions };
}
