/**
 * Smoke test for the MongoDB-compatible service (FerretDB started by
 * `scripts/services`): proves the official driver can write, query with
 * sort/limit, and that unique indexes are enforced with the usual 11000 code.
 */
import { randomBytes } from 'node:crypto';
import { MongoClient, MongoServerError, type Collection, type Db } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requireServiceUrl } from './harness-env.js';

interface Message {
  roomId: string;
  seq: number;
  text: string;
}

describe('MongoDB-compatible service', () => {
  // Unique per run so parallel runs / leftovers of a crashed run never collide.
  const dbName = `smoke_${Date.now()}_${randomBytes(4).toString('hex')}`;
  let client: MongoClient | undefined;
  let db: Db;
  let messages: Collection<Message>;

  beforeAll(async () => {
    // Throws (fails the suite) when the services are not up: never skip.
    const url = requireServiceUrl('MONGODB_URL');
    const c = new MongoClient(url, { serverSelectionTimeoutMS: 10_000 });
    client = c;
    await c.connect();
    db = c.db(dbName);
    messages = db.collection<Message>('messages');
  });

  afterAll(async () => {
    if (!client) return; // beforeAll failed before creating it
    try {
      await client.db(dbName).dropDatabase();
    } finally {
      await client.close();
    }
  });

  it('answers ping', async () => {
    const res = await db.command({ ping: 1 });
    expect(res.ok).toBe(1);
  });

  it('inserts documents and finds them with sort and limit', async () => {
    const docs: Message[] = Array.from({ length: 10 }, (_, i) => ({
      roomId: i % 2 === 0 ? 'room-a' : 'room-b',
      seq: i,
      text: `message ${i}`,
    }));
    const inserted = await messages.insertMany(docs);
    expect(inserted.insertedCount).toBe(10);

    const latest = await messages
      .find({ roomId: 'room-a' }, { projection: { _id: 0 } })
      .sort({ seq: -1 })
      .limit(3)
      .toArray();
    expect(latest).toEqual([
      { roomId: 'room-a', seq: 8, text: 'message 8' },
      { roomId: 'room-a', seq: 6, text: 'message 6' },
      { roomId: 'room-a', seq: 4, text: 'message 4' },
    ]);

    expect(await messages.countDocuments({ roomId: 'room-b' })).toBe(5);
  });

  it('enforces a unique index with a duplicate-key error (11000)', async () => {
    const users = db.collection<{ email: string }>('users');
    const indexName = await users.createIndex({ email: 1 }, { unique: true });
    expect(indexName).toBe('email_1');

    await users.insertOne({ email: 'ada@example.com' });

    const err: unknown = await users.insertOne({ email: 'ada@example.com' }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(MongoServerError);
    expect((err as MongoServerError).code).toBe(11000);

    expect(await users.countDocuments({ email: 'ada@example.com' })).toBe(1);
  });
});
