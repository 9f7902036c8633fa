import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { sendItem } from '@chat/core/adapters/sql/send-batch';
import { jobsForMessage } from '@chat/core/domain/jobs/job';
import { round } from '../lib/proc-stats.js';
import { seedChat } from '../lib/seed.js';

/**
 * `npm run bench:send-function -w @chat/bench -- [--batch 30] [--rounds 300] [--function FILE]`
 * (`DATABASE_URL` set): PostgreSQL's CPU per send inside `send_messages` alone, read from the
 * backend's /proc stat, on a database `seedChat` makes (20 groups of 5, dropped afterwards).
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

const seeded = await seedChat({ databaseUrl: base, users: groups * groupSize, groupSize });
try {
  const client = new pg.Client({ connectionString: seeded.gatewayEnv.DATABASE_URL });
  await client.connect();
  try {
    if (values.function) await client.query(readFileSync(values.function, 'utf8'));
    const pid = (await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]!.pid;
    const call = () => client.query('SELECT send_messages($1::jsonb)', [JSON.stringify(Array.from({ length: batch }, aSend))]);
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
  await seeded.drop();
}

// A send exactly as the SQL adapter hands it over (its own `sendItem`), with a message's one event.
function aSend() {
  const group = seeded.groups[Math.floor(Math.random() * seeded.groups.length)]!;
  const sender = seeded.users[group.members[Math.floor(Math.random() * group.members.length)]!]!;
  const message = {
    id: randomUUID(),
    conversationId: group.id,
    senderId: sender.id,
    clientMsgId: randomUUID(),
    text: 'a bench message of ordinary length',
    attachments: [],
    replyToSeq: null,
    createdAt: new Date(),
  };
  return sendItem(message, (m) =>
    jobsForMessage(
      { conversationId: m.conversationId, seq: m.seq, messageId: m.id, senderId: m.senderId, createdAt: m.createdAt.toISOString() },
      randomUUID,
      m.createdAt.toISOString(),
    ),
  );
}

function backendCpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // utime + stime, in clock ticks of 10 ms
}
