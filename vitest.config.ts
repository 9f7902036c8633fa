import { defineConfig } from 'vitest/config';
import LongestFirstSequencer from './test/setup/sequencer.js';

const ignored = ['**/node_modules/**', 'dist/**', '.data/**', '.services/**'];
const serial = '**/*.serial.test.ts';
// The global setup builds the migrated PGlite template once per set of migrations; a test file
// loads it (~40 MB) only when it opens its first in-memory PGlite, through test/support/pglite.ts.
// No setup file loads it for every file: most files never open a PGlite.

export default defineConfig({
  test: {
    // Test files mostly wait on PGlite, services and child processes, not on CPU: on 2 cores three
    // workers keep both busy (vitest's default, cores - 1, runs one file at a time there).
    // One value for all projects: vitest refuses different maxWorkers within one groupOrder.
    maxWorkers: 3,
    // The longest files first, whatever their project (test/setup/sequencer.ts): the browser and
    // end-to-end files no longer wait until every unit file has run.
    sequence: { sequencer: LongestFirstSequencer },
    projects: [
      {
        test: {
          name: 'unit',
          include: ['**/*.test.ts'],
          exclude: [...ignored, '**/*.int.test.ts', '**/*.e2e.test.ts', serial],
          testTimeout: 20_000,
          hookTimeout: 60_000,
          sequence: { groupOrder: 0 },
          // A worker runs many unit files and keeps its module cache: the adapters and SDKs are imported
          // once per worker instead of once per file (`--project unit` alone: 212 s and 235 s of CPU
          // isolated, 57 s and 101 s without). Unit files keep no state outside their own objects but
          // the process's in-memory broker, which the setup file empties for each file.
          isolate: false,
          setupFiles: ['test/setup/fresh-process-queues.ts'],
          globalSetup: ['test/setup/pglite-template.global.ts'],
        },
      },
      {
        test: {
          name: 'integration',
          include: ['**/*.int.test.ts', '**/*.e2e.test.ts'],
          exclude: [...ignored, serial, 'test/web/**'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
          sequence: { groupOrder: 0 },
          globalSetup: ['test/setup/pglite-template.global.ts', 'test/setup/web-app.global.ts'],
        },
      },
      {
        // The browser tests: one local cloud and one Chromium for all their files.
        test: {
          name: 'web',
          include: ['test/web/**/*.e2e.test.ts'],
          exclude: ignored,
          testTimeout: 60_000,
          hookTimeout: 60_000,
          sequence: { groupOrder: 0 },
          globalSetup: ['test/setup/web-app.global.ts', 'test/setup/web-shared.global.ts'],
        },
      },
      {
        // Tests that disturb the shared services (e.g. stop RabbitMQ): run after the groups above
        // have finished, one file at a time, so no other suite sees the disturbance.
        test: {
          name: 'serial',
          include: [serial],
          exclude: ignored,
          testTimeout: 240_000,
          hookTimeout: 240_000,
          sequence: { groupOrder: 1 },
          fileParallelism: false,
          globalSetup: ['test/setup/pglite-template.global.ts', 'test/setup/web-app.global.ts'],
        },
      },
    ],
  },
});
