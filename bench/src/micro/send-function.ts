import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { PostgresSqlDatabase } from '@chat/core/adapters/postgres/sql';
import { migrate } from '@chat/core/adapters/sql/migrator';
import { PENDING_SEQ } from '@chat/core/ports/message-store';
import { round } from '../lib/proc-stats.js';

/**
 * `npm run bench:send-function -w @chat/bench -- [--batch 30] [--rounds 300] [--function FILE]`
 * (`DATABASE_URL` set): PostgreSQL's CPU per send inside `send_messages` alone, read from the
 * backend's /proc stat, on a scratch database (migrated, 20 groups of 5, dropped afterwards).
 * `--function` first runs a file that replaces the function (`CREATE OR REPLACE`), to compare a
 * variant with what the migrations installed, back to back on the same server.
 */
const { values } = parseArgs({
  options: { batch: { type: 'string', default: '30' }, rounds: { type: 'string', default: '300' }, function: { type: 'string' } },
});
const base = process.env.DATABASE_URL;
if (!base) throw new Error('DATABASE_URL is not set (source the env that `bash scripts/services up` printed)');
const [batch, rounds] = [Number(values.batch), Number(values.rounds)];
const groups = 20;
const groupSize = 5;

const admin = new pg.Client({ connectionString: base });
await admin.connect();
const name = `send_function_${process.pid}`;
await admin.query(`CREATE DATABASE ${name}`);
const url = new URL(base);
url.pathname = `/${name}`;
try {
  const db = new PostgresSqlDatabase(url.toString(), { max: 1 });
  await migrate(db);
  await db.close();
  const client = new pg.Client({ connectionString: url.toString() });
  await client.connect();
  try {
    await seed(client);
    if (values.function) await client.query(readFileSync(values.function, 'utf8'));
    const pid = (await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]!.pid;
    const call = () => client.query('SELECT send_messages($1::jsonb)', [JSON.stringify(Array.from({ length: batch }, sendItem))]);
    for (let i = 0; i < 30; i++) await call(); // warm-up: plans, caches
    const [cpu0, wall0] = [backendCpuMs(pid), performance.now()];
    for (let i = 0; i < rounds; i++) await call();
    const [cpu1, wall1] = [backendCpuMs(pid), performance.now()];
    const sends = batch * rounds;
    console.log(
      JSON.stringify({
        function: values.function ?? 'migrated',
        batch,
        sends,
        backendCpuUsPerSend: round(((cpu1 - cpu0) * 1000) / sends),
        wallUsPerSend: round(((wall1 - wall0) * 1000) / sends),
        loadAverage: round(os.loadavg()[0]!),
      }),
    );
  } finally {
    await client.end();
  }
} finally {
  await admin.query(`DROP DATABASE ${name} WITH (FORCE)`);
  await admin.end();
}

async function seed(client: pg.Client): Promise<void> {
  for (let g = 0; g < groups; g++) {
    const users = Array.from({ length: groupSize }, (_, i) => `u${g * groupSize + i}`);
    for (const u of users)
      await client.query(`INSERT INTO users (id, username, email, password_hash, display_name, created_at) VALUES ($1, $1, $1 || '@bench', 'x', $1, now())`, [
        u,
      ]);
    await client.query(
      `INSERT INTO conversations (id, type, title, created_by, created_at, last_activity_at) VALUES ($1, 'group', 'bench', $2, now(), now())`,
      [`c${g}`, users[0]],
    );
    for (const u of users)
      await client.query(`INSERT INTO conversation_members (conversation_id, user_id, role, joined_at, changed_at) VALUES ($1, $2, 'member', now(), now())`, [
        `c${g}`,
        u,
      ]);
  }
}

// A send as the SQL adapter hands it over (adapters/sql/send-batch.ts): one message event as its job.
function sendItem() {
  const g = Math.floor(Math.random() * groups);
  const [conversationId, senderId, id, at] = [`c${g}`, `u${g * groupSize + Math.floor(Math.random() * groupSize)}`, randomUUID(), new Date().toISOString()];
  const event = {
    id: randomUUID(),
    type: 'message',
    payload: { conversationId, seq: PENDING_SEQ, messageId: id, senderId, createdAt: at },
    createdAt: at,
    attempt: 0,
  };
  const common = { id, conversationId, senderId, clientMsgId: randomUUID(), text: 'a bench message of ordinary length', attachments: [] };
  return { ...common, replyToSeq: null, createdAt: at, call: null, jobs: JSON.stringify([event]), seqToken: String(PENDING_SEQ) };
}

function backendCpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // utime + stime, in clock ticks of 10 ms
}
