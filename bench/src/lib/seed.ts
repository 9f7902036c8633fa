import { randomBytes } from 'node:crypto';
import { MongoClient } from 'mongodb';
import pg from 'pg';
import { JoseAccessTokens } from '@chat/core/adapters/jose/access-tokens';
import { generateSigningKey } from '@chat/core/adapters/jose/signing-keys';
import { ScryptPasswordHasher } from '@chat/core/adapters/node-crypto/scrypt-password-hasher';
import { cryptoIds } from '@chat/core/adapters/node-crypto/system';
import { PostgresSqlDatabase } from '@chat/core/adapters/postgres/sql';
import { SqlConversationStore } from '@chat/core/adapters/sql/conversation-store';
import { migrate } from '@chat/core/adapters/sql/migrator';
import { SqlSessionStore } from '@chat/core/adapters/sql/session-store';
import { SqlUserStore } from '@chat/core/adapters/sql/user-store';

export interface SeedOptions {
  users: number;
  groupSize: number;
  /** The services' admin URL: a fresh database is created next to it. */
  databaseUrl: string;
  /** Set: messages go to a fresh database on this MongoDB server (the MongoDB message store). */
  mongodbUrl?: string;
  /** Copied into `gatewayEnv` so it is complete on its own (the bus, revocation marks, presence). */
  redisUrl?: string;
  /** Copied into `gatewayEnv`: sends relay their jobs to RabbitMQ, as deployed. */
  amqpUrl?: string;
}

export interface Seeded {
  /** Access tokens valid for a day, so no run outlives them. */
  users: { id: string; username: string; token: string }[];
  /** Group g has the users [g·k … g·k+k−1] (indexes into `users`); the last group may be smaller. */
  groups: { id: string; members: number[] }[];
  /**
   * Everything a gateway node (CHAT_API=inprocess) needs for this data set. Complete on its own:
   * do not merge the services' env under it, whose DATABASE_URL/MONGODB_URL point elsewhere.
   */
  gatewayEnv: Record<string, string>;
  /** Drops the fresh databases. */
  drop(): Promise<void>;
}

const TOKEN_TTL_SECONDS = 24 * 3600;

/** Databases seeded and not yet dropped, so an interrupted run can still drop them (main.ts). */
const undropped = new Set<() => Promise<void>>();

export async function dropUndropped(): Promise<void> {
  await Promise.allSettled([...undropped].map((drop) => drop()));
}
const ISSUER = 'fc-chat-bench';

/** `limit` workers draining `items`: enough to keep a small pool busy without queueing thousands of promises. */
async function eachLimited<T>(items: T[], limit: number, work: (item: T, index: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        await work(items[i]!, i);
      }
    }),
  );
}

async function freshPostgres(adminUrl: string, name: string): Promise<{ url: string; drop(): Promise<void> }> {
  const admin = async (sql: string) => {
    const client = new pg.Client({ connectionString: adminUrl });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  await admin(`CREATE DATABASE "${name}"`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => admin(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`) };
}

/**
 * Users, sessions, tokens and groups for a benchmark, in a fresh database. Registering through the
 * auth use case would cost one scrypt hash (N=2^15) per user, minutes for 2,000 users, so users are
 * created through the user store with one shared precomputed hash; each still gets a real session
 * row and an access token for it, exactly what login would have produced.
 */
export async function seedChat(options: SeedOptions): Promise<Seeded> {
  const name = `bench_${Date.now()}_${randomBytes(3).toString('hex')}`;
  const database = await freshPostgres(options.databaseUrl, name);
  let mongoUrl: string | undefined;
  const dropAll = async () => {
    if (mongoUrl) {
      const client = await new MongoClient(mongoUrl, { serverSelectionTimeoutMS: 10_000 }).connect();
      await client
        .db()
        .dropDatabase()
        .finally(() => client.close());
    }
    await database.drop();
  };
  const sql = new PostgresSqlDatabase(database.url, { max: 8 });
  try {
    await migrate(sql);
    if (options.mongodbUrl) {
      const url = new URL(options.mongodbUrl);
      url.pathname = `/${name}`;
      mongoUrl = url.toString();
    }
    const signingKeys = [await generateSigningKey()];
    const tokens = await JoseAccessTokens.create(signingKeys, { issuer: ISSUER, ttlSeconds: TOKEN_TTL_SECONDS });
    const userStore = new SqlUserStore(sql);
    const sessions = new SqlSessionStore(sql);
    const passwordHash = await new ScryptPasswordHasher().hash('bench password, never used to log in');
    const tag = randomBytes(3).toString('hex');
    const users: Seeded['users'] = new Array(options.users);
    const expiresAt = new Date(Date.now() + TOKEN_TTL_SECONDS * 1000);

    await eachLimited(
      Array.from({ length: options.users }, (_, i) => i),
      8,
      async (i) => {
        const username = `bench_${tag}_${i}`;
        const user = await userStore.create({ id: cryptoIds.id(), username, email: `${username}@bench.invalid`, displayName: `Bench ${i}`, passwordHash });
        const sessionId = cryptoIds.id();
        await sessions.create({ sessionId, userId: user.id, tokenHash: cryptoIds.digest(cryptoIds.secret()), expiresAt });
        users[i] = { id: user.id, username, token: (await tokens.issue({ userId: user.id, sessionId })).token };
      },
    );

    const conversations = new SqlConversationStore(sql);
    const groupCount = Math.ceil(options.users / options.groupSize);
    const groups: Seeded['groups'] = new Array(groupCount);
    await eachLimited(
      Array.from({ length: groupCount }, (_, g) => g),
      8,
      async (g) => {
        const members = Array.from({ length: Math.min(options.groupSize, options.users - g * options.groupSize) }, (_, j) => g * options.groupSize + j);
        const [owner, ...rest] = members.map((m) => users[m]!.id);
        const group = await conversations.createGroup({ id: cryptoIds.id(), title: `bench group ${g}`, ownerId: owner!, memberIds: rest, at: new Date() });
        groups[g] = { id: group.id, members };
      },
    );

    const gatewayEnv: Record<string, string> = {
      // Production settings (push off without FCM credentials, no dev defaults) need Redis and RabbitMQ.
      NODE_ENV: options.redisUrl && options.amqpUrl ? 'production' : 'test',
      LOG_LEVEL: 'warn',
      CHAT_API: 'inprocess',
      DATABASE_URL: database.url,
      JWT_SIGNING_KEYS: JSON.stringify(signingKeys),
      JWT_ISSUER: ISSUER,
      ACCESS_TOKEN_TTL_SECONDS: String(TOKEN_TTL_SECONDS),
      ...(mongoUrl && { MONGODB_URL: mongoUrl }),
      ...(options.redisUrl && { REDIS_URL: options.redisUrl }),
      ...(options.amqpUrl && { AMQP_URL: options.amqpUrl }),
    };
    const drop = async () => {
      undropped.delete(drop);
      await dropAll();
    };
    undropped.add(drop);
    return { users, groups, gatewayEnv, drop };
  } catch (error) {
    await dropAll().catch(() => undefined);
    throw error;
  } finally {
    await sql.close();
  }
}
