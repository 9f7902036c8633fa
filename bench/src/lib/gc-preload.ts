/**
 * Preloaded into every server under test (lib/server-process.ts starts them with `--expose-gc
 * --import` of this file; production never loads it). SIGUSR2 runs a full garbage collection, so
 * the idle-memory samples of both systems are taken on a collected heap, not on whatever garbage
 * the last connection happened to leave behind.
 */
const gc = (globalThis as { gc?: () => void }).gc;
if (gc) process.on('SIGUSR2', () => gc());

export {};
