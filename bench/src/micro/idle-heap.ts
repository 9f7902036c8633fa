import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { freshBuild } from '../../../scripts/build/gateway.js';
import { BENCH_DIST } from '../lib/server-process.js';

/**
 * `npm run bench:idle-heap -w @chat/bench`: what an idle connection costs a gateway node's heap,
 * measured on a build made exactly like the gateway's (so esbuild's settings count: see
 * LONG_LIVED_OPTIONS in scripts/build/gateway.ts), three runs. Unlike the fan-out bench's
 * RSS-based figure it leaves out heap slack, so it shows what one change saves.
 */
const run = promisify(execFile);
const [node, client] = await Promise.all([
  freshBuild(path.resolve(import.meta.dirname, 'idle-heap/node.ts'), path.join(BENCH_DIST, 'idle-heap-node')),
  freshBuild(path.resolve(import.meta.dirname, 'idle-heap/client.ts'), path.join(BENCH_DIST, 'idle-heap-client')),
]);
for (let i = 0; i < 3; i++) {
  const { stdout } = await run(process.execPath, ['--expose-gc', node.entry], { env: { ...process.env, CLIENT_ENTRY: client.entry } });
  console.log(stdout.trim());
}
