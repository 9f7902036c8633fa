import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { renderMarkdown } from './markdown.js';
import { renderSvg } from './svg.js';
import type { BenchReport } from './types.js';

/**
 * `<dir>/<YYYY-MM-DD>` for the run's date, or `<YYYY-MM-DD>-<HHMMSS>` if that day already has a
 * report, so a second run never overwrites the first.
 */
export function reportBase(dir: string, startedAt: Date, exists: (file: string) => boolean = existsSync): string {
  const iso = startedAt.toISOString();
  const day = path.join(dir, iso.slice(0, 10));
  if (!['.json', '.md', '.svg'].some((ext) => exists(day + ext))) return day;
  return `${day}-${iso.slice(11, 19).replace(/:/g, '')}`;
}

/** Writes the JSON, Markdown and SVG files; returns their paths. */
export async function writeReport(report: BenchReport, dir: string): Promise<{ json: string; markdown: string; svg: string | undefined }> {
  await mkdir(dir, { recursive: true });
  const base = reportBase(dir, new Date(report.startedAt));
  const svg = report.fanout.length > 0 ? `${base}.svg` : undefined;
  await writeFile(`${base}.json`, `${JSON.stringify(report, null, 2)}\n`);
  if (svg) await writeFile(svg, renderSvg(report.fanout));
  await writeFile(`${base}.md`, renderMarkdown(report, svg && path.basename(svg)));
  return { json: `${base}.json`, markdown: `${base}.md`, svg };
}
