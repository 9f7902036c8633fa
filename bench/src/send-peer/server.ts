import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import { createAdapter } from '@socket.io/redis-adapter';
import { Redis } from 'ioredis';
import pg from 'pg';
import { Server } from 'socket.io';

/**
 * The naive peer of the send path (issue 15): what a Node.js team would write first for "send a
 * message, ack it once stored, push it to the room". Socket.IO 4 with `@socket.io/redis-adapter`
 * (as the fan-out peer, bench/src/peer/server.ts) and `pg` with its default pool (10). A send is one
 * `INSERT … RETURNING` that bumps the per-conversation counter in a CTE (autocommit, so the ack
 * follows the commit), then the ack, then `io.to(room).emit`. It writes into the same seeded
 * tables as ours, so the bench's stored = acked check reads both the same way.
 *
 * What it leaves out, each in its favour: no token (the handshake names the user and the one
 * conversation, trusted), membership only as "joined the room at connect" (no database read), no
 * idempotency lookup beyond the unique key (a repeat is an error, not the original), no outbox, no
 * jobs, no conversation activity or read marker.
 *
 * Env: PORT, HOST, REDIS_URL, DATABASE_URL. GET /healthz answers 200. SIGTERM closes and exits.
 */
const port = Number(process.env.PORT ?? 0);
const host = process.env.HOST ?? '127.0.0.1';
const [redisUrl, databaseUrl] = [process.env.REDIS_URL, process.env.DATABASE_URL];
if (!redisUrl || !databaseUrl) throw new Error('REDIS_URL and DATABASE_URL are required');

const INSERT = `
  WITH counter AS (
    INSERT INTO message_counters (conversation_id, last_seq) VALUES ($1, 1)
    ON CONFLICT (conversation_id) DO UPDATE SET last_seq = message_counters.last_seq + 1
    RETURNING last_seq)
  INSERT INTO messages (conversation_id, seq, id, sender_id, client_msg_id, text, created_at, updated_at)
  SELECT $1, last_seq, $2, $3, $4, $5, now(), now() FROM counter
  RETURNING conversation_id AS "conversationId", seq, id, sender_id AS "senderId", client_msg_id AS "clientMsgId", text, created_at AS "createdAt"`;

const pool = new pg.Pool({ connectionString: databaseUrl });
pool.on('error', () => undefined);
const http = createServer((req, res) => res.writeHead(req.url === '/healthz' ? 200 : 404).end());
const pub = new Redis(redisUrl, { connectionName: 'send-peer-pub' });
const sub = pub.duplicate({ connectionName: 'send-peer-sub' });
const io = new Server(http, { transports: ['websocket'], perMessageDeflate: false, serveClient: false, adapter: createAdapter(pub, sub) });

interface SendPayload {
  conversationId: string;
  clientMsgId: string;
  text: string;
}

io.on('connection', (socket) => {
  const { userId, conversationId } = socket.handshake.auth as { userId?: string; conversationId?: string };
  if (!userId || !conversationId) return void socket.disconnect(true);
  void socket.join(conversationId);
  socket.on('message.send', async (payload: SendPayload, ack: (reply: unknown) => void) => {
    if (!socket.rooms.has(payload.conversationId)) return ack({ ok: false, code: 'not_found' });
    try {
      const { rows } = await pool.query(INSERT, [payload.conversationId, randomUUID(), userId, payload.clientMsgId, payload.text]);
      ack({ ok: true, message: rows[0] });
      io.to(payload.conversationId).emit('message.new', rows[0]);
    } catch (error) {
      ack({ ok: false, code: (error as { code?: string }).code ?? 'internal' });
    }
  });
});

http.listen(port, host);

process.on('SIGTERM', () => {
  void io.close(() => {
    void Promise.allSettled([pub.quit(), sub.quit(), pool.end()]).then(() => process.exit(0));
  });
  setTimeout(() => process.exit(0), 5_000).unref();
});
