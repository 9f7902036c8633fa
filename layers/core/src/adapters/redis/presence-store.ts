import type { ChainableCommander } from 'ioredis';
import type { OfflineUser, PresenceConnection, PresenceStore } from '../../ports/presence-store.js';
import { createRedisClient, pipelined, type RedisClient } from './client.js';
import { ignoreReconnectErrors, mapRedisError, rethrowRedisError } from './redis-error.js';

// Per user, one hash slot ({userId}): a sorted set of connection ids scored by last heartbeat and a
// set of conversation ids. Scripts touch one user's keys only, so they run on a Redis Cluster too.
// The index of users (scored by newest heartbeat) is only a hint for the sweep; claims are per user,
// and every heartbeat puts a live user back into it. (On a cluster the index is one key, so one shard.)

// KEYS: conns, convs; ARGV: connectionId, now, ttl, keyTtl, conversationId… → number of live
// connections before this one. The conversation set is replaced in the same call (one write and one
// round trip per connect: on this kind of machine a socket write is the dearest part of it).
const CONNECT = `
redis.call('DEL', KEYS[2])
for i = 5, #ARGV, 1000 do
  redis.call('SADD', KEYS[2], unpack(ARGV, i, math.min(i + 999, #ARGV)))
end
if #ARGV > 4 then redis.call('PEXPIRE', KEYS[2], ARGV[4]) end
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', tonumber(ARGV[2]) - tonumber(ARGV[3]))
local before = redis.call('ZCARD', KEYS[1])
redis.call('ZADD', KEYS[1], ARGV[2], ARGV[1])
redis.call('PEXPIRE', KEYS[1], ARGV[4])
return before`;

// KEYS: conns; ARGV: connectionId, now, ttl, keyTtl → 1 if refreshed, 0 if it had expired or gone
const HEARTBEAT = `
local score = redis.call('ZSCORE', KEYS[1], ARGV[1])
if not score or tonumber(score) <= tonumber(ARGV[2]) - tonumber(ARGV[3]) then return 0 end
redis.call('ZADD', KEYS[1], ARGV[2], ARGV[1])
redis.call('PEXPIRE', KEYS[1], ARGV[4])
return 1`;

// KEYS: conns, convs; ARGV: connectionId, now, ttl → 1 if this call removed the last live connection
const DISCONNECT = `
local removed = redis.call('ZREM', KEYS[1], ARGV[1])
local purged = redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', tonumber(ARGV[2]) - tonumber(ARGV[3]))
if redis.call('ZCARD', KEYS[1]) > 0 or removed + purged == 0 then return 0 end
redis.call('DEL', KEYS[2])
return 1`;

// KEYS: conns, convs; ARGV: now, ttl → {lastSeen, conversationIds} if this call claimed the user, else false
const CLAIM = `
local cutoff = tonumber(ARGV[1]) - tonumber(ARGV[2])
local expired = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', cutoff, 'WITHSCORES')
if #expired == 0 then return false end
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', cutoff)
if redis.call('ZCARD', KEYS[1]) > 0 then return false end
local last = 0
for i = 2, #expired, 2 do last = math.max(last, tonumber(expired[i])) end
local convs = redis.call('SMEMBERS', KEYS[2])
redis.call('DEL', KEYS[2])
return {tostring(last), convs}`;

// KEYS: conns, convs; ARGV: conversationId, keyTtl. Adds only for a user with connections.
const RECORD = `
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
redis.call('SADD', KEYS[2], ARGV[1])
redis.call('PEXPIRE', KEYS[2], ARGV[2])
return 1`;

// KEYS: index; ARGV: userId, cutoff. A user who connected again meanwhile keeps their newer score.
const UNINDEX = `
local score = redis.call('ZSCORE', KEYS[1], ARGV[1])
if score and tonumber(score) <= tonumber(ARGV[2]) then redis.call('ZREM', KEYS[1], ARGV[1]) end
return 0`;

