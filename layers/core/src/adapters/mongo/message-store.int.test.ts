import { randomBytes, randomUUID } from 'node:crypto';
import { MongoClient } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requireServiceUrl } from '../../../../../test/harness-env.js';
import { describeMessageStoreContract } from '../../ports/message-store.contract.js';
import { MongoMessageStore } from './message-store.js';
import { openTestPglite } from '../../../../../test/support/pglite.js';
import { sendConversations } from '../sql/send-conversations.fixture.js';

// A database per run (and per suite), dropped afterwards, so runs never see each other's data.
const uniqueDbName = () => `messages_${Date.now()}_${randomBytes(4).toString('hex')}`;

async function dropDatabase(url: string, dbName: string): Promise<void> {
  const client = await new MongoClient(url).connect();
  try {
    await client.db(dbName).dropDatabase();
  } finally {
    await client.close();
  }
}

describeMessageStoreContract('MongoDB (FerretDB)', async () => {
  const url = requireServiceUrl('MONGODB_URL');
  const dbName = uniqueDbName();
  // Conversations stay in SQL beside the Mongo message store, as deployed (PGlite here).
  const sql = await openTestPglite();
  const conversations = sendConversations(sql);
  // Two stores, each with its own client, stand in for two processes.
  const store = await MongoMessageStore.connect(url, { dbName, conversations: conversations.store });
  const peer = await MongoMessageStore.connect(url, { dbName, conversations: conversations.store });
  return {
    store,
    outbox: store.outbox,
    peer,
    conversations,
    close: async () => {
      await Promise.all([store.close(), peer.close(), sql.close()]);
      await dropDatabase(url, dbName);
    },
  };
});

describe('MongoMessageStore next-seq hints', () => {
  const dbName = uniqueDbName();
  let url: string;
  let store: MongoMessageStore;
  let raw: MongoClient;

  beforeAll(async () => {
    url = requireServiceUrl('MONGODB_URL');
    store = await MongoMessageStore.connect(url, { dbName });
    raw = await new MongoClient(url).connect();
  });
  afterAll(async () => {
    await Promise.all([store?.close(), raw?.close()]);
    await dropDatabase(url, dbName);
  });

  it('never appends after a missing predecessor, even when its hint points past it (data restored)', async () => {
    const conversationId = `conv-${randomUUID()}`;
    const draft = () => ({
      id: randomUUID(),
      conversationId,
      senderId: 'alice',
      clientMsgId: randomUUID(),
      text: 'hi',
      attachments: [],
      replyToSeq: null,
      createdAt: new Date(),
    });
    for (let i = 0; i < 3; i++) await store.append(draft());
    // As if the database were restored from a backup taken after the first message.
    await raw
      .db(dbName)
      .collection('messages')
      .deleteMany({ conversationId, seq: { $gt: 1 } });
    expect((await store.append(draft())).message.seq).toBe(2);
  });
});
