import { keyValue } from '../wiring/key-value.js';
import { sqlDatabase } from '../wiring/sql.js';
import type { Use } from '../wiring/wiring.js';

export interface HealthReport {
  status: 'ok' | 'degraded';
  checks: Record<string, { ok: boolean; ms: number; error?: string }>;
}

const TIMEOUT_MS = 2_000;

async function probe(check: () => Promise<unknown>) {
  const started = performance.now();
  try {
    await Promise.race([check(), new Promise((_, reject) => setTimeout(() => reject(new Error(`no answer in ${TIMEOUT_MS} ms`)), TIMEOUT_MS).unref())]);
    return { ok: true, ms: Math.round(performance.now() - started) };
  } catch (error) {
    return { ok: false, ms: Math.round(performance.now() - started), error: error instanceof Error ? error.message : String(error) };
  }
}

/** Readiness of each dependency, probed in parallel with a timeout each. */
export async function checkHealth(use: Use): Promise<HealthReport> {
  const [database, cache] = await Promise.all([
    probe(async () => (await use(sqlDatabase)).query('SELECT 1')),
    probe(async () => (await use(keyValue)).get('health:probe')),
  ]);
  const checks = { database, cache };
  return { status: Object.values(checks).every((c) => c.ok) ? 'ok' : 'degraded', checks };
}
