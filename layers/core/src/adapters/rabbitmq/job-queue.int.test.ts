import { randomBytes } from 'node:crypto';
import { connect, type Channel } from 'amqplib';
import { describe, expect, it } from 'vitest';
import { requireServiceUrl } from '../../../../../test/harness-env.js';
import { MESSAGE_JOB_TYPES, type MessageEventBatch } from '../../domain/jobs/job.js';
import { aJob, anEvent, CONTRACT_POLICY, describeJobQueueContract } from '../../ports/job-queue.contract.js';
import { RabbitJobQueue } from './job-queue.js';
import { exchangeNames, queueNames } from './topology.js';

describeJobQueueContract('RabbitMQ', async () => {
  const url = requireServiceUrl('AMQP_URL');
  // A topology of its own, deleted afterwards, so parallel suites and the local cloud never meet.
  const prefix = `test-${randomBytes(4).toString('hex')}`;
  const queue = new RabbitJobQueue(url, { prefix, policy: CONTRACT_POLICY });
  const admin = await connect(url);
  const ch = await admin.createChannel();
  return {
    queue,
    takeDeadLetters: async (type) => {
      const taken = [];
      for (let m = await ch.get(queue.names.deadQueue(type), { noAck: true }); m; m = await ch.get(queue.names.deadQueue(type), { noAck: true })) {
        taken.push({ body: m.content.toString('utf8'), reason: String(m.properties.headers?.['x-error'] ?? '') });
      }
      return taken;
    },
    putRaw: async (type, body) => void ch.sendToQueue(queue.names.workQueue(type), Buffer.from(body)),
    close: async () => {
      await queue.close();
      for (const name of queueNames(queue.names, CONTRACT_POLICY)) await ch.deleteQueue(name);
      for (const name of exchangeNames(queue.names)) await ch.deleteExchange(name);
      await admin.close();
    },
  };
});

/** Runs `test` with a queue on a topology of its own, deleted afterwards, and an admin channel. */
async function onOwnTopology(test: (queue: RabbitJobQueue, ch: Channel) => Promise<void>): Promise<void> {
  const url = requireServiceUrl('AMQP_URL');
  const queue = new RabbitJobQueue(url, { prefix: `test-${randomBytes(4).toString('hex')}`, policy: CONTRACT_POLICY });
  const admin = await connect(url);
  const ch = await admin.createChannel();
  try {
    await test(queue, ch);
  } finally {
    await queue.close();
    for (const name of queueNames(queue.names, CONTRACT_POLICY)) await ch.deleteQueue(name);
    for (const name of exchangeNames(queue.names)) await ch.deleteExchange(name);
    await admin.close();
  }
}

describe('RabbitJobQueue', () => {
  it('rejects a publish the broker cannot route (mandatory + confirm), so the outbox keeps the job', () =>
    onOwnTopology(async (queue, ch) => {
      await queue.assertTopology();
      // A queue that vanished (deleted by an operator) leaves its binding without a destination.
      await ch.deleteQueue(queue.names.workQueue('push'));
      await expect(queue.publish([aJob('push')])).rejects.toThrow('no queue to go to');
      await queue.publish([aJob('email')]);
    }));

  it('rejects an event no worker queue is bound for; with one queue deleted the others get it, and a new connection restores that one', () =>
    onOwnTopology(async (queue, ch) => {
      const depth = async (type: (typeof MESSAGE_JOB_TYPES)[number]) => (await ch.checkQueue(queue.names.workQueue(type))).messageCount;
      await queue.assertTopology();
      // mandatory on a fanout catches only "no queue at all" (ADR 0008).
      await ch.deleteQueue(queue.names.workQueue('push'));
      await queue.publish([anEvent()]);
      expect(await Promise.all(MESSAGE_JOB_TYPES.filter((t) => t !== 'push').map(depth))).toEqual([1, 1, 1, 1]);
      for (const type of MESSAGE_JOB_TYPES.filter((t) => t !== 'push')) await ch.deleteQueue(queue.names.workQueue(type));
      await expect(queue.publish([anEvent()])).rejects.toThrow('no queue to go to');
      // A returned message leaves the connection up; the next connection asserts the topology again.
      await queue.close();
      await queue.publish([anEvent()]);
      expect(await Promise.all(MESSAGE_JOB_TYPES.map(depth))).toEqual([1, 1, 1, 1, 1]);
    }));

  it('carries the events of concurrent publishes in fewer broker messages, and a lone event alone', () =>
    onOwnTopology(async (queue, ch) => {
      const bodies = async () => {
        const got: MessageEventBatch[] = [];
        for (let m = await ch.get(queue.names.workQueue('sync'), { noAck: true }); m; m = await ch.get(queue.names.workQueue('sync'), { noAck: true }))
          got.push(JSON.parse(m.content.toString('utf8')) as MessageEventBatch);
        return got;
      };
      await queue.assertTopology();
      const lone = anEvent();
      await queue.publish([lone]);
      expect((await bodies()).map((b) => b.events)).toEqual([[lone]]);
      const events = Array.from({ length: 40 }, () => anEvent());
      await Promise.all(events.map((e) => queue.publish([e])));
      const batches = await bodies();
      // While a confirm is outstanding the calls that arrive gather into the next message.
      expect(batches.length).toBeLessThan(events.length / 4);
      expect(
        batches
          .flatMap((b) => b.events)
          .map((e) => e.id)
          .sort(),
      ).toEqual(events.map((e) => e.id).sort());
    }));

  it('fails fast while the broker is unreachable', async () => {
    const queue = new RabbitJobQueue('amqp://guest:guest@127.0.0.1:1', { timeoutMs: 1_000 });
    const started = Date.now();
    await expect(queue.publish([aJob('push')])).rejects.toThrow();
    expect(Date.now() - started).toBeLessThan(1_500);
    await queue.close();
  });
});
