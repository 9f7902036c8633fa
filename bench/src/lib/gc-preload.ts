import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { getHeapSpaceStatistics } from 'node:v8';

/**
 * Preloaded into every server under test (lib/server-process.ts starts them with `--expose-gc
 * --import` of this file; production never loads it). SIGUSR2 runs a full garbage collection, so
 * the idle-memory samples of every system are taken on a collected heap, not on whatever garbage
 * the last connection happened to leave behind. It then writes the young generation's resident
 * size to `$BENCH_HEAP_DIR/<pid>.json`: V8 grows the young generation with the allocation rate
 * (1–32 MiB here) and shrinks it only when its memory reducer runs, some seconds after a burst, so
 * the RSS difference across a connect burst holds a few MiB that are no connection's
 * (collect-garbage.ts).
 */
const gc = (globalThis as { gc?: () => void }).gc;
const dir = process.env.BENCH_HEAP_DIR;
const YOUNG = new Set(['new_space', 'new_large_object_space']);

if (gc)
  process.on('SIGUSR2', () => {
    gc();
    if (!dir) return;
    const youngBytes = getHeapSpaceStatistics()
      .filter((s) => YOUNG.has(s.space_name))
      .reduce((n, s) => n + s.physical_space_size, 0);
    writeFileSync(path.join(dir, `${process.pid}.json`), JSON.stringify({ youngBytes }));
  });

export {};