// Registered with ioredis' defineCommand: sent as EVALSHA (the script text only once per
// connection, on NOSCRIPT), so a heartbeat round writes ≈ 100 bytes per connection, not ≈ 400,
// and Redis hashes no script text per call.
const SCRIPTS = {
  presenceConnect: { lua: CONNECT, numberOfKeys: 2 },
  presenceHeartbeat: { lua: HEARTBEAT, numberOfKeys: 1 },
  presenceDisconnect: { lua: DISCONNECT, numberOfKeys: 2 },
  presenceClaim: { lua: CLAIM, numberOfKeys: 2 },
  presenceRecord: { lua: RECORD, numberOfKeys: 2 },
  presenceUnindex: { lua: UNINDEX, numberOfKeys: 1 },
} as const;
type Script = keyof typeof SCRIPTS;
type ScriptArg = string | number;

/** Calls a defined script on a client (a promise of its reply) or queues it on a pipeline. */
function script(target: RedisClient, name: Script, ...args: ScriptArg[]): Promise<unknown>;
function script(target: ChainableCommander, name: Script, ...args: ScriptArg[]): ChainableCommander;
function script(target: RedisClient | ChainableCommander, name: Script, ...args: ScriptArg[]): unknown {
  return (target as unknown as Record<Script, (...a: ScriptArg[]) => unknown>)[name](...args);
}

type Call = (p: ChainableCommander) => unknown;

/**
 * The replies of `calls`, run as one pipeline with `hints` after them (`pipelined`); a failed or
 * missing reply of `calls` fails them all, the hints' replies (index updates) are not looked at.
 */
async function pipelinedValues(redis: RedisClient, calls: Call[], hints: Call[] = []): Promise<unknown[]> {
  const replies = await pipelined(redis, [...calls, ...hints]).catch(rethrowRedisError);
  return calls.map((_, i) => {
    const [error, value] = replies[i] ?? [new Error('no reply'), null];
    if (error) throw mapRedisError(error);
    return value;
  });
}

export interface RedisPresenceOptions {
  ttlMs: number;
  prefix?: string;
  now?: () => number;
}

export class RedisPresenceStore implements PresenceStore {
  private readonly ttlMs: number;
  private readonly prefix: string;
  private readonly now: () => number;
  // Keys outlive the TTL so a sweep can still claim a crashed node's users; this only bounds garbage.
  private readonly keyTtlMs: number;

  constructor(
    private readonly redis: RedisClient,
    options: RedisPresenceOptions,
  ) {
    this.ttlMs = options.ttlMs;
    this.prefix = options.prefix ?? '';
    this.now = options.now ?? Date.now;
    this.keyTtlMs = Math.max(options.ttlMs * 20, 10 * 60_000);
    for (const [name, definition] of Object.entries(SCRIPTS)) redis.defineCommand(name, definition);
    ignoreReconnectErrors(redis);
  }

  static connect(url: string, options: RedisPresenceOptions): RedisPresenceStore {
    return new RedisPresenceStore(createRedisClient(url, { maxRetriesPerRequest: 2, connectionName: 'presence', enableAutoPipelining: true }), options);
  }

  async connect(c: PresenceConnection, conversationIds: string[]): Promise<{ cameOnline: boolean }> {
    const now = this.now();
    const [conns, convs] = [this.key(c.userId, 'conns'), this.key(c.userId, 'convs')];
    // Straight on the auto-pipelining client, not a pipeline of its own: the connects of a loop
    // turn then share one write and one ioredis Pipeline, which is fewer objects held across the
    // round trip in a connect burst (docs/performance.md, "Memory per idle connection, measured
    // again"). On a cluster each command still goes to its own key's slot.
    const [before] = await Promise.all([
      script(this.redis, 'presenceConnect', conns, convs, c.connectionId, now, this.ttlMs, this.keyTtlMs, ...conversationIds) as Promise<number>,
      this.redis.zadd(this.index(), 'GT', now, c.userId),
    ]).catch(rethrowRedisError);
    return { cameOnline: before === 0 };
  }

