import type { AuthDeps } from './auth-deps.js';

// Access tokens of a revoked session stay cryptographically valid until they expire; this
// short-lived mark lets every function and gateway refuse them without a database call.
const key = (sessionId: string) => `session-revoked:${sessionId}`;

export async function markSessionRevoked(deps: Pick<AuthDeps, 'kv' | 'policy'>, sessionId: string): Promise<void> {
  await deps.kv.set(key(sessionId), '1', { ttlMs: (deps.policy.accessTokenTtlSeconds + 60) * 1000 });
}

export async function isSessionMarkedRevoked(deps: Pick<AuthDeps, 'kv'>, sessionId: string): Promise<boolean> {
  return (await deps.kv.get(key(sessionId))) !== undefined;
}
