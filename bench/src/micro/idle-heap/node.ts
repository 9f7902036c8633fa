import { fork } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startCluster } from '../../../../gateway/src/test-support/cluster.js';

/**
 * One gateway node (gateway/src/node.ts, in-memory bus and a fake chat service) with `N` idle
 * connections opened by a child process (client.ts), so only the server's objects are in this
 * heap. Built like the gateway (scripts/build/gateway.ts) and run with --expose-gc by
 * ../idle-heap.ts; prints the heap and RSS growth per connection after full collections.
 */
const connections = Number(process.env.CONNECTIONS ?? 2000);
const clientEntry = process.env.CLIENT_ENTRY!;
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with --expose-gc');

const cluster = await startCluster({ nodes: 1 });
const users = Array.from({ length: connections }, (_, i) => `user-${i}`);
// Groups of 20, as in the fan-out bench: one conversation per connection.
for (let g = 0; g < connections / 20; g++) cluster.chat.createConversation(users.slice(g * 20, g * 20 + 20));
const tokens = await Promise.all(users.map((u) => cluster.tokens.issue(u)));
const file = path.join(tmpdir(), `idle-heap-${process.pid}.json`);
writeFileSync(file, JSON.stringify({ port: cluster.nodes[0]!.port, tokens }));

const settle = () => {
  gc();
  gc();
  return process.memoryUsage();
};
const before = settle();
const client = fork(clientEntry, [file]);
const opened = await new Promise<{ ready: number; ms: number }>((resolve) => client.once('message', (m) => resolve(m as { ready: number; ms: number })));
await new Promise((r) => setTimeout(r, 1_000));
const after = settle();
const per = (key: 'heapUsed' | 'rss' | 'external') => Math.round((after[key] - before[key]) / connections);
console.log(
  JSON.stringify({
    connections,
    ready: opened.ready,
    connectMs: opened.ms,
    heapBytesPerConnection: per('heapUsed'),
    rssBytesPerConnection: per('rss'),
    externalBytesPerConnection: per('external'),
  }),
);
client.kill();
await cluster.close();
process.exit(0);
