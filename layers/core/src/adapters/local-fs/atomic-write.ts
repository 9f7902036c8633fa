import { randomBytes } from 'node:crypto';
import { rename, writeFile } from 'node:fs/promises';

/**
 * Writes `file` so that a reader sees it whole or not at all: the data goes to a `.partial`
 * sibling first, then is renamed into place (atomic on one file system). The sinks' readers (a
 * developer's tools, the e2e tests) pick files up as soon as they appear.
 */
export async function writeFileAtomic(file: string, data: string | Uint8Array): Promise<void> {
  const partial = `${file}.${randomBytes(4).toString('hex')}.partial`;
  await writeFile(partial, data);
  await rename(partial, file);
}
