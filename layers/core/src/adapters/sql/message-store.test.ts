import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { describeMessageStoreContract } from '../../ports/message-store.contract.js';
import { openTestPglite } from '../../../../../test/support/pglite.js';
import { SqlMessageStore } from './message-store.js';
import { migrate } from './migrator.js';
import { sendConversations } from './send-conversations.fixture.js';

describeMessageStoreContract('SQL on PGlite', async () => {
  const db = await openTestPglite();
  await migrate(db);
  // PGlite is one connection in one process: the peer is a second store object on it, which
  // checks that no state outside the database matters, though not two real connections.
  const store = new SqlMessageStore(db);
  return { store, outbox: store.outbox, peer: new SqlMessageStore(db), conversations: sendConversations(db), close: () => db.close() };
});

describe('SqlMessageStore.send on PGlite', () => {
  it('fails only the send whose text the database cannot hold, not the others of its batch', async () => {
    const db = await openTestPglite();
    try {
      const conversations = sendConversations(db);
      const user = await conversations.makeUser();
      await conversations.store.createGroup({ id: 'c-nul', title: 't', ownerId: user, memberIds: [], at: new Date() });
      const store = new SqlMessageStore(db, { sendBatches: 1 });
      const draft = (text: string) => ({
        id: randomUUID(),
        conversationId: 'c-nul',
        senderId: user,
        clientMsgId: randomUUID(),
        text,
        attachments: [],
        replyToSeq: null,
        createdAt: new Date(),
      });
      // The first send runs alone; the next three queue behind it and go as one batch.
      const outcomes = await Promise.allSettled([store.send(draft('a')), store.send(draft('b')), store.send(draft('c\u0000')), store.send(draft('d'))]);
      expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled']);
      expect(outcomes[2]).toMatchObject({ reason: { code: 'validation_failed' } });
      expect((await store.range('c-nul', { limit: 10 })).items.map((m) => [m.seq, m.text])).toEqual([
        [1, 'a'],
        [2, 'b'],
        [3, 'd'],
      ]);
    } finally {
      await db.close();
    }
  });
});
