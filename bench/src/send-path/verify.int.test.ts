import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { requireServiceUrl } from '../../../test/harness-env.js';
import { drainJobs } from './verify.js';

describe('drainJobs', () => {
  it('refuses a run whose gateway never declared its job topology, with the reason, instead of ending the bench', async () => {
    const prefix = `bench-missing-${randomBytes(4).toString('hex')}`;
    await expect(drainJobs(requireServiceUrl('AMQP_URL'), prefix, 5, 200)).rejects.toThrow(`RabbitMQ has no ${prefix}.jobs.push, ${prefix}.jobs.email`);
  });
});
