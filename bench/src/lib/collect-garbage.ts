import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

let heapDir: string | undefined;

/** The directory every server under test is told (BENCH_HEAP_DIR) to write its heap figures to, see gc-preload.ts. */
export function benchHeapDir(): string {
  if (!heapDir) {
    const dir = (heapDir = mkdtempSync(path.join(tmpdir(), 'bench-heap-')));
    process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  }
  return heapDir;
}

/**
 * Full garbage collections in the given server processes (see gc-preload.ts), then a moment to
 * settle. Answers each process's young generation in bytes after its collection, or undefined for
 * a server that has none to report (Centrifugo is Go: its whole heap is in its RSS).
 */
export async function collectGarbage(pids: number[]): Promise<(number | undefined)[]> {
  const files = pids.map((pid) => path.join(benchHeapDir(), `${pid}.json`));
  for (const file of files) rmSync(file, { force: true });
  for (const pid of pids) process.kill(pid, 'SIGUSR2');
  await new Promise((r) => setTimeout(r, 500));
  return files.map((file) => {
    try {
      return (JSON.parse(readFileSync(file, 'utf8')) as { youngBytes: number }).youngBytes;
    } catch {
      return undefined;
    }
  });
}
