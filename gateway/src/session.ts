import { randomUUID } from 'node:crypto';
import { handleClientFrame } from './actions.js';
import { authCloseCode, authenticate } from './auth.js';
import { Connection } from './connection.js';
import type { GatewayContext } from './context.js';
import { CloseCode, parseClientFrame } from './protocol.js';
import type { AcceptedTransport } from './transport.js';

export interface SessionHooks {
  /** The client showed it is alive (a frame or a pong). */
  touch(): void;
  closed(): void;
}

const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * One socket from upgrade to close: authenticate (41xx before `ready` on failure), load the user's
 * conversations and subscribe, send `ready`, then handle client frames until the socket closes or
 * the token expires or the session is revoked (4101, revocations.ts).
 */
export function openSession(ctx: GatewayContext, transport: AcceptedTransport, token: string | undefined, hooks: SessionHooks): void {
  const early: string[] = [];
  let conn: Connection | undefined;
  let closed = false;
  let expiry: NodeJS.Timeout | undefined;

  transport.attach({
    onMessage(text) {
      hooks.touch();
      if (conn?.ready) void handleClientFrame(ctx, conn, text);
      else if (early.length < ctx.limits.maxFramesBeforeReady) early.push(text);
      else transport.close(CloseCode.protocolViolation, 'too many frames before ready');
    },
    onPong: () => hooks.touch(),
    onClose() {
      closed = true;
      clearTimeout(expiry);
      if (conn) {
        const conversationIds = conn.conversationIds();
        // Read before unregistering: that disposes the connection, and a closed one is not ready.
        const announced = conn.ready;
        ctx.hub.unregister(conn);
        if (announced) void ctx.presence.disconnected(conn, conversationIds);
      }
      hooks.closed();
    },
  });

  void (async () => {
    if (!token) return transport.close(CloseCode.authFailed, 'missing token');
    let claims;
    try {
      claims = await authenticate(ctx.auth, token);
    } catch (error) {
      const { code, reason } = authCloseCode(error);
      if (code === CloseCode.unavailable) ctx.log.error({ err: error }, 'authentication unavailable');
      return transport.close(code, reason);
    }
    if (closed) return;
    // Revoked after the mark was read above: the event went by before this socket was registered.
    // Nothing awaits between here and `hub.register`, so a later event finds the connection there.
    if (ctx.revoked.has(claims.sessionId)) return transport.close(CloseCode.tokenExpired, 'session_revoked');
    const c = new Connection(randomUUID(), { userId: claims.userId, accessToken: token }, claims.sessionId, transport, ctx);
    conn = c;
    expiry = setTimeout(() => c.close(CloseCode.tokenExpired, 'token_expired'), Math.min(MAX_TIMER_MS, Math.max(0, claims.expiresAt.getTime() - Date.now())));
    try {
      await load(ctx, c);
    } catch (error) {
      ctx.log.error({ err: error, userId: c.userId }, 'loading the connection failed');
      return transport.close(CloseCode.unavailable, 'unavailable');
    }
    if (closed || !transport.isOpen()) return;
    c.markReady(earlyResumePositions(early));
    void ctx.presence.connected(c);
    for (const text of early.splice(0)) void handleClientFrame(ctx, c, text);
  })();
}

/** Subscribes the user's channels and starts each conversation at its newest seq (new messages only). */
async function load(ctx: GatewayContext, conn: Connection): Promise<void> {
  await ctx.hub.register(conn);
  // A channel subscribed after this point (epoch above readEpoch) may have missed messages sent
  // between the read below and its subscription: those are looked at again (FreshChecks).
  const readEpoch = ctx.hub.subscriptionEpoch;
  const memberships = (await ctx.chat.memberships(conn.caller)).filter((m) => !conn.removedWhileLoading(m.conversationId));
  const joined = await Promise.all(memberships.map(async (m) => ({ ...m, epoch: (await ctx.hub.join(conn, m.conversationId, m.lastSeq))?.epoch ?? 0 })));
  await Promise.all(
    joined
      .filter((m) => m.epoch > readEpoch)
      .map(async (m) => {
        if (((await ctx.freshChecks.latest(conn.caller, m.conversationId, m.epoch)) ?? 0) > m.lastSeq) void conn.stream(m.conversationId)?.catchUp();
      }),
  );
}

/** Positions of `resume` frames that arrived before `ready`: those conversations restart there. */
function earlyResumePositions(early: string[]): Map<string, number> {
  const positions = new Map<string, number>();
  for (const text of early) {
    const parsed = parseClientFrame(text);
    if (!parsed.ok || parsed.frame.type !== 'resume') continue;
    for (const [id, seq] of Object.entries(parsed.frame.positions)) positions.set(id, Math.min(seq, positions.get(id) ?? seq));
  }
  return positions;
}
