import { generateSigningKey } from '@chat/core/adapters/jose/signing-keys';
import { loadConfig } from '@chat/core/config/env';
import type { FcHandler, FcHttpResult } from '@chat/core/runtime/fc-types';
import { handler as analyticsWorker } from '../../functions/queue-analytics-record/handler.js';
import { startQueueWorkers } from '../../scripts/local-cloud/background.js';
import { requireServiceUrl } from '../harness-env.js';
import { createDeps, provideDeps, type Deps } from './deps.js';
import { freshDatabase } from './fresh-database.js';
import { testQueue } from './jobs.js';

const POLICY = { maxAttempts: 3, delaysMs: [50, 150] };

/**
 * The call acceptance tests' stack: a fresh PostgreSQL database, Redis (the webhook dedupe marks),
 * RabbitMQ on a topology of its own with the real analytics worker consuming it, and `env` on top
 * (the provider variables pointing at a double). Provided to every handler in the file.
 */
export async function callStack(label: string, env: Record<string, string>) {
  const pg = await freshDatabase(label);
  const rabbit = testQueue(requireServiceUrl('AMQP_URL'), POLICY);
  const config = loadConfig(
    { NODE_ENV: 'test', LOG_LEVEL: 'silent', DATABASE_URL: pg.url, REDIS_URL: requireServiceUrl('REDIS_URL'), ...env },
    { devSigningKeys: [await generateSigningKey()] },
  );
  const deps: Deps = await createDeps(config, { migrate: true, jobs: rabbit.queue });
  provideDeps(deps);
  const functions = new Map([
    ['queue-analytics-record', { name: 'queue-analytics-record', handler: analyticsWorker as unknown as FcHandler<FcHttpResult>, memory: 512, timeout: 60 }],
  ]);
  const workers = await startQueueWorkers(deps.jobs, functions, () => undefined, 20);
  return {
    deps,
    close: async () => {
      await workers.stop();
      await deps.close();
      await rabbit.destroy();
      await pg.drop();
    },
  };
}
