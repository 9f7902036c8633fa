import { buildWeb, webIsStale } from '../../scripts/build/web.js';

/**
 * Vitest global setup of the end-to-end project: build dist/web once if it is missing or stale,
 * before the test files start their `npm start` processes (each would otherwise build it at the
 * same time on a fresh clone).
 */
export default async function setup(): Promise<void> {
  if (await webIsStale()) await buildWeb();
}
