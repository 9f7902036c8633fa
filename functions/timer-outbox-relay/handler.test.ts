import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { processQueues, type Deps } from '../../test/support/deps.js';
import { MESSAGE_JOB_TYPES } from '@chat/core/domain/jobs/job';
import { sendMessage } from '@chat/core/use-cases/chat/send-message';
import { useEmbeddedDeps } from '../../test/support/deps.js';
import { openGroup } from '../../test/support/chat.js';
import { registerUser } from '../../test/support/users.js';
import { handler } from './handler.js';

// What an FC timer trigger passes (s.yaml: cron every minute, this payload).
const timerEvent = Buffer.from(JSON.stringify({ triggerTime: '2026-11-27T10:00:00Z', triggerName: 'every-minute', payload: '{"task":"outbox-relay"}' }));

describe('timer-outbox-relay', () => {
  let deps: Deps;
  beforeAll(async () => {
    deps = await useEmbeddedDeps();
  });

  it('relays the jobs a send left in the outbox while the broker was unreachable', async () => {
    const alice = await registerUser('timer');
    const group = await openGroup(alice, [await registerUser('timer')]);
    const down = { ...deps.chat, jobs: { ...deps.jobs, publish: () => Promise.reject(new Error('ECONNREFUSED')) }, log: { warn: () => undefined } };
    await sendMessage(down, alice.id, { conversationId: group, clientMsgId: randomUUID(), text: 'while down' });
    expect(await deps.chat.outbox.pending(10)).toHaveLength(5);

    expect(await handler(timerEvent, { requestId: 'timer-1' })).toEqual({ relayed: 5, more: false, forgotten: 0 });
    expect(await deps.chat.outbox.pending(10)).toEqual([]);
    expect(MESSAGE_JOB_TYPES.map((t) => processQueues.depth(t))).toEqual(MESSAGE_JOB_TYPES.map(() => 1));
    expect(await handler(timerEvent, { requestId: 'timer-2' })).toEqual({ relayed: 0, more: false, forgotten: 0 });
  });
});
