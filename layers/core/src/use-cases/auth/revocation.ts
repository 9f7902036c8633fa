import { revocationsChannel } from '../../ports/realtime-bus.js';
import type { AuthDeps } from './auth-deps.js';

// Access tokens of a revoked session stay cryptographically valid until they expire; this
// short-lived mark lets every function and gateway refuse them without a database call.
const key = (sessionId: string) => `session-revoked:${sessionId}`;

/**
 * Marks a revoked session (the session store has revoked it already), then announces it so the
 * gateway nodes close its open sockets (4101) instead of serving them until their tokens expire.
 * The mark goes first: a socket opening meanwhile is refused by it, one already open by the event.
 */
export async function markSessionRevoked(deps: Pick<AuthDeps, 'kv' | 'policy' | 'publish'>, sessionId: string): Promise<void> {
  await deps.kv.set(key(sessionId), '1', { ttlMs: (deps.policy.accessTokenTtlSeconds + 60) * 1000 });
  await deps.publish(revocationsChannel, { type: 'session.revoked', sessionId });
}

export async function isSessionMarkedRevoked(deps: Pick<AuthDeps, 'kv'>, sessionId: string): Promise<boolean> {
  return (await deps.kv.get(key(sessionId))) !== undefined;
}
