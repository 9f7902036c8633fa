import { NotFoundError, RateLimitedError } from '@chat/core/domain/errors';
import { conversationChannel } from '@chat/core/ports/realtime-bus';
import type { Connection } from './connection.js';
import type { GatewayContext } from './context.js';
import { frameError, isTokenFailure } from './frame-errors.js';
import { CloseCode, parseClientFrame, type ClientFrame } from './protocol.js';
import { resume } from './resume.js';

/** Handles one text frame from a ready connection. Never throws: failures become `error` frames. */
export async function handleClientFrame(ctx: GatewayContext, conn: Connection, text: string): Promise<void> {
  // Frames queued before `ready` are replayed in one go: after one of them closed the connection
  // (a protocol violation) the rest must not be acted on either.
  if (!conn.transport.isOpen()) return;
  const parsed = parseClientFrame(text);
  ctx.metrics.frameIn(parsed.ok ? parsed.frame.type : 'invalid');
  if (!parsed.ok) {
    if (parsed.fatal) conn.close(CloseCode.protocolViolation, parsed.reason);
    else conn.send({ type: 'error', ref: parsed.ref, error: parsed.error });
    return;
  }
  const frame = parsed.frame;
  if (!conn.frames.take()) {
    const limited = new RateLimitedError(conn.frames.secondsUntilNext(), 'Too many frames; slow down');
    conn.send({ type: 'error', ref: frame.ref, error: frameError(limited, ctx.log, { frame: frame.type, connectionId: conn.id }) });
    return;
  }
  try {
    // Sends and read markers keep the client's order (two sends get seqs in the order they were sent).
    if (frame.type === 'message.send' || frame.type === 'read') await conn.inOrder(() => act(ctx, conn, frame));
    else await act(ctx, conn, frame);
  } catch (error) {
    // The reason is the error code (`token_expired`, `session_revoked`), as on every 4101.
    if (isTokenFailure(error)) conn.close(CloseCode.tokenExpired, error.code);
    else conn.send({ type: 'error', ref: frame.ref, error: frameError(error, ctx.log, { frame: frame.type, connectionId: conn.id }) });
  }
}

async function act(ctx: GatewayContext, conn: Connection, frame: ClientFrame): Promise<void> {
  switch (frame.type) {
    case 'ping':
      conn.send({ type: 'pong', ref: frame.ref });
      return;
    case 'message.send': {
      const { type: _type, ref, ...input } = frame;
      const { message } = await ctx.chat.sendMessage(conn.caller, input);
      conn.send({ type: 'ack', ref, message });
      return;
    }
    case 'read':
      // The chat service publishes the `read` event to the members and the reader's other devices.
      await ctx.chat.markRead(conn.caller, { conversationId: frame.conversationId, seq: frame.seq });
      return;
    case 'typing':
      requireMember(conn, frame.conversationId);
      // Typing is relayed, never stored.
      await ctx.bus.publish(conversationChannel(frame.conversationId), {
        type: 'typing',
        conversationId: frame.conversationId,
        userId: conn.userId,
        state: frame.state,
      });
      return;
    case 'presence.query':
      await ctx.presence.query(conn, frame.userIds);
      return;
    case 'resume':
      await resume(ctx, conn, frame.positions, frame.ref);
      return;
    case 'call.signal':
      // The chat side checks that both are participants of the live call and publishes it on the
      // addressee's user channel; anyone else gets `not_found`. Nothing acknowledges a relayed signal.
      await ctx.chat.relaySignal(conn.caller, { callId: frame.callId, toUserId: frame.toUserId, data: frame.data });
      return;
  }
}

function requireMember(conn: Connection, conversationId: string): void {
  // Like the chat service: a conversation you are not in does not exist for you.
  if (!conn.hasConversation(conversationId)) throw new NotFoundError('Conversation');
}
