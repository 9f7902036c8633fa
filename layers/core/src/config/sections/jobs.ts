import { z } from 'zod';
import { envVar, int, url } from '../env-kit.js';

/** Background jobs (DESIGN §7). Without AMQP_URL (never in production) they go through the process's memory queue. */
export const jobs = z.object({
  amqpUrl: envVar('AMQP_URL', url(['amqp', 'amqps'])),
  /** Runs a job gets before it is dead-lettered, the first one included. */
  maxAttempts: envVar('JOB_MAX_ATTEMPTS', int(5)),
  /** Back-off before retry 1, 2, 3…; the last one repeats. */
  retryDelaysMs: envVar(
    'JOB_RETRY_DELAYS_MS',
    z
      .string()
      .transform((text) => text.split(',').map((part) => (part.trim() === '' ? NaN : Number(part))))
      .pipe(z.array(z.number().int().min(0)).min(1))
      .default([1_000, 5_000, 30_000, 120_000]),
  ),
  /** How long a worker holds a job's lease; must exceed one run of a job. */
  leaseSeconds: envVar('JOB_LEASE_SECONDS', int(120)),
  /** Name prefix of the exchanges and queues (`<prefix>.jobs.<type>`); s.yaml's triggers use `chat`. */
  queuePrefix: envVar(
    'JOB_QUEUE_PREFIX',
    z
      .string()
      .regex(/^[A-Za-z0-9][A-Za-z0-9_-]*$/, 'letters, digits, - and _ only')
      .default('chat'),
  ),
});
