import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';

const ROOT = path.resolve(import.meta.dirname, '../..');
const services = (command: string) => promisify(execFile)('bash', ['scripts/services', command], { cwd: ROOT });

export type OutageService = 'redis' | 'postgres' | 'ferretdb';

/**
 * A real outage of one shared test server: `scripts/services stop-<service>` stops the process
 * (open connections break, the port refuses), `start-<service>` starts it again on the same port
 * and returns once it answers. Redis comes back empty (it keeps no data); PostgreSQL and FerretDB
 * keep theirs. Every suite on the server sees it, so only `*.serial.test.ts` files may use this.
 * `end()` is safe whatever state `begin()` left (or if it never ran), so afterAll can always call it.
 */
export function serviceOutage(service: OutageService) {
  let down = false;
  return {
    begin: async () => {
      down = true; // before the stop: a half-done stop must still be undone by end()
      await services(`stop-${service}`);
    },
    end: async () => {
      if (!down) return;
      await services(`start-${service}`);
      down = false;
    },
  };
}
