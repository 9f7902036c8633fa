import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { MongoClient } from 'mongodb';
import { afterAll, beforeAll } from 'vitest';
import { generateSigningKey } from '@chat/core/adapters/jose/signing-keys';
import { PostgresSqlDatabase } from '@chat/core/adapters/postgres/sql';
import { migrate } from '@chat/core/adapters/sql/migrator';
import { requireServiceUrl } from '../harness-env.js';
import { startGateway, stopProcess, type RunningGateway } from '../support/gateway-process.js';
import { startLocalCloud, type RunningCloud } from '../support/local-cloud.js';
import { mapLimit, registerViaRest, rest, type RestUser } from '../support/rest.js';
import { WsClient } from '../support/ws-client.js';

/**
 * The topology of the messaging end-to-end suites, against real processes and real services: one
 * local cloud (REST API) and standalone gateway processes (two unless told otherwise) sharing Redis,
 * PostgreSQL and MongoDB (FerretDB), with `ws` clients. `useTopology` starts it before the first test
 * of the calling file and stops it after the last, so every file has processes and a MongoDB
 * database of its own; it also hands out the helpers the scenarios share.
 */

export const range = (from: number, to: number) => Array.from({ length: Math.max(0, to - from + 1) }, (_, i) => from + i);

export interface AckedMessage {
  id: string;
  seq: number;
  clientMsgId: string;
  senderId: string;
  createdAt: string;
  text: string;
}

export interface Topology {
  /** The local cloud (REST API); only once `beforeAll` has run. */
  readonly cloud: RunningCloud;
  /** Gateway process `i` (1-based). */
  gateway(i: 1 | 2): RunningGateway;
  /** The `ws://` URL of gateway `i`. */
  node(i: 1 | 2): string;
  /** `count` fresh users, registered over REST; `tag` goes into their names. */
  users(count: number, tag: string): Promise<RestUser[]>;
  /** A group created over REST by `owner` with `members`; resolves with its id. */
  group(owner: RestUser, members: RestUser[], title?: string): Promise<string>;
  /** A WS client of `user` on gateway `n` (terminated after the file's last test if still open). */
  connect(user: RestUser, n: 1 | 2, label?: string): Promise<WsClient>;
  /** A clientMsgId not used before in this file. */
  clientMsgId(tag: string): string;
  /** Sends refused with `dependency_unavailable` (retryable, ADR 0006) and retried with the same clientMsgId. */
  readonly retriedSends: number;
  /**
   * `message.send` over WS; resolves with the acknowledged message. Like a real client it retries a
   * send refused as `dependency_unavailable` (the store lost too many seq races; retrying with the same
   * clientMsgId is safe); any other `error` frame throws.
   */
  wsSend(client: WsClient, conversationId: string, text?: string, id?: string, timeoutMs?: number): Promise<AckedMessage>;
  /** `POST /v1/conversations/:id/messages`; resolves with the stored (or, on a resend, the original) message. */
  restSend(user: RestUser, conversationId: string, text?: string, id?: string): Promise<{ id: string; seq: number }>;
  /** The whole stored history of a conversation, read through the REST API page by page. */
  history(user: RestUser, conversationId: string): Promise<{ id: string; seq: number; clientMsgId: string }[]>;
}

/**
 * Registers the `beforeAll` that starts the topology and the `afterAll` that stops it (writing the
 * processes' logs to a temporary directory and dropping the MongoDB database); `name` tells the
 * files' users, logs and databases apart.
 */
