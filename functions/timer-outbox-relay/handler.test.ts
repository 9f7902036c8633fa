import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { processQueues } from '../../test/support/deps.js';
import { MESSAGE_JOB_TYPES } from '@chat/core/domain/jobs/job';
import { sendMessage } from '@chat/core/use-cases/chat/send-message';
import { useChat } from '../../test/support/use-chat.js';
import { handler } from './handler.js';

// What an FC timer trigger passes (s.yaml: cron every minute, this payload).
const timerEvent = Buffer.from(JSON.stringify({ triggerTime: '2026-11-27T10:00:00Z', triggerName: 'every-minute', payload: '{"task":"outbox-relay"}' }));

describe('timer-outbox-relay', () => {
  const chat = useChat({ users: ['timer', 'timer'], group: true });
  const [alice] = chat.users;

  it('relays the jobs a send left in the outbox while the broker was unreachable', async () => {
    const down = { ...chat.deps.chat, jobs: { ...chat.deps.jobs, publish: () => Promise.reject(new Error('ECONNREFUSED')) }, log: { warn: () => undefined } };
    await sendMessage(down, alice.id, { conversationId: chat.groupId, clientMsgId: randomUUID(), text: 'while down' });
    // The message's one event, which the broker copies to each worker's queue.
    expect(await chat.deps.chat.outbox.pending(10)).toHaveLength(1);

    expect(await handler(timerEvent, { requestId: 'timer-1' })).toEqual({ relayed: 1, more: false, forgotten: 0 });
    expect(await chat.deps.chat.outbox.pending(10)).toEqual([]);
    expect(MESSAGE_JOB_TYPES.map((t) => processQueues.depth(t))).toEqual(MESSAGE_JOB_TYPES.map(() => 1));
    expect(await handler(timerEvent, { requestId: 'timer-2' })).toEqual({ relayed: 0, more: false, forgotten: 0 });
  });
});
