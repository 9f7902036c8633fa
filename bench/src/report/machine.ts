import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import os from 'node:os';
import { promisify } from 'node:util';
import { Redis } from 'ioredis';
import { parseRedisClusterUrl } from '@chat/core/config/redis-url';
import { repoRoot } from '../lib/services.js';
import type { Machine } from './types.js';

const run = promisify(execFile);

const git = (...args: string[]) =>
  run('git', args, { cwd: repoRoot }).then(
    (r) => r.stdout.trim(),
    () => undefined,
  );

/** The host the figures belong to: they mean little without it. */
export async function describeMachine(redis: { version: string | undefined }): Promise<Machine> {
  const cpus = os.cpus();
  return {
    cpuModel: cpus[0]?.model.trim() ?? 'unknown',
    cores: os.availableParallelism(),
    memoryBytes: os.totalmem(),
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
    redis: redis.version,
    commit: await git('rev-parse', '--short=12', 'HEAD'),
    dirty: ((await git('status', '--porcelain', '--untracked-files=no')) ?? '') !== '',
    loadAverage: Math.round(os.loadavg()[0]! * 100) / 100,
  };
}

/**
 * The Redis server's version and pid (INFO server). The pid lets the bench sample Redis' CPU and
 * RSS from /proc; it is dropped when Redis runs elsewhere (another host or a container's pid space).
 */
/** Pids of the local servers behind `url`: the one Redis, or every master of a `redis+cluster://` URL. */
export async function redisPids(url: string): Promise<number[]> {
  const cluster = parseRedisClusterUrl(url);
  const urls = cluster ? cluster.nodes.map((n) => `redis://${n.host}:${n.port}`) : [url];
  const infos = await Promise.all(urls.map((u) => redisInfo(u)));
  return infos.flatMap((i) => (i.pid === undefined ? [] : [i.pid]));
}

export async function redisInfo(url: string): Promise<{ version: string | undefined; pid: number | undefined }> {
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1 });
  try {
    await redis.connect();
    const info = await redis.info('server');
    const version = /redis_version:(\S+)/.exec(info)?.[1];
    const pid = Number(/process_id:(\d+)/.exec(info)?.[1]);
    const local = Number.isInteger(pid) && existsSync(`/proc/${pid}/comm`) && readFileSync(`/proc/${pid}/comm`, 'utf8').includes('redis');
    return { version, pid: local ? pid : undefined };
  } finally {
    redis.disconnect();
  }
}
