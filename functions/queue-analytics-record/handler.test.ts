import { describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import type { CallStats, MessageRef } from '@chat/core/domain/jobs/job';
import { fcContext } from '../../test/support/fc-http.js';
import { aJob, rabbitEvent } from '../../test/support/notify.js';
import { useChat } from '../../test/support/use-chat.js';
import { analyticsWorker, handler } from './handler.js';

const ref = (conversationId: string, createdAt: string): MessageRef => ({ conversationId, seq: 1, messageId: randomUUID(), senderId: 'u1', createdAt });

describe('queue-analytics-record', () => {
  const chat = useChat();

  it('counts message volume per conversation and UTC day', async () => {
    const conv = randomUUID();
    for (const at of ['2026-02-01T08:00:00Z', '2026-02-01T20:00:00Z', '2026-02-02T00:10:00Z'])
      await analyticsWorker(aJob('analytics', { kind: 'message', message: ref(conv, at) }), chat.deps);
    expect(await chat.deps.analytics.messageVolume(conv, { from: '2026-02-01', to: '2026-02-28' })).toEqual([
      { day: '2026-02-01', messages: 2 },
      { day: '2026-02-02', messages: 1 },
    ]);
  });

  it('counts a message once: a redelivered job is skipped by the ledger, and another job for it by the store', async () => {
    const message = ref(randomUUID(), '2026-02-03T10:00:00Z');
    const job = aJob('analytics', { kind: 'message', message });
    expect(await handler(rabbitEvent(job), fcContext())).toMatchObject({ processed: 1 });
    expect(await handler(rabbitEvent(job), fcContext())).toMatchObject({ processed: 0, skipped: 1 });
    expect(await handler(rabbitEvent(aJob('analytics', { kind: 'message', message })), fcContext())).toMatchObject({ processed: 1 });
    expect(await chat.deps.analytics.messageVolume(message.conversationId, { from: '2026-02-03', to: '2026-02-03' })).toEqual([
      { day: '2026-02-03', messages: 1 },
    ]);
  });

  it('records call statistics by call id', async () => {
    const call: CallStats = {
      callId: randomUUID(),
      conversationId: randomUUID(),
      provider: 'artc',
      kind: 'video',
      startedAt: '2026-02-04T18:00:00.000Z',
      endedAt: '2026-02-04T18:42:00.000Z',
      participants: 4,
      durationSeconds: 2520,
    };
    expect(await handler(rabbitEvent(aJob('analytics', { kind: 'call', call })), fcContext())).toMatchObject({ processed: 1 });
    await analyticsWorker(aJob('analytics', { kind: 'call', call }), chat.deps);
    expect(await chat.deps.analytics.callStats(call.callId)).toEqual(call);
  });
});
