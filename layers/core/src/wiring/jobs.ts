import { SqlJobLedger } from '../adapters/sql/job-ledger.js';
import type { JobLedger } from '../ports/job-ledger.js';
import type { JobQueue } from '../ports/job-queue.js';
import { rootLogger } from '../runtime/logger.js';
import { notConfigured } from './embedded-only.js';
import { sqlDatabase } from './sql.js';
import { feature } from './wiring.js';

/** RabbitMQ (docs/adr/0008). Connects on first use, so a broker outage never fails start-up. */
export const jobQueue = feature<JobQueue>(
  'jobs',
  async ({ config }) => {
    if (!config.jobs.amqpUrl) throw notConfigured('AMQP_URL', 'job queue');
    const { RabbitJobQueue } = await import('../adapters/rabbitmq/job-queue.js');
    const log = rootLogger();
    const policy = { maxAttempts: config.jobs.maxAttempts, delaysMs: config.jobs.retryDelaysMs };
    return new RabbitJobQueue(config.jobs.amqpUrl, {
      prefix: config.jobs.queuePrefix,
      policy,
      onError: (err) => log.warn({ err }, 'RabbitMQ connection or channel error'),
    });
  },
  (jobs) => jobs.close(),
);

/** The workers' record of jobs that ran, so a duplicate delivery has no effect. */
export const jobLedger = feature<JobLedger>('ledger', async ({ use }) => new SqlJobLedger(await use(sqlDatabase)));