export function useTopology(name: string, options: { gateways?: 1 | 2; messageStore?: 'mongo' | 'postgres' } = {}): Topology {
  const RUN = `${name.slice(0, 1)}${Date.now().toString(36)}${(process.pid % 1000).toString(36)}`;
  let cloud: RunningCloud | undefined;
  const gw: RunningGateway[] = [];
  let mongoUrl: string | undefined;
  const clients: WsClient[] = [];
  let sends = 0;
  let retriedSends = 0;

  beforeAll(async () => {
    const databaseUrl = requireServiceUrl('DATABASE_URL');
    const redisUrl = requireServiceUrl('REDIS_URL');
    // A database of our own: FerretDB scans whole collections for non-_id queries, so other suites'
    // messages would slow every history read down; it is dropped afterwards.
    if (options.messageStore !== 'postgres') {
      const mongo = new URL(requireServiceUrl('MONGODB_URL'));
      mongo.pathname = `/e2e_${RUN}`;
      mongoUrl = mongo.toString();
    }
    const db = new PostgresSqlDatabase(databaseUrl);
    await migrate(db);
    await db.close();
    // LOCAL_TIMER_SECONDS: the outbox sweep (a timer function) reads the pending outbox with a query
    // FerretDB answers by scanning the whole messages collection; every 5 s (the default) that scan
    // of the slow-consumer flood (several MB of 12 KB messages) starves the appends. Timers are not
    // under test here.
    const shared = {
      DATABASE_URL: databaseUrl,
      REDIS_URL: redisUrl,
      // Without MONGODB_URL the message history is in PostgreSQL, beside everything else.
      ...(mongoUrl ? { MONGODB_URL: mongoUrl } : {}),
      JWT_SIGNING_KEYS: JSON.stringify([await generateSigningKey()]),
      LOG_LEVEL: 'warn',
    };
    // Production config requires a broker: the jobs of sends made on the gateways go to RabbitMQ
    // (no worker reads them here; jobs are not under test).
    const gatewayEnv = (node: string) => ({
      ...shared,
      AMQP_URL: requireServiceUrl('AMQP_URL'),
      CHAT_API: 'inprocess',
      NODE_ENV: 'production',
      GATEWAY_NODE_NAME: node,
    });
    // Each process is kept as soon as it is up, so that `afterAll` stops it even if another failed.
    await Promise.all([
      startLocalCloud({ ...shared, GATEWAY_NODES: '1', LOCAL_TIMER_SECONDS: '3600' }).then((c) => (cloud = c)),
      ...range(1, options.gateways ?? 2).map((i) => startGateway(gatewayEnv(`${RUN}-${i}`)).then((g) => (gw[i - 1] = g))),
    ]);
  }, 120_000);

  afterAll(async () => {
    for (const c of clients) if (c.ws) c.ws.terminate();
    await Promise.all([cloud && stopProcess(cloud.process), ...gw.map((g) => stopProcess(g.process))]);
    // The processes' own logs (warn and above), for whoever has to find out why something failed.
    const logs = mkdtempSync(path.join(tmpdir(), `e2e-${name}-`));
    if (cloud) writeFileSync(path.join(logs, 'local-cloud.log'), cloud.output());
    gw.forEach((g, i) => writeFileSync(path.join(logs, `gateway-${i + 1}.log`), g.output()));
    console.log(`[e2e ${name}] process logs in ${logs}`);
    if (mongoUrl) {
      const client = await new MongoClient(mongoUrl, { serverSelectionTimeoutMS: 5_000 }).connect();
      await client
        .db()
        .dropDatabase()
        .catch(() => undefined);
      await client.close();
    }
  }, 60_000);

  const running = (): RunningCloud => {
    if (!cloud) throw new Error('the topology is not running (useTopology registers a beforeAll: call it inside describe)');
    return cloud;
  };
  const gateway = (i: 1 | 2): RunningGateway => {
    const g = gw[i - 1];
    if (!g) throw new Error(`no gateway ${i}: this topology has ${gw.length}`);
    return g;
  };
  const node = (i: 1 | 2) => gateway(i).wsUrl;
  const clientMsgId = (tag: string) => `${tag}-${++sends}`;

  return {
    get cloud() {
      return running();
    },
    get retriedSends() {
      return retriedSends;
    },
    gateway,
    node,
    clientMsgId,

    async users(count, tag) {
      return mapLimit(range(1, count), 4, () => registerViaRest(running().url, `${RUN}${tag}`));
    },

    async group(owner, members, title = 'e2e') {
      const res = await rest(running().url, 'POST', '/v1/conversations', {
        token: owner.token,
        body: { type: 'group', title, memberIds: members.map((m) => m.id) },
      });
      if (res.status !== 201) throw new Error(`group create: ${res.status} ${JSON.stringify(res.json)}`);
      return res.json.conversation.id as string;
    },

    async connect(user, n, label = `${user.username}@${n}`) {
      const client = await WsClient.connect(node(n), user.token, label);
      clients.push(client);
      return client;
    },

    async wsSend(client, conversationId, text = 'hi', id = clientMsgId('ws'), timeoutMs = 20_000) {
      for (let attempt = 1; ; attempt++) {
        const reply = await client.request({ type: 'message.send', conversationId, clientMsgId: id, text }, timeoutMs);
        if (reply.frame.type === 'ack') return reply.frame.message as AckedMessage;
        if (reply.frame.error?.code !== 'dependency_unavailable' || attempt >= 10) throw new Error(`send failed: ${JSON.stringify(reply.frame)}`);
        retriedSends++;
        await new Promise((r) => setTimeout(r, 200 + Math.random() * 800));
      }
    },

    async restSend(user, conversationId, text = 'hi', id = clientMsgId('rest')) {
      const res = await rest(running().url, 'POST', `/v1/conversations/${conversationId}/messages`, { token: user.token, body: { clientMsgId: id, text } });
      if (res.status !== 201 && res.status !== 200) throw new Error(`REST send: ${res.status} ${JSON.stringify(res.json)}`);
      return res.json.message as { id: string; seq: number };
    },

    async history(user, conversationId) {
      const items: { id: string; seq: number; clientMsgId: string }[] = [];
      for (let after = 0; ; ) {
        const res = await rest(running().url, 'GET', `/v1/conversations/${conversationId}/messages?afterSeq=${after}&limit=200`, { token: user.token });
        if (res.status !== 200) throw new Error(`history: ${res.status} ${JSON.stringify(res.json)}`);
        items.push(...res.json.items);
        if (!res.json.hasMore || res.json.items.length === 0) return items;
        after = res.json.items.at(-1).seq;
      }
    },
  };
}
