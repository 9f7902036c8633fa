import { defineConfig } from 'vitest/config';

const ignored = ['**/node_modules/**', 'dist/**', '.data/**', '.services/**'];

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['**/*.test.ts'],
          exclude: [...ignored, '**/*.int.test.ts', '**/*.e2e.test.ts'],
          testTimeout: 20_000,
          hookTimeout: 60_000,
          globalSetup: ['test/setup/pglite-template.global.ts'],
          setupFiles: ['test/setup/pglite-template.ts'],
        },
      },
      {
        test: {
          name: 'integration',
          include: ['**/*.int.test.ts', '**/*.e2e.test.ts'],
          exclude: ignored,
          testTimeout: 60_000,
          hookTimeout: 60_000,
          globalSetup: ['test/setup/pglite-template.global.ts'],
          setupFiles: ['test/setup/pglite-template.ts'],
        },
      },
    ],
  },
});
