import { relative } from 'node:path';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * Longest files first, across projects. Vitest's own order runs the projects of a group one after
 * the other by name (integration, unit, web): the browser files, the longest of all, started last
 * and kept one worker busy for minutes after the others had run out of files. Here the files of a
 * group are ordered by how long each took last time (vitest's results cache); a file with no
 * record yet (a fresh clone, a new file) gets its project's typical duration, so the browser and
 * end-to-end files still go first. `serial` still runs last (its own groupOrder).
 */
const TYPICAL_MS: Record<string, number> = { web: 40_000, integration: 10_000, serial: 10_000, unit: 1_000 };

export default class LongestFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const estimate = new Map(files.map((spec) => [spec, this.expectedMs(spec)]));
    return [...files].sort(
      (a, b) =>
        a.project.config.sequence.groupOrder - b.project.config.sequence.groupOrder ||
        estimate.get(b)! - estimate.get(a)! ||
        // Ties (no record, same project): the larger file first, as vitest does.
        (this.ctx.cache.getFileStats(this.key(b))?.size ?? 0) - (this.ctx.cache.getFileStats(this.key(a))?.size ?? 0),
    );
  }

  private key(spec: TestSpecification): string {
    return `${spec.project.name}:${relative(this.ctx.config.root, spec.moduleId)}`;
  }

  private expectedMs(spec: TestSpecification): number {
    return this.ctx.cache.getFileTestResults(this.key(spec))?.duration ?? TYPICAL_MS[spec.project.name] ?? 1_000;
  }
}
