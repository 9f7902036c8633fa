import { revocationsChannel } from '@chat/core/ports/realtime-bus';
import { isSessionMarkedRevoked } from '@chat/core/use-cases/auth/revocation';
import type { GatewayContext } from './context.js';
import { CloseCode } from './protocol.js';

/**
 * Session ids revoked in the last `ttlMs`, at most `maxEntries` of them. Every entry lives equally
 * long, so insertion order is expiry order and pruning only ever looks at the oldest entries.
 */
export class RecentRevocations {
  private readonly expiries = new Map<string, number>();

  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries: number,
    private readonly now: () => number = Date.now,
  ) {}

  get size(): number {
    return this.expiries.size;
  }

  add(sessionId: string): void {
    const now = this.now();
    // Re-inserting moves the id to the young end, keeping the order by expiry.
    this.expiries.delete(sessionId);
    this.expiries.set(sessionId, now + this.ttlMs);
    this.prune(now);
  }

  has(sessionId: string): boolean {
    const expiry = this.expiries.get(sessionId);
    if (expiry === undefined) return false;
    if (expiry > this.now()) return true;
    this.expiries.delete(sessionId);
    return false;
  }

  private prune(now: number): void {
    for (const [id, expiry] of this.expiries) {
      if (expiry > now && this.expiries.size <= this.maxEntries) break;
      this.expiries.delete(id);
    }
  }
}

/**
 * Ends the live sockets of revoked sessions (logout, refresh-token reuse) with 4101. Without this a
 * socket opened before the logout kept receiving until its token expired: tokens are only checked
 * on connect.
 *
 * The revocation mark in the key-value store stays the check on connect. The memory here closes
 * the gap of a socket that passed that check just before the mark was set and registered just
 * after the event went by; the session checks it between authenticating and registering.
 */
export async function listenForRevocations(ctx: GatewayContext): Promise<() => Promise<void>> {
  const close = (sessionId: string) => {
    for (const conn of ctx.hub.sessionConnections(sessionId)) conn.close(CloseCode.tokenExpired, 'session_revoked');
  };
  await ctx.bus.subscribe(revocationsChannel, (event) => {
    if (event.type !== 'session.revoked') return;
    ctx.revoked.add(event.sessionId);
    close(event.sessionId);
  });
  // Events published while the bus was reconnecting are lost (at-most-once): ask the marks instead.
  ctx.bus.onResubscribed?.(() => void recheckSessions(ctx, close));
  return () => ctx.bus.unsubscribe(revocationsChannel);
}

async function recheckSessions(ctx: GatewayContext, close: (sessionId: string) => void): Promise<void> {
  const sessionIds = new Set([...ctx.hub.connections()].map((c) => c.sessionId));
  for (const sessionId of sessionIds) {
    try {
      if (await isSessionMarkedRevoked(ctx.auth, sessionId)) close(sessionId);
    } catch (err) {
      ctx.log.warn({ err, sessionId }, 'checking a session for revocation failed');
    }
  }
}
