import { describe, expect, it } from 'vitest';
import { requireServiceUrl } from '../../../test/harness-env.js';
import { Progress } from '../lib/progress.js';
import type { Services } from '../lib/services.js';
import { MAX_EVENTS_PER_MESSAGE } from '@chat/core/domain/jobs/job';
import { runSendPath } from './run.js';

// A tiny run of the real scenario (gateway process, load-generator process, real services) per
// store: it proves the wiring and the honest checks, not the numbers.
const services: Services = {
  env: {
    DATABASE_URL: requireServiceUrl('DATABASE_URL'),
    REDIS_URL: requireServiceUrl('REDIS_URL'),
    AMQP_URL: requireServiceUrl('AMQP_URL'),
    MONGODB_URL: requireServiceUrl('MONGODB_URL'),
    // As `scripts/services env` prints it: the run must read the ports of a multi-host URL too.
    REDIS_CLUSTER_URL: requireServiceUrl('REDIS_CLUSTER_URL'),
  },
  release: async () => undefined,
};

describe('send-path bench', () => {
  it('runs the naive Socket.IO + pg peer the same way, and it stores exactly what it acked', async () => {
    const result = await runSendPath(
      { store: 'postgres', system: 'peer', seconds: 2, connections: 4, groupSize: 2, warmupSeconds: 1, commits: 'harness' },
      services,
      new Progress(2),
    );
    expect(result).toMatchObject({ system: 'peer', commits: 'harness', errors: 0, outboxLeft: 0, jobsRelayed: 0 });
    expect(result.acked).toBeGreaterThan(0);
    expect(result.storedMessages).toBe(result.totalAcked);
    expect(result.delivered).toBe(2 * result.storedMessages);
    expect(result.jobContent).toBeUndefined();
  });

  // Concurrently: each run has its own databases and its own job queues.
  it.concurrent.for(['postgres', 'mongo'] as const)(
    'acks sends through the whole path and the %s store holds exactly the acked messages',
    async (store, { expect }) => {
      // The harness's fast commits: switching durability (commit-durability.int.test.ts) is server-wide.
      const options = { store, seconds: 2, connections: 4, groupSize: 2, warmupSeconds: 1, commits: 'harness' } as const;
      const result = await runSendPath(options, services, new Progress(2));
      expect(result.commits).toBe('harness');

      expect(result.acked).toBeGreaterThan(0);
      expect(result.errors).toBe(0);
      expect(result.ackMs.p50).toBeGreaterThan(0);
      expect(result.ackMs.p99).toBeGreaterThanOrEqual(result.ackMs.p50);
      expect(result.conversations).toBe(2);
      // Every ack is one stored message, and each of the five workers' queues got every stored
      // message's job, from the publishes of batches of events (the fan-out copies each).
      expect(result.storedMessages).toBe(result.totalAcked);
      expect(result.outboxLeft).toBe(0);
      expect(result.messagesPerWorker).toEqual({
        mention: result.storedMessages,
        push: result.storedMessages,
        email: result.storedMessages,
        sync: result.storedMessages,
        analytics: result.storedMessages,
      });
      expect(result.jobsRelayed).toBe(5 * result.storedMessages);
      // Concurrent sends' events share broker messages, of at most MAX_EVENTS_PER_MESSAGE events.
      expect(result.jobPublishes).toBeLessThanOrEqual(result.storedMessages);
      expect(result.jobPublishes).toBeGreaterThanOrEqual(Math.ceil(result.storedMessages / MAX_EVENTS_PER_MESSAGE));
      // …and each names its message rightly: each worker's queue holds one job per stored message.
      expect(result.jobContent).toEqual({ complete: result.storedMessages, missing: 0, wrong: 0, duplicates: 0 });
      // Each message reaches both members of its group (the sender's own connection included).
      expect(result.delivered).toBe(2 * result.storedMessages);
      expect(result.gatewayCpuCores).toBeGreaterThan(0);
      expect(result.gatewayRssBytes).toBeGreaterThan(0);
    },
  );
});
