import { execFile, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const root = fileURLToPath(new URL('../../..', import.meta.url));
const run = promisify(execFile);

export interface Services {
  env: { DATABASE_URL: string; REDIS_URL: string; AMQP_URL: string; MONGODB_URL: string; REDIS_CLUSTER_URL?: string };
  /** Stops the services if this run started them. */
  release(): Promise<void>;
}

/** The real backing services through scripts/services (as `npm test` does): reused if up. */
export async function ensureServices(log: (line: string) => void): Promise<Services> {
  const up = await run('bash', ['scripts/services', 'status'], { cwd: root }).then(
    () => true,
    () => false,
  );
  if (!up) {
    log('starting PostgreSQL, Redis, RabbitMQ and FerretDB (scripts/services up)…');
    await new Promise<void>((resolve, reject) => {
      const child = spawn('bash', ['scripts/services', 'up'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
      child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`scripts/services up exited with ${code}`))));
    });
  }
  const { stdout } = await run('bash', ['scripts/services', 'env'], { cwd: root });
  const env = Object.fromEntries([...stdout.matchAll(/^export (\w+)=(.*)$/gm)].map((m) => [m[1]!, m[2]!.replace(/^'(.*)'$/, '$1')]));
  for (const name of ['DATABASE_URL', 'REDIS_URL', 'AMQP_URL', 'MONGODB_URL']) {
    if (!env[name]) throw new Error(`scripts/services env did not print ${name}`);
  }
  // Another MongoDB-wire server to measure instead of the harness's FerretDB on SQLite (e.g. FerretDB
  // on its PostgreSQL backend, docs/performance.md); its CPU is found by the port in its command line.
  if (process.env.BENCH_MONGODB_URL) env.MONGODB_URL = process.env.BENCH_MONGODB_URL;
  return {
    env: env as Services['env'],
    release: async () => {
      if (!up && process.env.KEEP_SERVICES !== '1') await run('bash', ['scripts/services', 'down'], { cwd: root });
    },
  };
}

export const repoRoot = root;
