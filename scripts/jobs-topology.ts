import { jobsConfig, loadSlice } from '@chat/core/config/env';
import { RabbitJobQueue } from '@chat/core/adapters/rabbitmq/job-queue';
import { queueNames } from '@chat/core/adapters/rabbitmq/topology';

/**
 * `AMQP_URL=… npx tsx scripts/jobs-topology.ts`: declares the job exchanges and queues (idempotent)
 * before the worker functions' triggers are created, since a trigger needs its queue to exist.
 */
const config = loadSlice(jobsConfig, process.env);
if (!config.jobs.amqpUrl) throw new Error('AMQP_URL is not set');
const queue = new RabbitJobQueue(config.jobs.amqpUrl, { policy: { maxAttempts: config.jobs.maxAttempts, delaysMs: config.jobs.retryDelaysMs } });
await queue.assertTopology();
await queue.close();
console.log(queueNames(queue.names, queue.policy).join('\n'));
