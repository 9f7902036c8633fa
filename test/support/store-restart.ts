import { setTimeout as sleep } from 'node:timers/promises';
import { MongoClient } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OutboxJob } from '@chat/core/domain/jobs/job';
import type { JobQueue } from '@chat/core/ports/job-queue';
import { relayOutbox } from '@chat/core/use-cases/jobs/relay-outbox';
import type { Deps } from './deps.js';
import { openGroup, send } from './chat.js';
import type { Reply } from './fc-http.js';
import { jobDeps } from './jobs.js';
import { serviceOutage, type OutageService } from './outage.js';
import { registerUser, type TestUser } from './users.js';

/*
 * Shared by faults-postgres and faults-mongo (one process each: a restart in one must not
 * leave driver state behind for the other). Acceptance (issue 11 §3): the store behind the messages is restarted during a stream of sends
 * through the real HTTP function. No send is acknowledged that was not stored; sends during the
 * outage are 503 dependency_unavailable with Retry-After (never `internal`); retried with the same
 * clientMsgId after the restart each message is stored once; and every stored message's jobs went
 * out through the outbox. PostgreSQL holds the messages in the first case; in the second they are
 * in MongoDB (FerretDB) while users and conversations stay in PostgreSQL.
 */

/** A job queue that only records what was published: the outbox is under test here, not a broker. */
function recordingQueue(): JobQueue & { published: OutboxJob[] } {
  const published: OutboxJob[] = [];
  const unused = () => Promise.reject(new Error('not used by this test'));
  return {
    published,
    assertTopology: async () => undefined,
    publish: async (jobs) => void published.push(...jobs),
    retryOrDeadLetter: unused,
    deadLetter: unused,
    consume: unused,
    close: async () => undefined,
  };
}

const messageIdOf = (job: OutboxJob) =>
  'messageId' in job.payload ? job.payload.messageId : (job.payload as { message: { messageId: string } }).message.messageId;

// Refused sends to wait for during the outage. A Mongo send fails only after the driver's server
// selection timeout (10 s by default), and appends to one conversation queue behind each other in a
// process, so there each failure costs that much wall time: the test's connection string sets 2 s.
// The path is the same (MongoServerSelectionError → 503, then a replacement client), only sooner.
const MONGO_OPTIONS = { serverSelectionTimeoutMS: '2000' };

export function describeStoreRestart({ service, store, refusals }: { service: OutageService; store: 'sql' | 'mongo'; refusals: number }): void {
  describe(`a ${service} restart during a stream of sends (${store} message store)`, () => {
    const outage = serviceOutage(service);
    const queue = recordingQueue();
    let env: Awaited<ReturnType<typeof jobDeps>>;
    let deps: Deps;
    let alice: TestUser;
    let group: string;

    /** clientMsgId → message id, as stored (read back after the restart). */
    const stored = async (): Promise<{ clientMsgId: string; id: string }[]> => {
      if (store === 'sql') {
        const { rows } = await deps.sql.query<{ client_msg_id: string; id: string }>('SELECT client_msg_id, id FROM messages WHERE conversation_id = $1', [
          group,
        ]);
        return rows.map((r) => ({ clientMsgId: r.client_msg_id, id: r.id }));
      }
      const client = await new MongoClient(deps.config.mongodb.url!).connect();
      try {
        const docs = await client.db().collection<{ clientMsgId: string; id: string }>('messages').find({ conversationId: group }).toArray();
        return docs.map((d) => ({ clientMsgId: d.clientMsgId, id: d.id! }));
      } finally {
        await client.close();
      }
    };

    beforeAll(async () => {
      env = await jobDeps(store, queue, 3, store === 'mongo' ? MONGO_OPTIONS : {});
      deps = env.deps;
      alice = await registerUser(`fault_${store}`);
      group = await openGroup(alice, [await registerUser(`fault_${store}`)]);
    }, 60_000);
    afterAll(async () => {
      // First: the server must be back for the cleanup and for whatever runs next.
      await outage.end();
      await env?.close();
    }, 120_000);

    it('acknowledges only stored sends, refuses the others as 503 dependency_unavailable, stores each retried send once', async () => {
      const replies = new Map<string, Reply>();
      let n = 0;
      let streaming = true;
      // Four senders, each one request at a time (a client waits for its answer), until told to stop.
      const lane = async () => {
        while (streaming) {
          const clientMsgId = `m${n++}`;
          const reply = await send(alice, group, { clientMsgId, text: clientMsgId });
          replies.set(clientMsgId, reply);
          await sleep(reply.status === 503 ? 100 : 20);
        }
      };
      const failures = () => [...replies.values()].filter((r) => r.status === 503).length;
      const lanes = Promise.all([lane(), lane(), lane(), lane()]);
      const waitFor = async (check: () => boolean, what: string, timeoutMs: number) => {
        const deadline = Date.now() + timeoutMs;
        while (!check()) {
          if (Date.now() > deadline) throw new Error(`timed out waiting for ${what} (${replies.size} answers, ${failures()} refused)`);
          await sleep(20);
        }
      };
      await waitFor(() => replies.size >= 20, 'sends before the outage', 10_000);

      await outage.begin();
      await waitFor(() => failures() >= refusals, 'refused sends', 60_000);
      await outage.end();
      const answered = replies.size;
      // Mongo: the driver sometimes never selects the restarted FerretDB (every operation keeps
      // failing server selection with the old connection's error; seen in ~1 of 5 runs, still open).
      await waitFor(() => replies.size >= answered + 20, 'sends after the restart', 45_000);
      streaming = false;
      await lanes;

      const all = [...replies];
      const acked = all.filter(([, r]) => r.status === 201);
      const refused = all.filter(([, r]) => r.status === 503);
      // Only two answers exist: stored (201) or retry later (503); never a 500 `internal`.
      expect(all.filter(([, r]) => r.status !== 201 && r.status !== 503).map(([id, r]) => [id, r.status, r.json?.error?.code])).toEqual([]);
      expect(refused.length).toBeGreaterThanOrEqual(refusals);
      for (const [, r] of refused) {
        expect(r.json.error.code).toBe('dependency_unavailable');
        expect(r.headers['retry-after']).toBe('2');
      }

      // Every acknowledged send is stored, as acknowledged.
      const before = new Map((await stored()).map((m) => [m.clientMsgId, m.id]));
      expect(acked.filter(([id, r]) => before.get(id) !== r.json.message.id).map(([id]) => id)).toEqual([]);

      // The refused ones, retried with the same clientMsgId: stored now (or found stored, if the
      // store committed a write whose answer was lost).
      for (const [clientMsgId] of refused) expect([200, 201]).toContain((await send(alice, group, { clientMsgId, text: clientMsgId })).status);
      const after = await stored();
      const counts = new Map<string, number>();
      for (const m of after) counts.set(m.clientMsgId, (counts.get(m.clientMsgId) ?? 0) + 1);
      expect([...replies.keys()].filter((id) => counts.get(id) !== 1)).toEqual([]);
      expect(after).toHaveLength(replies.size);

      // The outbox is complete: after the sweep every stored message's event (which the broker
      // copies to each worker's queue) was published.
      await relayOutbox(deps.chat);
      expect(await deps.chat.outbox.pending(10)).toEqual([]);
      const jobs = new Map<string, Set<string>>();
      for (const job of queue.published) jobs.set(messageIdOf(job), (jobs.get(messageIdOf(job)) ?? new Set()).add(job.type));
      expect(after.filter((m) => !jobs.get(m.id)?.has('message')).map((m) => m.clientMsgId)).toEqual([]);
    }, 150_000);
  });
}
