import { readFileSync } from 'node:fs';
import { PgliteSqlDatabase } from '@chat/core/adapters/pglite/sql';
import { templatePath } from '../setup/pglite-template.global.js';

let templateLoaded = false;

/**
 * A new in-memory PGlite with every migration applied, started from the template the global setup
 * built. The template (~40 MB) is read on the first call in a test file, not by a setup file for
 * every file: the files that never open a PGlite don't pay for it.
 */
export async function openTestPglite(): Promise<PgliteSqlDatabase> {
  if (!templateLoaded) {
    PgliteSqlDatabase.useTemplate(new Blob([readFileSync(templatePath())]));
    templateLoaded = true;
  }
  return PgliteSqlDatabase.open();
}
