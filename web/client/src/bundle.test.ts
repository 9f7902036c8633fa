import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

describe('browser bundle', () => {
  it('bundles for the browser with no server code (type-only imports erased), small', async () => {
    const result = await build({
      entryPoints: [fileURLToPath(new URL('./index.ts', import.meta.url))],
      bundle: true,
      platform: 'browser',
      format: 'esm',
      minify: true,
      write: false,
      metafile: true,
      logLevel: 'silent',
    });
    const inputs = Object.keys(result.metafile.inputs);
    expect(inputs.every((file) => file.startsWith('web/client/src/') || file.includes('/web/client/src/'))).toBe(true);
    expect(inputs.some((file) => file.endsWith('.test.ts') || file.includes('test-support') || file.endsWith('dom-check.ts'))).toBe(false);
    const js = result.outputFiles[0]!.contents;
    expect(gzipSync(js).length).toBeLessThan(16 * 1024);
  });
});
