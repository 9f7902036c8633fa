import { buildWeb, webIsStale } from '../../scripts/build/web.js';

/**
 * Vitest global setup: build the web app once, before any file starts a local cloud. Every local
 * cloud (`npm start`) builds a stale dist/web on start; a fresh clone's e2e files would otherwise
 * all build it at once, each at a few seconds of both cores.
 */
export default async function setup(): Promise<void> {
  if (await webIsStale()) await buildWeb();
}