  async heartbeat(connections: PresenceConnection[]): Promise<{ missing: PresenceConnection[] }> {
    if (connections.length === 0) return { missing: [] };
    const now = this.now();
    const refreshed = await pipelinedValues(
      this.redis,
      connections.map(
        (c) => (p: ChainableCommander) => script(p, 'presenceHeartbeat', this.key(c.userId, 'conns'), c.connectionId, now, this.ttlMs, this.keyTtlMs),
      ),
      [...new Set(connections.map((c) => c.userId))].map((userId) => (p: ChainableCommander) => p.zadd(this.index(), 'GT', now, userId)),
    );
    const missing = connections.filter((_, i) => refreshed[i] !== 1);
    return { missing };
  }

  async disconnect(c: PresenceConnection): Promise<{ wentOffline: boolean; lastSeenAt: Date }> {
    const now = this.now();
    const last = (await script(
      this.redis,
      'presenceDisconnect',
      this.key(c.userId, 'conns'),
      this.key(c.userId, 'convs'),
      c.connectionId,
      now,
      this.ttlMs,
    ).catch(rethrowRedisError)) as number;
    if (last === 1) await script(this.redis, 'presenceUnindex', this.index(), c.userId, now).catch(rethrowRedisError);
    return { wentOffline: last === 1, lastSeenAt: new Date(now) };
  }

  async isOnline(userId: string): Promise<boolean> {
    return (await this.redis.zcount(this.key(userId, 'conns'), `(${this.now() - this.ttlMs}`, '+inf').catch(rethrowRedisError)) > 0;
  }

  async online(userIds: string[]): Promise<{ userId: string; conversationIds: string[] }[]> {
    const ids = [...new Set(userIds)];
    if (ids.length === 0) return [];
    const cutoff = `(${this.now() - this.ttlMs}`;
    const calls = ids.flatMap((id) => [
      (p: ChainableCommander) => p.zcount(this.key(id, 'conns'), cutoff, '+inf'),
      (p: ChainableCommander) => p.smembers(this.key(id, 'convs')),
    ]);
    const replies = await pipelinedValues(this.redis, calls);
    return ids.flatMap((userId, i) => ((replies[2 * i] as number) > 0 ? [{ userId, conversationIds: replies[2 * i + 1] as string[] }] : []));
  }

  async recordMembership(userId: string, conversationId: string, member: boolean): Promise<void> {
    const convs = this.key(userId, 'convs');
    // Only while the user is connected (the set goes with their last connection).
    if (member) await script(this.redis, 'presenceRecord', this.key(userId, 'conns'), convs, conversationId, this.keyTtlMs).catch(rethrowRedisError);
    else await this.redis.srem(convs, conversationId).catch(rethrowRedisError);
  }

  async sweep(limit = 100): Promise<OfflineUser[]> {
    const now = this.now();
    const candidates = await this.redis.zrangebyscore(this.index(), '-inf', now - this.ttlMs, 'LIMIT', 0, limit).catch(rethrowRedisError);
    const offline: OfflineUser[] = [];
    for (const userId of candidates) {
      const claimed = (await script(this.redis, 'presenceClaim', this.key(userId, 'conns'), this.key(userId, 'convs'), now, this.ttlMs).catch(
        rethrowRedisError,
      )) as [string, string[]] | null;
      await script(this.redis, 'presenceUnindex', this.index(), userId, now - this.ttlMs).catch(rethrowRedisError);
      if (claimed) offline.push({ userId, lastSeenAt: new Date(Number(claimed[0])), conversationIds: claimed[1] });
    }
    return offline;
  }

  async close(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }

  private key(userId: string, what: 'conns' | 'convs'): string {
    return `${this.prefix}presence:{${userId}}:${what}`;
  }

  private index(): string {
    return `${this.prefix}presence:users`;
  }
}
