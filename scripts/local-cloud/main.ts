import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { loadConfig, ConfigError } from '@chat/core/config/env';
import { embeddedWiring } from '@chat/core/wiring/embedded';
import { jobQueue } from '@chat/core/wiring/jobs';
import { mediaStorage } from '@chat/core/wiring/media';
import { LocalFsMediaStorage } from '@chat/core/adapters/local-fs/media-storage';
import { provideWiring } from '@chat/core/wiring/process';
import { loadSYaml } from '../lib/s-yaml.js';
import { loadFunctions } from './function-host.js';
import { startQueueWorkers, startTimers } from './background.js';
import { createApiServer } from './http-server.js';
import { devSigningKeys } from './dev-keys.js';
import { functionEnv, loadLocalCloudConfig } from './config.js';
import { startGatewayNodes } from './gateway-nodes.js';
import { createWsProxy } from './ws-proxy.js';
import { webStatic } from './web-static.js';
import { buildWeb, webIsStale, WEB_DIR } from '../build/web.js';
import { rootLogger } from '@chat/core/runtime/logger';

/**
 * `npm start`: the whole backend on one machine with no server to install. Function handlers run
 * in-process behind an HTTP server that routes by s.yaml and speaks the FC 3.0 event format.
 */
async function main(): Promise<void> {
  const local = loadLocalCloudConfig(process.env);
  const { port, dataDir } = local;
  await mkdir(path.join(dataDir, 'outbox', 'push'), { recursive: true });
  await mkdir(path.join(dataDir, 'outbox', 'email'), { recursive: true });

  const config = loadConfig(functionEnv(process.env, local), { devSigningKeys: await devSigningKeys(dataDir) });
  const wiring = await embeddedWiring(config, { migrate: true });
  provideWiring(wiring);

  // A fresh clone has no dist/web: build the app once (a few seconds), and again when its sources changed.
  if (await webIsStale()) {
    console.log('building the web app (web/app → dist/web) …');
    await buildWeb();
  }
  const spec = loadSYaml();
  const functions = await loadFunctions(spec);
  const log = (line: string) => process.stdout.write(`${new Date().toISOString()} ${line}\n`);
  // Queue workers and timers run as the FC triggers would run them (RabbitMQ when AMQP_URL is set).
  const workers = await startQueueWorkers(await wiring.use(jobQueue), functions, log);
  const timers = startTimers(spec, functions, log, local.timerSeconds * 1000);
  const storage = await wiring.use(mediaStorage);
  const web = webStatic({ dir: WEB_DIR });
  const server = createApiServer({
    routes: spec.routes,
    functions,
    log,
    allowedOrigins: config.http.corsAllowedOrigins,
    // The embedded media store's signed upload and download URLs point here (OSS serves them in the cloud).
    fallback: (req, res) => {
      if (storage instanceof LocalFsMediaStorage && req.url?.startsWith('/media-files/')) {
        void storage.handleRequest(req, res);
        return true;
      }
      return web(req, res);
    },
  });
  const gateway = await startGatewayNodes(wiring, { count: local.gatewayNodes, basePort: port, log: rootLogger() });
  const proxy = createWsProxy(() => gateway.nodes.map((n) => n.port));
  server.on('upgrade', (req, socket, head) => {
    if (new URL(req.url ?? '/', 'http://local').pathname === '/ws') proxy(req, socket, head);
    else socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n');
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', resolve);
  });
  const base = `http://127.0.0.1:${port}`;
  const backing = [
    config.database.url ? 'PostgreSQL (DATABASE_URL)' : `PGlite (${path.join(dataDir, 'pglite')})`,
    config.redis.url ? 'Redis (REDIS_URL)' : 'in-memory cache',
    config.jobs.amqpUrl ? 'RabbitMQ (AMQP_URL)' : 'in-memory queue',
  ];
  console.log(
    [
      // The web URL first: it is what a newcomer opens.
      `fc-chat local cloud ready: open ${base}/ in a browser`,
      `  Web app  ${base}/  (dist/web; ${functions.size} functions, ${spec.routes.length} routes behind it)`,
      `  API      ${base}/v1  (health: ${base}/v1/health, OpenAPI: ${base}/v1/openapi.json)`,
      `  JWKS     ${base}/.well-known/jwks.json`,
      `  WS       ws://127.0.0.1:${port}/ws  (gateway nodes: ${gateway.nodes.map((n) => `ws://127.0.0.1:${n.port}/ws`).join(', ')})`,
      `  data     ${dataDir}  (${backing.join(', ')})`,
      `  outbox   ${path.join(dataDir, 'outbox')}`,
      'Press Ctrl-C to stop.',
    ].join('\n'),
  );

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log(`${signal}: stopping`);
    timers.stop();
    await workers.stop();
    await gateway.close();
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await wiring.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
