import { dependencyUnavailable, isNetworkError } from '../unavailable.js';

// ioredis' own errors for a command that could not reach a server: retries used up while
// reconnecting, the connection closed under the command, no offline queue to wait in, or (a
// Cluster's auto-pipelined command) no seed node reachable to learn the slots from.
const UNAVAILABLE_NAMES = new Set(['MaxRetriesPerRequestError']);
const UNAVAILABLE_MESSAGES = ['Connection is closed', "Stream isn't writeable", 'None of startup nodes is available'];
// Replies of a server that is up but cannot serve yet (loading its data, a failover, a busy script).
const UNAVAILABLE_REPLIES = /^(LOADING|BUSY|MASTERDOWN|TRYAGAIN|CLUSTERDOWN)\b/;

/** True for a Redis failure the caller may retry once the server is back. */
export function isRedisUnavailable(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  if (isNetworkError(error) || UNAVAILABLE_NAMES.has(error.name)) return true;
  return UNAVAILABLE_MESSAGES.some((m) => error.message.startsWith(m)) || UNAVAILABLE_REPLIES.test(error.message);
}

/** Every Redis adapter's errors pass through here: an unreachable Redis is `dependency_unavailable`. */
export function mapRedisError(error: unknown): unknown {
  return isRedisUnavailable(error) ? dependencyUnavailable('Redis', error) : error;
}

/** For `.catch()` on an ioredis call. */
export function rethrowRedisError(error: unknown): never {
  throw mapRedisError(error);
}

/**
 * ioredis emits `error` for every failed reconnect attempt and prints "Unhandled error event" to
 * stderr without a listener, once per attempt for as long as Redis is down. The outage already shows
 * where it matters (commands fail as dependency_unavailable, the gateway's /healthz turns 503), so
 * the adapters listen and drop these events.
 */
export function ignoreReconnectErrors(redis: { on(event: 'error', listener: (error: unknown) => void): unknown }): void {
  redis.on('error', () => undefined);
}
